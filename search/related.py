"""Related reading for an article: editor's picks first, then the engine's
more-like-this (database backend: the articles sharing the most tags).

Cached per page; the cache generation moves on whenever the outbox delivers
a change, so a publish refreshes every related list.
"""

import logging

from django.core.cache import cache
from django.db.models import Count, F

logger = logging.getLogger("search")

MAX_RELATED = 10
CACHE_SECONDS = 600
GENERATION_KEY = "search:related:generation"


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, None)
    return value


def invalidate():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def related_articles(page, limit=5):
    """Related, visible articles for ``page`` (a list of specific pages)."""
    from .query import load_pages

    if page.pk is None or getattr(page, "_search_no_cache", False):
        # Previews of unsaved or draft pages: never cache draft choices.
        return load_pages(_related_ids(page, limit))
    key = f"search:related:{generation()}:{page.pk}:{limit}"
    ids = cache.get(key)
    if ids is None:
        ids = _related_ids(page, limit)
        cache.set(key, ids, CACHE_SECONDS)
    return load_pages(ids)


def _related_ids(page, limit):
    from .query import engine_backend, visible_articles

    visible = visible_articles()
    picks = [
        pk
        for pk in page.related_links.order_by("sort_order").values_list(
            "page_id", flat=True
        )
        if pk and pk != page.pk
    ]
    picks = [p.pk for p in _ordered(visible.filter(pk__in=picks), picks)]
    ids = list(dict.fromkeys(picks))[:limit]
    if len(ids) >= limit:
        return ids
    exclude = set(ids) | {page.pk}
    more = None
    engine = engine_backend()
    if engine is not None and not page.pk:
        engine = None
    if engine is not None:
        try:
            more = _more_like_this(engine, page, exclude, limit - len(ids))
        except Exception as exc:  # noqa: BLE001 - fall back to shared tags
            logger.warning("More-like-this failed, using shared tags: %s", exc)
    if more is None:
        more = _shared_tags(page, exclude, limit - len(ids))
    return ids + more


def _ordered(queryset, ids):
    by_id = {p.pk: p for p in queryset}
    return [by_id[pk] for pk in ids if pk in by_id]


def _shared_tags(page, exclude, limit):
    from .query import visible_articles

    tag_ids = list(page.tags.values_list("pk", flat=True))
    if not tag_ids:
        return []
    return list(
        visible_articles()
        .filter(tags__in=tag_ids)
        .exclude(pk__in=exclude)
        .annotate(shared=Count("pk"))
        .order_by("-shared", F("last_reviewed").desc(nulls_last=True), "title")
        .values_list("pk", flat=True)[:limit]
    )


def _more_like_this(backend, page, exclude, limit):
    from .freshness import live_articles
    from .query import CONTENT_TYPE, es_fields, hidden_article_ids

    fields = es_fields(backend)
    index = backend.page_index_name()
    excluded = {str(pk) for pk in exclude} | {str(pk) for pk in hidden_article_ids()}
    body = {
        "query": {
            "bool": {
                "must": [
                    {
                        "more_like_this": {
                            "fields": [
                                fields["title"],
                                fields["aka"],
                                fields["summary"],
                                fields["body"],
                                fields["tag_names"],
                            ],
                            "like": [{"_index": index, "_id": str(page.pk)}],
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            # Words in more than a tenth of the articles say
                            # little about a topic and made the query slow
                            # (about 100 ms to 10 ms at 20,000 articles,
                            # with related lists sharing tags as often).
                            "max_doc_freq": max(500, live_articles() // 10),
                            "max_query_terms": 40,
                            "minimum_should_match": "10%",
                        }
                    }
                ],
                "filter": [
                    {"term": {"_django_content_type": CONTENT_TYPE}},
                    {"term": {fields["live"]: True}},
                ],
                "must_not": [{"ids": {"values": sorted(excluded)}}],
            }
        },
        "size": limit,
        "_source": False,
    }
    result = backend.raw_search(index, body)
    return [int(hit["_id"]) for hit in result["hits"]["hits"]]
