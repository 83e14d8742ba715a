"""The one way search work runs off the request thread.

Outbox delivery and retries, the analytics flush and admin index rebuilds all
start here. The rule for database connections is in one place too: a
background unit of work closes the connections its thread opened when it
ends (Django opens one per thread and never closes it for a thread that is not
a request), and never touches another thread's.
"""

import logging
import threading

from django.db import connections

logger = logging.getLogger("search")


def close_thread_connections():
    """Close this thread's database connections (background threads only)."""
    connections.close_all()


def run_unit(func, *args, **kwargs):
    """Run one unit of background work, log any failure, close connections."""
    try:
        return func(*args, **kwargs)
    except Exception:  # noqa: BLE001 - a background failure must be logged, not lost
        logger.exception("Background task %s failed", getattr(func, "__name__", func))
        return None
    finally:
        close_thread_connections()


def start(func, *args, name=None, **kwargs):
    """Run ``func(*args, **kwargs)`` as one unit in a daemon thread."""
    thread = threading.Thread(
        target=run_unit,
        args=(func, *args),
        kwargs=kwargs,
        daemon=True,
        name=name or f"search-{getattr(func, '__name__', 'task')}",
    )
    thread.start()
    return thread
