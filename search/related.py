"""Related reading for an article: editor's picks first, then a blend of
embedding similarity (search/query/semantic.py), shared tags and the
engine's more-like-this (on the database backend: shared tags and
embeddings), fused by weighted reciprocal rank.

The blend's weights were chosen on bench/relevance/related.json (judgments
written for this project; one set, no held-out half), which the judged
relevance bench (``python -m bench.relevance``) scores against
more-like-this (or shared tags) alone in the same run.

Cached per page under a generation (search/freshness.py) that moves on
whenever the outbox delivers a change, so a publish refreshes every list.
Whatever the cache holds, the pages shown are checked against the rule.
"""

from django.core.cache import cache

from health_articles.models import HealthArticlePage

from . import freshness
from .query import load_cards, load_pages, similar_ids
from .query.database import shared_tag_ids
from .query.semantic import similar_to

CACHE_SECONDS = 600
# Reciprocal rank fusion of the three rankings: weight / (RRF_K + rank).
RRF_K = 10
WEIGHTS = {"embedding": 1.0, "tags": 0.25, "more_like_this": 1.0}


def invalidate():
    freshness.content_changed()


def related_articles(page, limit=5, use_cache=True):
    """Related, visible articles for ``page`` (a list of specific pages).

    Previews (``use_cache=False``) and unsaved pages never touch the cache,
    so a draft's choices are never shown to visitors.
    """
    if page.pk is None or not use_cache:
        return load_pages(related_ids(page, limit))
    return load_pages(cached_related_ids(page.pk, limit, lambda: page))


def related_cards(page_id, limit=5):
    """Related reading for the JSON API: result cards (search/query/results.py
    ``load_cards``), no model instances; the article's own page is loaded
    only when the cache has no list for it."""
    return load_cards(cached_related_ids(page_id, limit, lambda: _page(page_id)))


def cached_related_ids(page_id, limit, get_page):
    """The cached list of related ids for a saved page; ``get_page()`` gives
    the page when the list must be worked out. Whatever the ids, the loaders
    (load_pages, load_cards) show only visible articles."""
    key = f"search:related:{freshness.related_generation()}:{page_id}:{limit}"
    ids = cache.get(key)
    if ids is None:
        ids = related_ids(get_page(), limit)
        cache.set(key, ids, CACHE_SECONDS)
    return ids


def _page(page_id):
    # Its id is all the blend reads of it (its tags and picks are queries of
    # their own): not the whole row with the body.
    return HealthArticlePage.objects.only("pk").get(pk=page_id)


def related_ids(page, limit):
    ids = [p.pk for p in page.editor_picks()][:limit]
    exclude = set(ids) | ({page.pk} if page.pk else set())
    return ids + blended_ids(page, exclude, limit - len(ids))


def blended_ids(page, exclude, limit):
    """The blend after the editor's picks: at most ``limit`` ids."""
    if limit <= 0:
        return []
    depth = max(limit * 4, 20)
    # More-like-this on the engine; shared tags on the database backend (or
    # when the engine fails): then the tag ranking is not counted twice.
    similar = similar_ids(page, exclude, depth)
    tags = shared_tag_ids(page, exclude, depth) if page.pk else []
    rankings = {
        "more_like_this": similar if similar != tags else [],
        "tags": tags,
        "embedding": similar_to(page.pk, exclude, depth) if page.pk else [],
    }
    scores = {}
    for name, ranked in rankings.items():
        for rank, pk in enumerate(ranked, start=1):
            scores[pk] = scores.get(pk, 0.0) + WEIGHTS[name] / (RRF_K + rank)
    first_seen = {pk: i for i, pk in enumerate(dict.fromkeys(similar + tags))}
    order = sorted(scores, key=lambda pk: (-scores[pk], first_seen.get(pk, 0)))
    return order[:limit]
