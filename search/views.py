"""Thin views over search/query.py: the HTML results page and the JSON API."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET

from health_articles.models import HealthArticlePage

from . import analytics, query
from .query import SearchInputError
from .related import MAX_RELATED, related_articles


def json_response(data, status=200, cache_seconds=0):
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Type"] = "application/json; charset=utf-8"
    if cache_seconds and status == 200:
        patch_cache_control(response, public=True, max_age=cache_seconds)
    else:
        add_never_cache_headers(response)
    return response


def error(message, status=400):
    return json_response({"error": message}, status=status)


def _search_params(request):
    return {
        "query": request.GET.get("q", ""),
        "tags": request.GET.getlist("tag"),
        "page": query.clean_positive_int(request.GET.get("page"), "page", 1),
        "page_size": query.clean_positive_int(
            request.GET.get("page_size"),
            "page_size",
            query.DEFAULT_PAGE_SIZE,
            maximum=query.MAX_PAGE_SIZE,
        ),
        "sort": request.GET.get("sort") or "relevance",
    }


@require_GET
def api_search(request):
    try:
        params = _search_params(request)
        result = query.search_articles(**params)
    except SearchInputError as exc:
        return error(str(exc))
    analytics.record_search(result.query, result.total)
    return json_response(result.as_json())


@require_GET
def api_autocomplete(request):
    try:
        prefix = request.GET.get("q", "")
        limit = query.clean_positive_int(
            request.GET.get("limit"),
            "limit",
            query.DEFAULT_AUTOCOMPLETE,
            maximum=query.MAX_AUTOCOMPLETE,
        )
        result = query.autocomplete(prefix, limit=limit)
    except SearchInputError as exc:
        return error(str(exc))
    return json_response(result)


@require_GET
def api_related(request, article_id):
    try:
        limit = query.clean_positive_int(
            request.GET.get("limit"), "limit", 5, maximum=MAX_RELATED
        )
    except SearchInputError as exc:
        return error(str(exc))
    page = query.visible_articles().filter(pk=article_id).first()
    if page is None:
        return error("Unknown article.", status=404)
    return json_response(
        {"results": [query.serialize(p) for p in related_articles(page, limit=limit)]}
    )


@require_GET
def search_page(request):
    context = {"query": request.GET.get("q", "")[:500], "error": None}
    status = 200
    try:
        params = _search_params(request)
        result = query.search_articles(**params)
    except SearchInputError as exc:
        context["error"] = str(exc)
        status = 400
        result = None
    if result is not None:
        analytics.record_search(result.query, result.total)
        context.update(
            {
                "result": result,
                "query": result.query,
                "selected_tags": params["tags"],
                "sort": params["sort"],
                "page_numbers": _page_window(result.page, result.num_pages),
            }
        )
    if result is None or result.total == 0:
        from health_articles.models import popular_tags

        context["popular_tags"] = popular_tags(limit=20)
        context["popular_articles"] = (
            HealthArticlePage.objects.live().public().order_by("title")[:8]
        )
    response = render(request, "search/search_results.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _page_window(current, last, width=2):
    pages = sorted(
        {1, last, *range(max(1, current - width), min(last, current + width) + 1)}
    )
    window = []
    previous = 0
    for number in pages:
        if number - previous > 1:
            window.append(None)
        window.append(number)
        previous = number
    return window
