"""Per-process caches of derived search data that stay fresh across processes.

The synonym map, the did-you-mean vocabulary, the ids of restricted articles
and the set of promoted queries are built from the database. Rebuilding them
on a timer cost up to a second per rebuild at 20,000 articles, on whichever
request came next. Instead each cache keeps its value until the *content
fingerprint* changes, read with one cheap query at most every
``CHECK_SECONDS`` per process. A change saved in another process is therefore
seen within seconds, and an idle site never rebuilds anything. Changes made in
this process invalidate at once (signals, the outbox delivery and the admin
views call :func:`content_changed` or :func:`recheck`).

The fingerprint covers everything that changes what a visitor may see: live
articles (count, latest publish, highest id), view restrictions (count,
highest id), Wagtail's page log (every move, publish, unpublish, delete,
restriction edit and rename through Wagtail writes a row), synonym rules,
promotions, tags, urgent-help entries and their per-site numbers. Only raw
SQL edits escape it; values are still rebuilt when they reach
``MAX_AGE_SECONDS``.

The related-reading lists live in Django's cache under a generation number
that :func:`content_changed` moves on.
"""

import threading
import time

from django.core.cache import cache
from django.db.models import Count, Max
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import PageLogEntry, PageViewRestriction

from health_articles.models import HealthArticlePage

from .models import Synonym, UrgentHelpEntry, UrgentHelpSettings

CHECK_SECONDS = 5.0
MAX_AGE_SECONDS = 600.0

_state = {"checked": None, "fingerprint": None}
_state_lock = threading.Lock()
_EMPTY = object()


def _compute():
    articles = HealthArticlePage.objects.live().aggregate(
        n=Count("pk"), latest=Max("last_published_at"), top=Max("pk")
    )
    rules = Synonym.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    restrictions = PageViewRestriction.objects.aggregate(n=Count("pk"), top=Max("pk"))
    promotions = SearchPromotion.objects.aggregate(n=Count("pk"), top=Max("pk"))
    log = PageLogEntry.objects.aggregate(top=Max("pk"))
    tags = Tag.objects.aggregate(n=Count("pk"), top=Max("pk"))
    urgent = UrgentHelpEntry.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    numbers = UrgentHelpSettings.objects.aggregate(
        n=Count("pk"), latest=Max("updated_at")
    )
    return (
        tuple(articles.values()),
        tuple(rules.values()),
        tuple(restrictions.values()),
        tuple(promotions.values()),
        tuple(log.values()),
        tuple(tags.values()),
        tuple(urgent.values()) + tuple(numbers.values()),
    )


def fingerprint():
    """The current content fingerprint (re-read at most every CHECK_SECONDS)."""
    now = time.monotonic()
    checked = _state["checked"]
    if checked is None or now - checked >= CHECK_SECONDS:
        with _state_lock:
            if _state["checked"] is None or now - _state["checked"] >= CHECK_SECONDS:
                _state["fingerprint"] = _compute()
                _state["checked"] = time.monotonic()
    return _state["fingerprint"]


def urgent_help_fingerprint():
    """The part of the fingerprint urgent-help answers depend on: the
    entries, the per-site numbers and the live articles they may link to."""
    current = fingerprint()
    return (current[0], current[6])


def live_articles():
    """How many live articles there are (from the fingerprint)."""
    return fingerprint()[0][0] or 0


def recheck():
    """Read the fingerprint again on the next use (after a change here)."""
    _state["checked"] = None


_all_caches = []


def reset():
    """Forget the fingerprint and every cached value (tests, after a flush)."""
    for derived in list(_all_caches):
        derived.invalidate()
    recheck()


def content_changed():
    """Published content changed in this process: rebuild every derived value
    on next use and start a new generation of related-reading lists."""
    reset()
    try:
        cache.incr(RELATED_GENERATION_KEY)
    except ValueError:
        cache.set(RELATED_GENERATION_KEY, 2, None)


RELATED_GENERATION_KEY = "search:related:generation"


def related_generation():
    value = cache.get(RELATED_GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(RELATED_GENERATION_KEY, value, None)
    return value


class DerivedCache:
    """One value built by ``build()``, rebuilt when the content changes."""

    def __init__(self, build, max_age=MAX_AGE_SECONDS):
        _all_caches.append(self)
        self._build = build
        self.max_age = max_age
        self._value = _EMPTY
        self._fingerprint = None
        self._built_at = 0.0
        self._lock = threading.Lock()

    def get(self):
        current = fingerprint()
        if self._fresh(current):
            return self._value
        if self._fingerprint == current and self._value is not _EMPTY:
            # Aged out with the content unchanged (max_age is a safety net):
            # while one thread rebuilds, the others keep the value, which is
            # as current as the content. A rebuild at 20,000 articles (the
            # vocabulary reads every body) stalled every request of the
            # process for seconds.
            if not self._lock.acquire(blocking=False):
                return self._value
            try:
                return self._rebuild(current)
            finally:
                self._lock.release()
        with self._lock:  # one thread builds, the others wait for it
            return self._rebuild(current)

    def _rebuild(self, current):
        """Build unless another thread did meanwhile (the lock is held)."""
        if not self._fresh(current):
            value = self._build()
            self._value = value
            self._fingerprint = current
            self._built_at = time.monotonic()
            self.on_rebuild()
        return self._value

    def _fresh(self, current):
        return (
            self._value is not _EMPTY
            and self._fingerprint == current
            and time.monotonic() - self._built_at < self.max_age
        )

    def on_rebuild(self):
        """Hook for caches with memos of their own."""

    def invalidate(self):
        self._value = _EMPTY
        recheck()
