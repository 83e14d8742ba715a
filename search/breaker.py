"""The one rule for "the engine is failing".

Search, autocomplete, related reading, index health, engine detection and the
index outbox all ask the same breaker before they call an engine, and all
report to it. After a failure the breaker is *open*: nobody calls the engine
(search answers from the database at once instead of each request waiting on
a dead or hung engine's timeout). When ``RETRY_SECONDS`` have passed, exactly
one caller is let through as a probe; its success closes the breaker, its
failure opens it again. Breakers are per process and per engine (its URLs).
"""

import logging
import threading
import time

logger = logging.getLogger("search")

RETRY_SECONDS = 10.0
# A probe that neither succeeded nor failed (a thread killed mid-call) frees
# the slot after this long, so the breaker can never stay half-open.
PROBE_SECONDS = 60.0


class Breaker:
    def __init__(self, key, retry_seconds=None):
        self.key = key
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._probe_until = 0.0
        self.failures = 0
        self.last_error = ""

    @property
    def is_open(self):
        return self._open_until > 0.0

    def allow(self):
        """May the caller call the engine now? (A probe, when half-open.)"""
        if not self._open_until:
            return True
        now = time.monotonic()
        with self._lock:
            if not self._open_until:
                return True
            if now < self._open_until or now < self._probe_until:
                return False
            self._probe_until = now + PROBE_SECONDS
            return True

    def succeeded(self):
        if self._open_until:
            with self._lock:
                if self._open_until:
                    logger.warning("Search engine %s answers again", self.label)
                self._open_until = self._probe_until = 0.0
        self.failures = 0

    def failed(self, exc, what="Search"):
        retry = self.retry_seconds if self.retry_seconds is not None else RETRY_SECONDS
        with self._lock:
            first = not self._open_until
            self._open_until = time.monotonic() + retry
            self._probe_until = 0.0
            self.failures += 1
            self.last_error = f"{type(exc).__name__}: {exc}"[:500]
        if first:
            logger.error(
                "%s failed: search engine %s unreachable or failing (%s); "
                "not calling it for %.0f s, search answers from the database",
                what,
                self.label,
                self.last_error,
                retry,
            )

    @property
    def label(self):
        return ",".join(self.key) if isinstance(self.key, tuple) else str(self.key)

    def reset(self):
        with self._lock:
            self._open_until = self._probe_until = 0.0
            self.failures = 0
            self.last_error = ""


_breakers = {}
_registry_lock = threading.Lock()


def for_key(key):
    with _registry_lock:
        if key not in _breakers:
            _breakers[key] = Breaker(key)
        return _breakers[key]


def for_backend(backend):
    """The breaker of a Wagtail search backend (None for the database one)."""
    key = getattr(backend, "breaker_key", None)
    return for_key(key) if key is not None else None


def reset_all():
    """Close every breaker (tests)."""
    with _registry_lock:
        for breaker in _breakers.values():
            breaker.reset()
