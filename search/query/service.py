"""Orchestration: which searcher answers, and what an engine failure means.

:func:`search_articles`, :func:`autocomplete` and :func:`similar_ids` pick the
engine searcher when an engine is configured and its breaker (search/
breaker.py) allows a call, and the database searcher otherwise or when the
engine fails (the response then says ``degraded``). Nothing here builds a
query body or knows a boost.
"""

import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings

from .. import breaker, freshness, urgent, vocabulary
from ..backends import engine_backend
from ..synonyms import normalise
from . import ranking
from .database import DatabaseSearcher
from .engine import EngineSearcher
from .inputs import (
    DEFAULT_AUTOCOMPLETE,
    DEFAULT_PAGE_SIZE,
    clean_query,
    clean_sort,
    clean_tags,
)
from .promoted import apply_promotions, promoted_pages
from .results import SearchResponse, serialize_brief, suggested_searches

logger = logging.getLogger("search")


def backend_label():
    backend = engine_backend()
    return backend.product if backend is not None else "database"


def _call_engine(what, method, *args):
    """(True, value) from the engine searcher, or (False, None) when there is
    no engine, its breaker is open, or the call failed (reported to it)."""
    backend = engine_backend()
    if backend is None:
        return False, None
    engine_breaker = breaker.for_backend(backend)
    if not engine_breaker.allow():
        return False, None
    try:
        value = getattr(EngineSearcher(backend), method)(*args)
    except Exception as exc:  # noqa: BLE001 - fall back rather than fail
        engine_breaker.failed(exc, what)
        return False, None
    engine_breaker.succeeded()
    return True, value


def _run_search(response, tags, sort, alternatives):
    answered, _ = _call_engine("Search", "search", response, tags, sort, alternatives)
    if answered:
        response.backend = engine_backend().product
    else:
        response.degraded = engine_backend() is not None
        response.results, response.facets, response.total = [], [], 0
        DatabaseSearcher().search(response, tags, sort, alternatives)


# The visitor's words "find little" below this many results: a correction
# too far from them to be searched beside them is then searched instead when
# it finds more (the page says so).
FEW_RESULTS = 10


def _corrected(response, tags, sort, suggestion):
    """The response for the corrected words, or None when it finds no more."""
    corrected = SearchResponse(
        query=suggestion,
        page=response.page,
        page_size=response.page_size,
        want_facets=response.want_facets,
    )
    _run_search(corrected, tags, sort, ranking.alternatives(suggestion))
    if corrected.total <= response.total:
        return None
    corrected.query = response.query
    corrected.corrected_query = corrected.suggestion = suggestion
    return corrected


def search_articles(
    query,
    tags=(),
    page=1,
    page_size=DEFAULT_PAGE_SIZE,
    sort="relevance",
    exact=False,
    facets=True,
    site=None,
):
    """One page of results. A spelling correction of the words no article
    holds, when it mends slips of typing, is searched beside the visitor's
    own words (with its synonym alternatives), unless ``exact`` (the visitor
    asked for their own words). The page says it shows the corrected words
    (``corrected_query``, with a way back to the words as typed) when none
    of the visitor's words is in any article, or when a further correction
    finds more than the visitor's words, which found little; otherwise a
    correction that names the top result is offered as "did you mean".
    ``facets=False`` leaves the tag facets out (and their cost)."""
    query = clean_query(query)
    tags = clean_tags(tags)
    sort = clean_sort(sort)
    response = SearchResponse(
        query=query, page=page, page_size=page_size, want_facets=facets
    )
    if not normalise(query):
        query = response.query = ""
    # Above every result, whatever the filters or page (search/urgent.py).
    urgent_help = urgent.match(query, site) if query else None
    if not query and not tags:
        response.backend = backend_label()
        return response
    suggestion = vocabulary.correct(query) if query else None
    # A slip of typing is searched beside the visitor's words; a correction
    # further away only when the visitor's words find little (below).
    slip = suggestion if suggestion and vocabulary.slips(query, suggestion) else None
    alternatives = ranking.alternatives(query, None if exact else slip) if query else []
    _run_search(response, tags, sort, alternatives)
    if suggestion:
        if not exact and slip and _all_words_corrected(query, slip):
            # The visitor's words alone find nothing but typo matches.
            response.corrected_query = response.suggestion = slip
        elif not exact and not slip and response.total < FEW_RESULTS:
            response = _corrected(response, tags, sort, suggestion) or response
        if response.suggestion is None and (
            response.total < 3 or _names_top_result(response, query, suggestion)
        ):
            # Few results, or typo tolerance found the topic under the
            # corrected name ("charly hors": Muscle cramps, also called
            # charley horse). Words that are only in article bodies are not
            # in the vocabulary; their results do not get a suggestion.
            response.suggestion = suggestion
    apply_promotions(response, tags)
    response.urgent_help = urgent_help
    return response


def _all_words_corrected(query, suggestion):
    """True when the correction replaced every content word of the query
    (none of them is in any article)."""
    typed, fixed = ranking.content_words(query), ranking.content_words(suggestion)
    return len(typed) == len(fixed) and all(
        a != b for a, b in zip(typed, fixed, strict=True)
    )


def _names_top_result(response, query, suggestion):
    if not response.results:
        return False
    top = response.results[0]
    names = normalise(" ".join([top["title"], *top["also_known_as"]]))
    return suggestion in names and normalise(query) not in names


# Autocomplete answers from the engine are kept this long per process, so a
# popular prefix costs one engine call per change of anything it depends on.
ANSWER_SECONDS = float(getattr(settings, "SEARCH_AUTOCOMPLETE_CACHE_SECONDS", 30.0))
ANSWER_LIMIT = 2000
# Functions returning a hashable value an autocomplete answer depends on
# beyond the content fingerprint (which covers articles, visibility,
# synonyms, promotions and tags): e.g. the urgent-help entries' version.
ANSWER_KEY_PARTS = []
# One store per content fingerprint: when the fingerprint moves on (or
# freshness.reset() runs) every kept answer is dropped at once.
_answers = freshness.DerivedCache(OrderedDict)
_answers_lock = threading.Lock()


def _answer_key(prefix, limit):
    return (prefix, limit, tuple(part() for part in ANSWER_KEY_PARTS))


def _cached_answer(store, key):
    with _answers_lock:
        found = store.get(key)
        if found is None:
            return None
        stored_at, answer = found
        if time.monotonic() - stored_at >= ANSWER_SECONDS:
            del store[key]
            return None
        store.move_to_end(key)
        return dict(answer)


def _keep_answer(store, key, answer):
    with _answers_lock:
        store[key] = (time.monotonic(), dict(answer))
        while len(store) > ANSWER_LIMIT:
            store.popitem(last=False)


def autocomplete(prefix, limit=DEFAULT_AUTOCOMPLETE, site=None):
    prefix = clean_query(prefix)
    if not normalise(prefix):
        return {
            "query": prefix,
            "results": [],
            "suggestions": [],
            "urgent_help": None,
            "backend": backend_label(),
        }
    store, key = _answers.get(), _answer_key(prefix, limit)
    answer = _cached_answer(store, key)
    if answer is None:
        answered, answer = _autocomplete_answer(prefix, limit)
        if answered:  # a fallback answer is not kept: the engine may be back soon
            _keep_answer(store, key, answer)
    # Per site (its numbers) and cheap: matched outside the kept answers.
    answer["urgent_help"] = urgent.as_json(urgent.match(prefix, site))
    return answer


def _autocomplete_answer(prefix, limit):
    answered, pages = _call_engine("Autocomplete", "autocomplete", prefix, limit)
    backend_name = engine_backend().product if answered else "database"
    if not answered:
        pages = DatabaseSearcher().autocomplete(prefix, limit)
    promoted = promoted_pages(prefix)
    promoted_ids = {p.pk for p in promoted}
    results = [serialize_brief(p, promoted=True) for p in promoted] + [
        serialize_brief(p) for p in pages if p.pk not in promoted_ids
    ]
    return answered, {
        "query": prefix,
        "results": results[:limit],
        "suggestions": suggested_searches(prefix, pages),
        "backend": backend_name,
    }


def similar_ids(page, exclude, limit):
    """Ids of visible articles like ``page`` (more-like-this on the engine,
    shared tags on the database), leaving out ``exclude``."""
    if limit <= 0:
        return []
    answered, ids = (False, None)
    if page.pk:
        answered, ids = _call_engine(
            "Related reading", "more_like_this", page, exclude, limit
        )
    if not answered:
        ids = DatabaseSearcher().more_like_this(page, exclude, limit)
    return ids
