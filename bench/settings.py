"""Settings for the benchmark's own Django processes (not the web server).

The site's settings (config.settings.base) plus, when ``BENCH_STOCK_PREFIX`` is
set and an engine is configured, a ``stock`` backend: Wagtail's own
Elasticsearch 7 backend class with the same connection options as ours and its
own index prefix, the baseline for rebuild speed and relevance. gunicorn runs
with config.settings.production, untouched.
"""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import (
    ELASTICSEARCH_URL,
    SEARCH_ENGINE_TIMEOUT,
    SECRET_KEY,
    WAGTAILSEARCH_BACKENDS,
)

SECRET_KEY = SECRET_KEY or "bench-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

_stock_prefix = os.environ.get("BENCH_STOCK_PREFIX", "")
if _stock_prefix and ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = dict(WAGTAILSEARCH_BACKENDS)
    WAGTAILSEARCH_BACKENDS["stock"] = {
        "BACKEND": "wagtail.search.backends.elasticsearch7",
        "URLS": [u.strip() for u in ELASTICSEARCH_URL.split(",") if u.strip()],
        "INDEX_PREFIX": _stock_prefix,
        "TIMEOUT": SEARCH_ENGINE_TIMEOUT,
        "ATOMIC_REBUILD": True,
        "AUTO_UPDATE": False,
    }

if os.environ.get("BENCH_SQLITE_FAST") == "1":
    # Only for unmeasured set-up work (migrate): skip fsyncs.
    for _db in DATABASES.values():  # noqa: F405
        if _db["ENGINE"].endswith("sqlite3"):
            _db.setdefault("OPTIONS", {})["init_command"] = (
                "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;"
            )

if os.environ.get("BENCH_SQLITE_IMMEDIATE") == "1":
    # Experiment: what the site would get with IMMEDIATE transactions (no
    # SQLite lock-upgrade deadlocks between a request and the outbox thread).
    for _db in DATABASES.values():  # noqa: F405
        if _db["ENGINE"].endswith("sqlite3"):
            _db.setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
