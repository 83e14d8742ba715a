"""The index outbox: every index change is a database row until delivered.

Recording happens inside the content change's transaction (so a publish can
never succeed while its index update is lost); delivery happens after commit,
in bulk, per backend. Failed deliveries stay queued with exponential backoff
and are retried by later requests, by ``search_outbox --drain`` or by
``search_outbox --worker``.
"""

import logging
import threading
import time
import uuid
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from health_articles.models import HealthArticlePage

from . import background, breaker, freshness, word_starts
from .models import IndexOutboxEntry

logger = logging.getLogger("search")

MAX_BACKOFF_SECONDS = 30
BATCH_SIZE = 500
_state = {"last_error": "", "last_error_at": None, "last_success_at": None}
_drain_lock = threading.Lock()


def backend_names():
    return list(settings.WAGTAILSEARCH_BACKENDS.keys()) or ["default"]


def indexed_instance(instance):
    """The object that is actually indexed for ``instance`` (specific page), or None."""
    try:
        return instance.get_indexed_instance()
    except Exception:  # noqa: BLE001 - a broken specific page must not block saving
        logger.exception("Could not resolve the indexed instance of %r", instance)
        return instance


def record(instance, action=IndexOutboxEntry.ACTION_INDEX, backends=None):
    """Queue an index change for ``instance`` on every backend (in the transaction)."""
    target = indexed_instance(instance)
    if target is None or target.pk is None:
        return
    record_key(type(target), target.pk, action, backends=backends)


def record_key(model, pk, action=IndexOutboxEntry.ACTION_INDEX, backends=None):
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    now = timezone.now()
    for name in backends or backend_names():
        updated = IndexOutboxEntry.objects.filter(
            backend=name, content_type=content_type, object_id=str(pk)
        ).update(
            action=action,
            version=F("version") + 1,
            attempts=0,
            next_attempt_at=now,
        )
        if not updated:
            try:
                with transaction.atomic():
                    IndexOutboxEntry.objects.create(
                        backend=name,
                        content_type=content_type,
                        object_id=str(pk),
                        action=action,
                        next_attempt_at=now,
                    )
            except IntegrityError:
                IndexOutboxEntry.objects.filter(
                    backend=name, content_type=content_type, object_id=str(pk)
                ).update(action=action, version=F("version") + 1, next_attempt_at=now)
    if getattr(settings, "SEARCH_OUTBOX_DELIVER_ON_COMMIT", True):
        schedule_delivery()


_deferred = threading.local()


class deferred_delivery:  # noqa: N801 - used as a context manager
    """Hold on-commit delivery during bulk work (imports), then deliver once.

    Changes are still recorded in each transaction, so nothing is lost if the
    process dies half-way: the next delivery picks them up.
    """

    def __enter__(self):
        _deferred.depth = getattr(_deferred, "depth", 0) + 1
        return self

    def __exit__(self, *exc_info):
        _deferred.depth -= 1
        if _deferred.depth == 0:
            deliver_safely()
        return False


def schedule_delivery():
    """Deliver once the current transaction commits (at once outside one).

    Registering once per change is harmless: the first callback delivers the
    whole backlog and the others find nothing to do.
    """
    if getattr(_deferred, "depth", 0):
        return
    if getattr(settings, "SEARCH_OUTBOX_DELIVER_IN_THREAD", True):
        transaction.on_commit(_deliver_in_thread)
    else:
        transaction.on_commit(deliver_safely)


def _deliver_in_thread():
    """Deliver off the request thread so a slow engine never slows a publish."""
    background.start(deliver_safely, name="search-outbox")


def deliver_safely(**kwargs):
    try:
        return deliver(**kwargs)
    except Exception:  # noqa: BLE001 - delivery must never break the caller
        logger.exception("Index outbox delivery failed")
        return 0


def backoff(attempts):
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, 2 ** max(0, attempts - 1)))


def pending(due_only=True):
    qs = IndexOutboxEntry.objects.all()
    if due_only:
        qs = qs.filter(next_attempt_at__lte=timezone.now())
    return qs


def deliver(limit=None, due_only=True):
    """Send due outbox entries to their backends; returns how many were delivered."""
    if not _drain_lock.acquire(blocking=False):
        return 0
    try:
        delivered = 0
        remaining = limit
        while remaining is None or remaining > 0:
            size = BATCH_SIZE if remaining is None else min(BATCH_SIZE, remaining)
            batch, token = _claim(pending(due_only), size)
            if not batch:
                break
            try:
                ok = _deliver_batch(batch, respect_circuit=due_only)
            finally:
                # Rows still here changed meanwhile (or failed): release them;
                # a newer version is picked up by the next round.
                IndexOutboxEntry.objects.filter(claim=token).update(
                    claim="", claimed_until=None
                )
            delivered += ok
            if remaining is not None:
                remaining -= len(batch)
            if ok < len(batch):
                break  # a backend is failing: leave the rest for the retry
        return delivered
    finally:
        _drain_lock.release()


CLAIM_SECONDS = 60


def _claim(queryset, size):
    """Claim up to ``size`` unclaimed rows of ``queryset`` for this process."""
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    ids = list(queryset.filter(free).order_by("id").values_list("id", flat=True)[:size])
    if not ids:
        return [], None
    token = uuid.uuid4().hex
    IndexOutboxEntry.objects.filter(free, pk__in=ids).update(
        claim=token, claimed_until=now + timedelta(seconds=CLAIM_SECONDS)
    )
    return list(IndexOutboxEntry.objects.filter(claim=token).order_by("id")), token


class IndexMissing(RuntimeError):
    """The engine has no index to write to: a rebuild must create it."""


def _deliver_batch(batch, respect_circuit=True):
    """Deliver one claimed batch, per backend; returns how many went out.

    A backend whose breaker (search/breaker.py) is open is not called
    (``search_outbox --drain`` calls it anyway), so a dead or hung engine
    costs one failed call, not one per save.
    """
    groups = defaultdict(list)
    for entry in batch:
        groups[(entry.backend, entry.content_type_id)].append(entry)
    delivered = 0
    for (backend_name, content_type_id), entries in groups.items():
        try:
            backend = get_search_backend(backend_name)
        except Exception as exc:  # noqa: BLE001 - a broken setting is retried later
            _failed(entries, exc)
            continue
        engine_breaker = breaker.for_backend(backend)
        was_open = engine_breaker is not None and engine_breaker.is_open
        if respect_circuit and engine_breaker and not engine_breaker.allow():
            continue
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        try:
            if model is None:
                raise LookupError(f"content type {content_type_id} has no model")
            _apply(backend_name, backend, model, entries)
        except IndexMissing as exc:
            _failed(entries, exc)
            continue
        except Exception as exc:  # noqa: BLE001 - any failure is retried later
            _failed(entries, exc)
            if engine_breaker is not None:
                engine_breaker.failed(exc, "Index delivery")
            continue
        if engine_breaker is not None:
            engine_breaker.succeeded()
        for entry in entries:
            IndexOutboxEntry.objects.filter(pk=entry.pk, version=entry.version).delete()
        delivered += len(entries)
        _state["last_success_at"] = timezone.now()
        freshness.content_changed()
        if was_open:
            # The backend is back: everything waiting for it is due now.
            IndexOutboxEntry.objects.filter(
                backend=backend_name, next_attempt_at__gt=timezone.now()
            ).update(next_attempt_at=timezone.now())
    return delivered


def _apply(backend_name, backend, model, entries):
    ensure_index(backend_name, backend, model)
    ids = [e.object_id for e in entries if e.action == IndexOutboxEntry.ACTION_INDEX]
    objects = list(model.get_indexed_objects().filter(pk__in=ids)) if ids else []
    found = {str(obj.pk) for obj in objects}
    if objects:
        backend.add_bulk(model, objects)
    for entry in entries:
        if (
            entry.action == IndexOutboxEntry.ACTION_DELETE
            or entry.object_id not in found
        ):
            stub = model(pk=model._meta.pk.to_python(entry.object_id))
            backend.delete(stub)
    if model is HealthArticlePage and not hasattr(backend, "es"):
        # The database backend's autocomplete index goes with its index.
        word_starts.update([entry.object_id for entry in entries])


_ensured = set()


def ensure_index(backend_name, backend, model):
    """Make sure the engine's index exists with our mapping before writing to it."""
    if not hasattr(backend, "get_index_for_model") or not hasattr(backend, "es"):
        return
    index = backend.get_index_for_model(model)
    key = (backend_name, index.name)
    if key in _ensured:
        return
    if not index.exists():
        # Building it here would start a full rebuild inside a delivery
        # batch, holding the drain lock: say so and keep the changes queued.
        logger.error(
            "Search index %s is missing: run `manage.py update_index` (or "
            "Rebuild in Search > Index health); changes stay queued.",
            index.name,
        )
        raise IndexMissing(f"search index {index.name} does not exist")
    _ensured.add(key)


def forget_ensured_indexes():
    _ensured.clear()


def _failed(entries, exc):
    message = f"{type(exc).__name__}: {exc}"[:1000]
    now = timezone.now()
    _state["last_error"] = message
    _state["last_error_at"] = now
    logger.warning(
        "Search index update failed for %d item(s), will retry: %s",
        len(entries),
        message,
    )
    for entry in entries:
        attempts = entry.attempts + 1
        IndexOutboxEntry.objects.filter(pk=entry.pk, version=entry.version).update(
            attempts=attempts,
            next_attempt_at=now + backoff(attempts),
            last_error=message,
        )


def status():
    """A summary of the backlog for the command and the admin."""
    qs = IndexOutboxEntry.objects.all()
    latest_error = (
        qs.exclude(last_error="")
        .order_by("-id")
        .values_list("last_error", flat=True)
        .first()
    )
    oldest = qs.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "pending": qs.count(),
        "due": pending().count(),
        "failing": qs.filter(attempts__gt=0).count(),
        "oldest": oldest,
        "last_error": latest_error or "",
        "last_process_error": _state["last_error"],
        "last_process_error_at": _state["last_error_at"],
        "last_success_at": _state["last_success_at"],
        "by_backend": {
            name: qs.filter(backend=name).count() for name in backend_names()
        },
    }


_last_background = {"at": 0.0}


def retry_in_background(min_interval=2.0):
    """Called after requests: if anything is due, deliver it off the request thread."""
    if not getattr(settings, "SEARCH_OUTBOX_RETRY_AFTER_REQUESTS", True):
        return
    now = time.monotonic()
    if now - _last_background["at"] < min_interval:
        return
    _last_background["at"] = now
    if not pending().exists():
        return
    background.start(deliver_safely, name="search-outbox-retry")
