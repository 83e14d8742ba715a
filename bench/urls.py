"""The site's URLs plus Wagtail's stock search path (bench/stock.py), for
the benchmark's gunicorn only (bench/serve_settings.py)."""

from django.urls import include, path

from .stock import stock_autocomplete, stock_search

urlpatterns = [
    path("bench/stock/search/", stock_search),
    path("bench/stock/autocomplete/", stock_autocomplete),
    path("", include("config.urls")),
]
