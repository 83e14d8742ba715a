"""What a visitor may see, for every surface that talks to a search backend.

The rule itself is ``HealthArticlePage.objects.visible()`` (live, and not in
or under a page with a view restriction). This module is its only
translation for search: the queryset (:func:`visible_articles`), the ids it
leaves out (:func:`hidden_article_ids`, cached until content changes: see
search/freshness.py), and the engine filter (:func:`engine_filter`) that
search, autocomplete, more-like-this and the index-health counts all use.
Results never rely on the engine filter alone: every page shown is checked
against the rule in the database (:func:`search.query.results.load_pages`).
"""

from health_articles.models import HealthArticlePage

from ..freshness import DerivedCache

CONTENT_TYPE = "health_articles.HealthArticlePage"


def visible_articles():
    """The articles visitors may see (the one rule, as a queryset)."""
    return HealthArticlePage.objects.visible()


def _build_hidden_ids():
    hidden = HealthArticlePage.objects.live().exclude(
        pk__in=visible_articles().values("pk")
    )
    return tuple(sorted(hidden.values_list("pk", flat=True)))


_hidden_ids = DerivedCache(_build_hidden_ids)


def hidden_article_ids():
    """Live articles the rule hides (restricted, or under a restricted page)."""
    return list(_hidden_ids.get())


def searchable_articles():
    """The rule in the form Wagtail's database ``search()`` can translate
    (it cannot filter on a subquery): live, minus the hidden ids."""
    queryset = HealthArticlePage.objects.live()
    hidden = hidden_article_ids()
    return queryset.exclude(pk__in=hidden) if hidden else queryset


def live_documents_filter(fields):
    """Live article documents, hidden or not: the engine half of the rule
    (index health counts these against the database's live articles)."""
    return [
        {"term": {"_django_content_type": CONTENT_TYPE}},
        {"term": {fields["live"]: True}},
    ]


def engine_filter(fields, tags=(), exclude=()):
    """The rule as engine query clauses: ``{"filter": [...], "must_not": [...]}``.

    ``fields`` are the engine's column names (search.query.engine.es_fields);
    ``tags`` adds one term filter per tag slug; ``exclude`` more ids to leave out.
    """
    filters = live_documents_filter(fields)
    for slug in tags:
        filters.append({"term": {fields["tag_slugs"]: slug}})
    hidden = {str(pk) for pk in hidden_article_ids()} | {str(pk) for pk in exclude}
    must_not = [{"ids": {"values": sorted(hidden)}}] if hidden else []
    return {"filter": filters, "must_not": must_not}


def visible_ids(ids):
    """The subset of ``ids`` visitors may see (one query)."""
    if not ids:
        return set()
    return set(visible_articles().filter(pk__in=ids).values_list("pk", flat=True))
