"""Input checking, one gate per endpoint: every limit, every 400/404/405.

Views hand the raw request data to the function for their endpoint and get
clean values or a :class:`SearchInputError` carrying the HTTP status and the
message for the JSON ``{"error": ...}`` body. Nothing else checks input.
"""

import json
import re

from ..analytics import SOURCES
from ..synonyms import normalise

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
MAX_AUTOCOMPLETE = 10
DEFAULT_AUTOCOMPLETE = 8
MAX_RELATED = 10
DEFAULT_RELATED = 5
MAX_TAG_FILTERS = 10
# Engines refuse to page beyond 10,000 hits (index.max_result_window).
MAX_RESULT_WINDOW = 10_000
SORTS = ("relevance", "reviewed")
# Database ids are signed 64-bit on every backend we run.
MAX_ID = 2**63 - 1
MAX_CLICK_BODY = 2048
CLICK_FIELDS = {"q", "id", "position", "source"}
MAX_CLICK_POSITION = 1000


class SearchInputError(ValueError):
    """Bad parameters from the visitor: answered with ``status``, never a 500."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def clean_query(value):
    value = (value or "").replace("\x00", " ")
    value = " ".join(value.split())
    if len(value) > MAX_QUERY_LENGTH:
        raise SearchInputError(
            f"The query is too long: at most {MAX_QUERY_LENGTH} characters."
        )
    return value


def clean_positive_int(value, name, default=None, maximum=None):
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        raise SearchInputError(f"'{name}' must be a positive whole number.")
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 19):
            raise SearchInputError(f"'{name}' must be a positive whole number.")
        value = int(text)
    if not isinstance(value, int) or value < 1 or value > MAX_ID:
        raise SearchInputError(f"'{name}' must be a positive whole number.")
    if maximum is not None and value > maximum:
        raise SearchInputError(f"'{name}' must be at most {maximum}.")
    return value


def clean_tags(values):
    tags = []
    for value in values or []:
        value = (value or "").strip()
        if not value:
            continue
        if len(value) > 100 or not re.fullmatch(r"[-\w]+", value):
            raise SearchInputError(f"Unknown tag filter: {value[:100]!r}.")
        if value not in tags:
            tags.append(value)
    if len(tags) > MAX_TAG_FILTERS:
        raise SearchInputError(f"At most {MAX_TAG_FILTERS} tag filters.")
    return tags


def clean_sort(value):
    value = value or "relevance"
    if value not in SORTS:
        raise SearchInputError(f"'sort' must be one of: {', '.join(SORTS)}.")
    return value


# ---------------------------------------------------------------- endpoints


def search_params(data):
    """``/search/`` and ``/api/search/``: q, tag (repeatable), page, page_size,
    sort, exact."""
    page = clean_positive_int(data.get("page"), "page", 1)
    page_size = clean_positive_int(
        data.get("page_size"), "page_size", DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE
    )
    if page * page_size > MAX_RESULT_WINDOW:
        raise SearchInputError(
            f"'page' is too far: at most {MAX_RESULT_WINDOW // page_size} pages "
            f"of {page_size}."
        )
    return {
        "query": clean_query(data.get("q", "")),
        "tags": clean_tags(data.getlist("tag") if hasattr(data, "getlist") else []),
        "page": page,
        "page_size": page_size,
        "sort": clean_sort(data.get("sort")),
        # "Search instead for <the visitor's words>": no spelling correction.
        "exact": data.get("exact") == "1",
    }


def autocomplete_params(data):
    """``/api/search/autocomplete/``: q, limit."""
    return {
        "prefix": clean_query(data.get("q", "")),
        "limit": clean_positive_int(
            data.get("limit"), "limit", DEFAULT_AUTOCOMPLETE, maximum=MAX_AUTOCOMPLETE
        ),
    }


def related_params(article_id, data):
    """``/api/articles/ID/related/``: an article id that exists, limit."""
    try:
        article_id = clean_positive_int(article_id, "id")
    except SearchInputError:
        raise SearchInputError("Unknown article.", status=404)
    return {
        "article_id": article_id,
        "limit": clean_positive_int(
            data.get("limit"), "limit", DEFAULT_RELATED, maximum=MAX_RELATED
        ),
    }


def click_params(request):
    """``POST /api/search/click/`` body: {"q", "id", "position", "source"}.

    The size is checked before the body is read, so a huge body gets the
    same JSON 400 as a malformed one (Django would raise its own error).
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_CLICK_BODY:
        raise SearchInputError("The request body is too large.")
    body = request.read(MAX_CLICK_BODY + 1)
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
    text = clean_query(text)
    if not normalise(text):
        raise SearchInputError("'q' must not be empty.")
    if data["source"] not in SOURCES:
        raise SearchInputError(f"'source' must be one of: {', '.join(SOURCES)}.")
    return {
        "q": text,
        "id": clean_positive_int(data["id"], "id"),
        "position": clean_positive_int(
            data["position"], "position", maximum=MAX_CLICK_POSITION
        ),
        "source": data["source"],
    }
