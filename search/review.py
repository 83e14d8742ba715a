"""Review freshness in search: popular searches whose top results are overdue
for medical review or were never reviewed.

For the most-searched queries of the last ``DAYS`` days (from the analytics'
``SearchQueryDaily`` counts) the search the visitors got is run again and its
first ``TOP_RESULTS`` results checked: an article is *overdue* when its
"next review due" date has passed, *never reviewed* when it has no "last
reviewed" date. Rows are sorted by searches. The answer is cached for a few
minutes under the content fingerprint (search/freshness.py), so the
dashboard panel does not search on every admin page view (and it stops
searching once it has its five rows).
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Sum

from health_articles.models import HealthArticlePage

from . import freshness
from .models import SearchQueryDaily
from .privacy import verbatim_queries
from .query import search_articles

DAYS = 30
TOP_RESULTS = 3
MAX_QUERIES = 100  # popular queries checked
CACHE_SECONDS = 300

OVERDUE = "overdue"
NEVER = "never reviewed"


def review_status(page, today=None):
    """ "overdue", "never reviewed" or None for one article."""
    today = today or datetime.date.today()
    if page.last_reviewed is None:
        return NEVER
    if page.next_review_due is not None and page.next_review_due < today:
        return OVERDUE
    return None


@dataclass
class Row:
    query: str
    searches: int
    articles: list = field(default_factory=list)  # [(page, status, position)]


def popular_queries(days=DAYS, limit=MAX_QUERIES, today=None):
    today = today or datetime.date.today()
    since = today - datetime.timedelta(days=days - 1)
    return list(
        SearchQueryDaily.objects.filter(date__gte=since, date__lte=today)
        .exclude(query="")
        # Editors read only queries the privacy threshold lets them see.
        .filter(query__in=verbatim_queries())
        .values("query")
        .annotate(total=Sum("searches"))
        .filter(total__gt=0)
        .order_by("-total", "query")
        .values_list("query", "total")[:limit]
    )


def _compute(days, limit, today, enough=None):
    rows = []
    for text, searches in popular_queries(days, limit, today):
        if enough and len(rows) >= enough:
            break  # the dashboard needs only its first rows
        result = search_articles(text, page_size=TOP_RESULTS)
        ids = [item["id"] for item in result.results[:TOP_RESULTS]]
        pages = HealthArticlePage.objects.filter(pk__in=ids).only(
            "id", "title", "last_reviewed", "next_review_due"
        )
        by_id = {page.pk: page for page in pages}
        flagged = []
        for position, pk in enumerate(ids, start=1):
            page = by_id.get(pk)
            status = review_status(page, today) if page else None
            if status:
                flagged.append((page, status, position))
        if flagged:
            rows.append(Row(text, searches, flagged))
    return rows


def stale_popular_searches(limit=None, days=DAYS, today=None):
    """Rows for the report (all) or the dashboard panel (``limit``)."""
    today = today or datetime.date.today()
    key = hashlib.sha1(
        repr((freshness.fingerprint(), days, today, MAX_QUERIES, limit)).encode()
    ).hexdigest()
    cache_key = f"search:review:stale:{key}"
    rows = cache.get(cache_key)
    if rows is None:
        rows = _compute(days, MAX_QUERIES, today, enough=limit)
        cache.set(cache_key, rows, CACHE_SECONDS)
    return rows[:limit] if limit else rows
