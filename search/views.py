"""Thin views over search/query: the HTML results page and the JSON APIs.

Input is checked by search/query/inputs.py (one gate per endpoint); every
error is a JSON ``{"error": ...}`` with its status, never Django's HTML page.
"""

from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from health_articles.models import popular_tags

from . import analytics, query, sites, urgent
from .query import inputs
from .query.inputs import SearchInputError
from .related import related_cards


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


def json_api(*methods):
    """A JSON endpoint: other methods get a JSON 405, bad input its JSON 4xx.

    CSRF-exempt because these endpoints change nothing a visitor owns: the
    read-only ones answer anything but GET/HEAD with 405 (without the
    exemption Django's HTML 403 answered first), and the click beacon only
    adds to an anonymous count.
    """

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                response = error(f"Use {methods[0]}.", status=405)
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, **kwargs)
            except SearchInputError as exc:
                return error(str(exc), status=exc.status)

        return wrapped

    return decorate


@json_api("GET", "HEAD")
def api_search(request):
    result = query.search_articles(
        **inputs.search_params(request.GET), site=sites.for_request(request)
    )
    if result.page == 1:  # later pages are the same search, not a new one
        analytics.record_search(result.query, result.total)
        urgent.record_shown(result.urgent_help, "searches")
    return json_response(result.as_json())


@json_api("GET", "HEAD")
def api_autocomplete(request):
    site = sites.for_request(request)
    data = query.autocomplete(**inputs.autocomplete_params(request.GET), site=site)
    if data["urgent_help"] is not None:
        urgent.record_shown(urgent.match(data["query"], site), "suggestions")
    return json_response(data)


@json_api("GET", "HEAD")
def api_related(request, article_id):
    params = inputs.related_params(article_id, request.GET)
    article_id = params["article_id"]
    # The rule decides in the database (one id, no page row); the article's
    # page is loaded only when its related list is not cached.
    if not query.visible_articles().filter(pk=article_id).exists():
        raise SearchInputError("Unknown article.", status=404)
    related = related_cards(article_id, limit=params["limit"])
    return json_response({"results": [query.serialize(c) for c in related]})


@require_safe
def search_page(request):
    context = {"query": request.GET.get("q", "")[:500], "error": None}
    status = 200
    try:
        params = inputs.search_params(request.GET)
        result = query.search_articles(**params, site=sites.for_request(request))
    except SearchInputError as exc:
        context["error"] = str(exc)
        status = exc.status
        result = None
    if result is not None:
        if result.page == 1:  # later pages are the same search, not a new one
            analytics.record_search(result.query, result.total)
            urgent.record_shown(result.urgent_help, "searches")
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
        context["popular_tags"] = popular_tags(limit=20)
        context["popular_articles"] = query.visible_articles().order_by("title")[:8]
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


@json_api("POST")
def api_click(request):
    """``POST /api/search/click/`` {"q", "id", "position", "source"} -> 204.

    Sent with navigator.sendBeacon when a visitor opens a result or an
    autocomplete suggestion. Stores only a count per normalised query and day.
    """
    click = inputs.click_params(request)
    if not query.visible_articles().filter(pk=click["id"]).exists():
        raise SearchInputError("Unknown article.")
    analytics.record_click(click["q"], click["source"], article_id=click["id"])
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response
