"""gunicorn settings for serving the site (Dockerfile, the benchmark).

A search request spends much of its time waiting on the engine and the
database, so each worker process runs a few threads (``gthread``): while one
request waits on Elasticsearch, another runs. Processes default to the number
of CPUs; both can be set from the environment.

A worker starts embedding the site's articles (the semantic half of search)
in a background thread as soon as it has loaded the site, not on its first
search: until that finishes its searches are lexical only.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker):
    from search.query import semantic

    semantic.start_warming()
