"""Wagtail's stock path, for the benchmark only (bench/urls.py; never in the
public site): a plain JSON view over ``.live().public().search(q)[:10]``
and ``.autocomplete(q)[:8]``, serialised with the site's own serialiser, so
the report can compare our endpoints with what Wagtail gives out of the box
on the same engine, index, gunicorn and corpus."""

from django.http import JsonResponse

from health_articles.models import HealthArticlePage
from search.query import serialize


def _pages(method, request, limit):
    text = request.GET.get("q", "")[:200]
    if not text.strip():
        return []
    queryset = HealthArticlePage.objects.live().public()
    return list(getattr(queryset, method)(text)[:limit])


def stock_search(request):
    pages = _pages("search", request, 10)
    return JsonResponse(
        {"query": request.GET.get("q", ""), "results": [serialize(p) for p in pages]},
        json_dumps_params={"ensure_ascii": False},
    )


def stock_autocomplete(request):
    pages = _pages("autocomplete", request, 8)
    return JsonResponse(
        {"query": request.GET.get("q", ""), "results": [serialize(p) for p in pages]},
        json_dumps_params={"ensure_ascii": False},
    )
