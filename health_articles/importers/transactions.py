"""One transaction per write, retried while SQLite is locked."""

from __future__ import annotations

import time

from django.db import OperationalError, connection, transaction

LOCK_RETRIES = 8  # about 10 s of back-off in all


def in_transaction(func):
    """Run ``func`` in its own transaction, retrying when SQLite is locked.

    SQLite refuses a write while another connection (the search outbox's
    delivery thread, a web request) holds the lock; the transaction was rolled
    back, so running it again is safe. Inside an outer transaction (--dry-run)
    there is nothing to retry.
    """
    for attempt in range(LOCK_RETRIES + 1):
        try:
            with transaction.atomic():
                return func()
        except OperationalError as exc:
            retry = "locked" in str(exc) and not connection.in_atomic_block
            if not retry or attempt == LOCK_RETRIES:
                raise
            time.sleep(min(2.0, 0.1 * 2**attempt))
