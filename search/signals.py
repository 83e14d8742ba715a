"""Connect content changes to the index outbox.

Wagtail's own index signal handlers are turned off (``AUTO_UPDATE: False`` in
search/conf.py); these handlers replace them for every indexed model, and add
what Wagtail does not do: re-index the articles of a renamed or deleted tag.
"""

from django.core.signals import request_finished
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_slug_changed, post_page_move

from health_articles.models import HealthArticlePage, HealthArticleTag

from . import freshness, outbox
from .models import IndexOutboxEntry
from .promotions import merge_query_post_save, normalise_query_pre_save

# Saves that only touch revision bookkeeping (drafts, autosave every few
# hundred milliseconds in Wagtail 8's editor) change nothing visitors search.
BOOKKEEPING_FIELDS = {
    "draft_title",
    "has_unpublished_changes",
    "latest_revision",
    "latest_revision_created_at",
    "locked",
    "locked_at",
    "locked_by",
}


def on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    outbox.record(instance, IndexOutboxEntry.ACTION_INDEX)
    # What visitors may see can have changed (an unpublish): this process
    # reads the fingerprint again at once, not within CHECK_SECONDS, so the
    # visible-id map (query/visibility.py) never lags a change made here.
    freshness.recheck()


def on_delete(sender, instance, **kwargs):
    outbox.record(instance, IndexOutboxEntry.ACTION_DELETE)
    freshness.recheck()


def tagged_article_ids(tag):
    return list(
        HealthArticleTag.objects.filter(tag=tag).values_list(
            "content_object_id", flat=True
        )
    )


def reindex_articles(ids):
    for pk in set(ids):
        outbox.record_key(HealthArticlePage, pk)


def on_tag_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or created:
        return
    reindex_articles(tagged_article_ids(instance))


def on_tag_pre_delete(sender, instance, **kwargs):
    instance._search_article_ids = tagged_article_ids(instance)


def on_tag_deleted(sender, instance, **kwargs):
    reindex_articles(getattr(instance, "_search_article_ids", []))


def on_tagging_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.content_object_id:
        reindex_articles([instance.content_object_id])


def on_request_finished(sender, **kwargs):
    outbox.retry_in_background()


def on_search_settings_changed(sender, instance=None, raw=False, **kwargs):
    """Restrictions, moves and promotions change what visitors may see or
    what the per-process caches hold: read the fingerprint again now (other
    processes see the change through it within seconds)."""
    if raw:
        return
    freshness.recheck()


def connect():
    for model in index.get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_save.connect(
            on_save, sender=model, dispatch_uid=f"outbox-save-{model._meta.label}"
        )
        post_delete.connect(
            on_delete, sender=model, dispatch_uid=f"outbox-delete-{model._meta.label}"
        )
    post_save.connect(on_tag_saved, sender=Tag, dispatch_uid="outbox-tag-save")
    pre_delete.connect(
        on_tag_pre_delete, sender=Tag, dispatch_uid="outbox-tag-pre-delete"
    )
    post_delete.connect(on_tag_deleted, sender=Tag, dispatch_uid="outbox-tag-delete")
    post_save.connect(
        on_tagging_changed, sender=HealthArticleTag, dispatch_uid="outbox-tagged"
    )
    post_delete.connect(
        on_tagging_changed, sender=HealthArticleTag, dispatch_uid="outbox-untagged"
    )
    request_finished.connect(on_request_finished, dispatch_uid="outbox-retry")
    post_page_move.connect(on_search_settings_changed, dispatch_uid="freshness-moved")
    # A renamed ancestor changes its descendants' URLs (query/visibility.py).
    page_slug_changed.connect(
        on_search_settings_changed, dispatch_uid="freshness-slug-changed"
    )
    # Promotions are stored under the normalised query (search/promotions.py).
    pre_save.connect(
        normalise_query_pre_save,
        sender=Query,
        dispatch_uid="search_normalise_promotion_query",
    )
    post_save.connect(
        merge_query_post_save, sender=Query, dispatch_uid="search_merge_promotion_query"
    )
    for model in (PageViewRestriction, SearchPromotion, Query):
        for signal, kind in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                on_search_settings_changed,
                sender=model,
                dispatch_uid=f"freshness-{kind}-{model._meta.label}",
            )


connect()
