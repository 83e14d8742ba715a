"""What a visitor may see, for every surface that talks to a search backend.

The rule itself is ``HealthArticlePage.objects.visible()`` (live, and not in
or under a page with a view restriction). This module is its only
translation for search: the queryset (:func:`visible_articles`), the ids it
leaves out (:func:`hidden_article_ids`, cached until content changes: see
search/freshness.py), and the engine filter (:func:`engine_filter`) that
search, autocomplete, more-like-this and the index-health counts all use.
Results never rely on the engine filter alone (an outbox backlog can leave
the index stale): every engine hit is checked against :func:`visible_urls`,
the visible articles' ids and URLs built from the rule and kept current by
the same fingerprint (a set lookup per hit, no query per request); the
database searcher, and every page of results, check in the database
(``results.load_cards``, ``results.load_pages``).
"""

from wagtail.models import Site

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


def _build_visible_urls():
    # Wagtail's site root paths read once and handed to each page (its own
    # cache attribute), so 20,000 URLs cost one lookup of the sites. A moved
    # or renamed ancestor changes URLs without touching the page's index
    # document; Wagtail logs the move or publish, which moves the fingerprint
    # on and rebuilds this map.
    roots = Site.get_site_root_paths()
    urls = {}
    pages = visible_articles().only("id", "url_path").order_by()
    for page in pages.iterator(chunk_size=2000):
        page._wagtail_cached_site_root_paths = roots
        urls[page.pk] = page.get_url() or page.url_path
    return urls


_visible_urls = DerivedCache(_build_visible_urls)


def visible_urls():
    """{article id: URL} of every article the rule lets visitors see (cached
    until the content fingerprint moves on: search/freshness.py)."""
    return _visible_urls.get()


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
