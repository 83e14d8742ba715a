"""Related reading for an article: editor's picks first, then similar
articles (the engine's more-like-this; on the database, shared tags).

Cached per page under a generation (search/freshness.py) that moves on
whenever the outbox delivers a change, so a publish refreshes every list.
Whatever the cache holds, the pages shown are checked against the rule.
"""

from django.core.cache import cache

from . import freshness
from .query import load_pages, similar_ids

CACHE_SECONDS = 600


def invalidate():
    freshness.content_changed()


def related_articles(page, limit=5, use_cache=True):
    """Related, visible articles for ``page`` (a list of specific pages).

    Previews (``use_cache=False``) and unsaved pages never touch the cache,
    so a draft's choices are never shown to visitors.
    """
    if page.pk is None or not use_cache:
        return load_pages(related_ids(page, limit))
    key = f"search:related:{freshness.related_generation()}:{page.pk}:{limit}"
    ids = cache.get(key)
    if ids is None:
        ids = related_ids(page, limit)
        cache.set(key, ids, CACHE_SECONDS)
    return load_pages(ids)


def related_ids(page, limit):
    ids = [p.pk for p in page.editor_picks()][:limit]
    exclude = set(ids) | ({page.pk} if page.pk else set())
    return ids + similar_ids(page, exclude, limit - len(ids))
