"""Thin views over search/query.py: the HTML results page and the JSON API."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from health_articles.models import HealthArticlePage

from . import analytics, query
from .query import SearchInputError
from .related import MAX_RELATED, related_articles


def api_get(view):
    """GET/HEAD only, answering other methods with a JSON 405 (not Django's HTML)."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error("Use GET.", status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapped


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


@api_get
def api_search(request):
    try:
        params = _search_params(request)
        result = query.search_articles(**params)
    except SearchInputError as exc:
        return error(str(exc))
    if result.page == 1:  # later pages are the same search, not a new one
        analytics.record_search(result.query, result.total)
    return json_response(result.as_json())


@api_get
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


@api_get
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


@require_safe
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
        if result.page == 1:  # later pages are the same search, not a new one
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


# ---------------------------------------------------------------- click beacon

MAX_CLICK_BODY = 2048
CLICK_FIELDS = {"q", "id", "position", "source"}
MAX_CLICK_POSITION = 1000


def _click_int(value, name, maximum=None):
    if isinstance(value, bool):
        raise SearchInputError(f"'{name}' must be a positive whole number.")
    if (
        isinstance(value, str)
        and value.isascii()
        and value.isdigit()
        and len(value) <= 12
    ):
        value = int(value)
    if not isinstance(value, int) or value < 1 or value > 2**62:
        raise SearchInputError(f"'{name}' must be a positive whole number.")
    if maximum is not None and value > maximum:
        raise SearchInputError(f"'{name}' must be at most {maximum}.")
    return value


def _clean_click(body):
    import json

    if len(body) > MAX_CLICK_BODY:
        raise SearchInputError("The request body is too large.")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SearchInputError("The body must be a JSON object.")
    if not isinstance(data, dict):
        raise SearchInputError("The body must be a JSON object.")
    unknown = sorted(set(data) - CLICK_FIELDS)
    if unknown:
        raise SearchInputError(f"Unexpected field(s): {', '.join(unknown)}.")
    missing = sorted(CLICK_FIELDS - set(data))
    if missing:
        raise SearchInputError(f"Missing field(s): {', '.join(missing)}.")
    text = data["q"]
    if not isinstance(text, str):
        raise SearchInputError("'q' must be text.")
    text = query.clean_query(text)
    if not analytics.query_key(text):
        raise SearchInputError("'q' must not be empty.")
    if data["source"] not in analytics.SOURCES:
        raise SearchInputError(
            f"'source' must be one of: {', '.join(analytics.SOURCES)}."
        )
    return {
        "q": text,
        "id": _click_int(data["id"], "id"),
        "position": _click_int(data["position"], "position", MAX_CLICK_POSITION),
        "source": data["source"],
    }


@csrf_exempt
def api_click(request):
    """``POST /api/search/click/`` {"q", "id", "position", "source"} -> 204.

    Sent with navigator.sendBeacon when a visitor opens a result or an
    autocomplete suggestion. Stores only a count per normalised query and day.
    """
    if request.method != "POST":
        response = error("Use POST.", status=405)
        response["Allow"] = "POST"
        return response
    try:
        click = _clean_click(request.body)
    except SearchInputError as exc:
        return error(str(exc))
    if not query.visible_articles().filter(pk=click["id"]).exists():
        return error("Unknown article.")
    analytics.record_click(click["q"], click["source"], article_id=click["id"])
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response
