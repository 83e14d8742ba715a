"""Editor-promoted results (Wagtail's search promotions) in a response.

Queries are stored under the normalised key (search/promotions.py keeps
saved ``Query`` rows in that form); this module only reads them.
"""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from ..freshness import DerivedCache
from ..synonyms import normalise
from .results import load_pages, serialize
from .visibility import visible_articles


def _build_promoted_queries():
    return frozenset(
        SearchPromotion.objects.exclude(page=None).values_list(
            "query__query_string", flat=True
        )
    )


_promoted_queries = DerivedCache(_build_promoted_queries)


def promoted_pages(query):
    """Editor-promoted, visible articles for the normalised query, in order."""
    if not query:
        return []
    key = normalise(query)
    lowered = query.strip().lower()
    promoted = _promoted_queries.get()
    if key not in promoted and lowered not in promoted:
        return []  # the usual case: no database query at all
    found = Query.objects.filter(query_string=key).first()
    if found is None and key != lowered:
        found = Query.objects.filter(query_string=lowered).first()
    if found is None:
        return []
    ids = list(
        found.editors_picks.order_by("sort_order").values_list("page_id", flat=True)
    )
    return load_pages([pk for pk in ids if pk])


def filter_by_tags(queryset, tags):
    for slug in tags:
        queryset = queryset.filter(tags__slug=slug)
    return queryset


def apply_promotions(response, tags=()):
    """Put promoted pages first on the first page of results."""
    if response.page != 1 or not response.query:
        return
    promoted = promoted_pages(response.query)
    if tags:
        # A promotion must still satisfy the visitor's tag filters.
        allowed = set(
            filter_by_tags(visible_articles(), tags)
            .filter(pk__in=[p.pk for p in promoted])
            .values_list("pk", flat=True)
        )
        promoted = [p for p in promoted if p.pk in allowed]
    if not promoted:
        return
    promoted_ids = {page.pk for page in promoted}
    organic = [item for item in response.results if item["id"] not in promoted_ids]
    promoted_items = [serialize(page, promoted=True) for page in promoted]
    response.results = (promoted_items + organic)[: response.page_size]
    response.total = max(response.total, len(response.results))
