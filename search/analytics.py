"""Search analytics: what visitors searched for (no personal data).

Only the redacted, normalised query text (search/privacy.py), dates and
counts are stored: no IP addresses, user ids, sessions or cookies. Reports
and the CSV show a query word for word only once it was searched on at least
k distinct days; rarer ones are counted in a "rare queries" bucket.
Searches are counted by :func:`record_search` (called by the results page
and the JSON API), clicks on results and on autocomplete items by
:func:`record_click` (the click beacon). Rows older than
the retention period (``SearchAnalyticsSettings``) are removed by
:func:`prune`, run by ``manage.py prune_search_analytics`` and at most once a
day when the analytics dashboard is opened.
"""

import atexit
import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from . import background, privacy
from .models import SearchAnalyticsSettings, SearchQueryDaily
from .popular import record_article_click

logger = logging.getLogger("search")

MAX_QUERY_LENGTH = 255
SOURCE_RESULTS = "results"
SOURCE_AUTOCOMPLETE = "autocomplete"
SOURCES = (SOURCE_RESULTS, SOURCE_AUTOCOMPLETE)


def query_key(query_text):
    """The stored form of a query: redacted and normalised
    (:func:`search.privacy.redact`), at most 255 characters."""
    return privacy.redact((query_text or "")[: MAX_QUERY_LENGTH * 4])[
        :MAX_QUERY_LENGTH
    ].strip()


# Searches are counted in memory and written every few seconds, in one
# transaction, by a background thread: written one by one they cost about
# 8 ms of every search (four statements, two commits) and queued searches
# behind SQLite's single writer. A crash loses at most this many seconds of
# counts. 0 writes each search at once (tests).
def flush_seconds():
    return float(getattr(settings, "SEARCH_ANALYTICS_FLUSH_SECONDS", 2.0))


_pending = {}  # (key, date) -> [searches, zero-result searches]
_pending_lock = threading.Lock()
_flusher = {"thread": None}


def record_search(query_text, total):
    """Count one search for ``query_text`` that found ``total`` results.

    Never raises: analytics must never break a search.
    """
    key = query_key(query_text)
    if not key:
        return
    if flush_seconds() <= 0:
        _write({(key, timezone.localdate()): [1, 0 if total else 1]})
        return
    with _pending_lock:
        counts = _pending.setdefault((key, timezone.localdate()), [0, 0])
        counts[0] += 1
        counts[1] += 0 if total else 1
    _ensure_flusher()


def flush():
    """Write the searches counted in this process so far (also at exit)."""
    with _pending_lock:
        pending = dict(_pending)
        _pending.clear()
    if pending:
        _write(pending)


def _write(pending):
    try:
        with transaction.atomic():
            for (key, date), (searches, zero) in pending.items():
                # Not into Wagtail's Query/QueryDailyHits tables: its "Search
                # terms" report would list every query, however rare; ours
                # applies the privacy threshold (search/privacy.py).
                _increment(key, date=date, searches=searches, zero_result_searches=zero)
    except Exception:  # noqa: BLE001 - analytics must never break a search
        logger.exception("Could not record search analytics")


def _ensure_flusher():
    thread = _flusher["thread"]
    if thread is not None and thread.is_alive():
        return
    with _pending_lock:
        if _flusher["thread"] is not None and _flusher["thread"].is_alive():
            return
        if not _flusher.get("atexit"):
            atexit.register(flush)
            _flusher["atexit"] = True
        _flusher["thread"] = background.start(_flush_loop, name="search-analytics")


def _flush_loop():
    while True:
        time.sleep(max(flush_seconds(), 0.1))
        background.run_unit(flush)


def record_click(query_text, source=SOURCE_RESULTS, article_id=None):
    """Count one click on a result (or an autocomplete item) for a query,
    and one click through to ``article_id`` (popular topics)."""
    if article_id is not None:
        record_article_click(article_id)
    key = query_key(query_text)
    if not key:
        return False
    field = "autocomplete_clicks" if source == SOURCE_AUTOCOMPLETE else "clicks"
    try:
        _increment(key, **{field: 1})
    except Exception:  # noqa: BLE001
        logger.exception("Could not record a search click")
        return False
    return True


def _increment(key, date=None, **counts):

    today = date or timezone.localdate()
    updates = {name: F(name) + value for name, value in counts.items() if value}
    rows = SearchQueryDaily.objects.filter(query=key, date=today)
    if updates and rows.update(**updates):
        return
    try:
        with transaction.atomic():
            SearchQueryDaily.objects.create(query=key, date=today, **counts)
    except IntegrityError:  # created concurrently: add to that row
        if updates:
            rows.update(**updates)


# ---------------------------------------------------------------- reports

PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 30


def period_start(days, today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=days - 1)


def per_query(start, end=None):
    """Totals per query between two dates (inclusive), with click-through:
    only the queries that may be shown verbatim (privacy.verbatim_queries)."""

    end = end or timezone.localdate()
    return (
        SearchQueryDaily.objects.filter(date__gte=start, date__lte=end)
        .filter(query__in=privacy.verbatim_queries())
        .values("query")
        .annotate(
            total_searches=Sum("searches"),
            total_zero=Sum("zero_result_searches"),
            total_clicks=Sum("clicks"),
            total_autocomplete_clicks=Sum("autocomplete_clicks"),
        )
    )


def _rows(queryset, limit):
    rows = []
    for row in queryset[:limit] if limit else queryset:
        searches = row["total_searches"] or 0
        clicks = row["total_clicks"] or 0
        rows.append(
            {
                "query": row["query"],
                "searches": searches,
                "zero_result_searches": row["total_zero"] or 0,
                "searches_with_results": searches - (row["total_zero"] or 0),
                "clicks": clicks,
                "autocomplete_clicks": row["total_autocomplete_clicks"] or 0,
                "click_through": (clicks / searches) if searches else None,
            }
        )
    return rows


def top_queries(start, end=None, limit=20):
    qs = per_query(start, end).filter(total_searches__gt=0)
    return _rows(qs.order_by("-total_searches", "query"), limit)


def zero_result_queries(start, end=None, limit=20):
    qs = per_query(start, end).filter(total_zero__gt=0)
    return _rows(qs.order_by("-total_zero", "-total_searches", "query"), limit)


def no_click_queries(start, end=None, limit=20):
    """Queries that found results but whose results were never clicked."""
    qs = (
        per_query(start, end)
        .filter(total_searches__gt=F("total_zero"))
        .filter(total_clicks=0)
    )
    return _rows(qs.order_by("-total_searches", "query"), limit)


def all_queries(start, end=None):
    return _rows(per_query(start, end).order_by("-total_searches", "query"), None)


def totals(start, end=None):

    end = end or timezone.localdate()
    result = SearchQueryDaily.objects.filter(date__gte=start, date__lte=end).aggregate(
        searches=Sum("searches"),
        zero_result_searches=Sum("zero_result_searches"),
        clicks=Sum("clicks"),
        autocomplete_clicks=Sum("autocomplete_clicks"),
    )
    result = {key: value or 0 for key, value in result.items()}
    result["distinct_queries"] = (
        SearchQueryDaily.objects.filter(date__gte=start, date__lte=end)
        .filter(Q(searches__gt=0))
        .values("query")
        .distinct()
        .count()
    )
    result["rare"] = privacy.rare_bucket(start, end)
    result["min_distinct_days"] = privacy.min_distinct_days()
    searches = result["searches"]
    result["click_through"] = result["clicks"] / searches if searches else None
    result["zero_rate"] = (
        result["zero_result_searches"] / searches if searches else None
    )
    return result


def daily_trend(start, end=None):
    """[{date, searches, zero_result_searches, clicks}] per day, zeros included."""

    end = end or timezone.localdate()
    found = {
        row["date"]: row
        for row in SearchQueryDaily.objects.filter(date__gte=start, date__lte=end)
        .values("date")
        .annotate(
            searches=Sum("searches"),
            zero_result_searches=Sum("zero_result_searches"),
            clicks=Sum("clicks"),
        )
    }
    days = []
    day = start
    while day <= end:
        row = found.get(day, {})
        days.append(
            {
                "date": day,
                "searches": row.get("searches") or 0,
                "zero_result_searches": row.get("zero_result_searches") or 0,
                "clicks": row.get("clicks") or 0,
            }
        )
        day += datetime.timedelta(days=1)
    return days


SERIES = (
    ("searches", "Searches", "#007d7e"),
    ("zero_result_searches", "Zero-result searches", "#cd4444"),
    ("clicks", "Clicks on results", "#2e1f5e"),
)


def trend_chart(days, width=720, height=240, margin=36):
    """Geometry for an inline SVG line chart of ``daily_trend`` (no JavaScript)."""
    top = max([max(d[key] for key, _, _ in SERIES) for d in days] + [1])
    # Four gridlines at a round step (1, 2, 5 x 10^n) so the labels read well.
    step = 1
    while step * 4 < top:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if step * 4 >= top:
                break
    ceiling = step * 4
    plot_w = width - 2 * margin
    plot_h = height - 2 * margin
    step = plot_w / max(1, len(days) - 1)

    def x(i):
        return round(margin + i * step, 1)

    def y(value):
        return round(margin + plot_h - plot_h * value / ceiling, 1)

    series = []
    for key, label, colour in SERIES:
        points = " ".join(f"{x(i)},{y(d[key])}" for i, d in enumerate(days))
        series.append(
            {
                "key": key,
                "label": label,
                "colour": colour,
                "points": points,
                "total": sum(d[key] for d in days),
            }
        )
    gridlines = [
        {"y": y(ceiling * n / 4), "value": int(ceiling * n / 4)} for n in range(5)
    ]
    label_every = max(1, len(days) // 6)
    x_labels = [
        {"x": x(i), "label": d["date"].strftime("%d %b")}
        for i, d in enumerate(days)
        if i % label_every == 0 or i == len(days) - 1
    ]
    return {
        "width": width,
        "height": height,
        "margin": margin,
        "bottom": height - margin,
        "right": width - margin,
        "series": series,
        "gridlines": gridlines,
        "x_labels": x_labels,
        "days": days,
    }


# ---------------------------------------------------------------- retention


def retention_days():

    return SearchAnalyticsSettings.load().retention_days


def prune(days=None, today=None, dry_run=False):
    """Delete analytics older than the retention period.

    Removes our daily rows, Wagtail's daily query hits (search terms report)
    and the queries left with neither hits nor promotions. Returns counts.
    """

    today = today or timezone.localdate()
    days = days if days is not None else retention_days()
    # Keep the last ``days`` days, today included (as the dashboard periods).
    cutoff = today - datetime.timedelta(days=max(1, days) - 1)
    daily = SearchQueryDaily.objects.filter(date__lt=cutoff)
    hits = QueryDailyHits.objects.filter(date__lt=cutoff)
    counts = {"cutoff": cutoff, "daily_rows": daily.count(), "query_hits": hits.count()}
    if dry_run:
        return counts
    with transaction.atomic():
        daily.delete()
        hits.delete()
        Query.objects.filter(
            daily_hits__isnull=True, editors_picks__isnull=True
        ).delete()
        settings = SearchAnalyticsSettings.load()
        settings.last_pruned_on = today
        settings.save(update_fields=["last_pruned_on"])
    return counts


def maybe_prune(today=None):
    """Prune at most once a day (called when the dashboard loads); never raises."""

    today = today or timezone.localdate()
    try:
        if SearchAnalyticsSettings.load().last_pruned_on == today:
            return None
        return prune(today=today)
    except DatabaseError:
        logger.exception("Could not prune search analytics")
        return None
