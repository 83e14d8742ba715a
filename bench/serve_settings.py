"""What the benchmark's gunicorn runs: the production settings untouched,
plus the stock-path URLs (bench/urls.py) and, when the variant asks for
it, no autocomplete answer cache (``BENCH_NO_ANSWER_CACHE=1``)."""

import os

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_NO_ANSWER_CACHE") == "1":
    SEARCH_AUTOCOMPLETE_CACHE_SECONDS = 0.0
