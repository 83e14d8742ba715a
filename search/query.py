"""Every search the site runs: full search, autocomplete and their shared parts.

Views call :func:`search_articles` and :func:`autocomplete`; neither they nor
content code know which backend answers. On Elasticsearch/OpenSearch the
query is built here (field boosts, phrase bonus, typo tolerance, synonyms,
highlighting, tag facets); on the database backend the same features exist in
a reduced form. If the engine fails, the database answers and the response
says so (``degraded``).

User text only ever reaches the engine as the text of ``match`` queries, never
as query syntax.
"""

import html
import json
import logging
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F
from taggit.models import Tag
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from health_articles.models import HealthArticlePage

from . import synonyms, vocabulary
from .spelling import spelling_variants
from .synonyms import normalise

logger = logging.getLogger("search")

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
MAX_AUTOCOMPLETE = 10
DEFAULT_AUTOCOMPLETE = 8
MAX_TAG_FILTERS = 10
# Engines refuse to page beyond 10,000 hits (index.max_result_window).
MAX_RESULT_WINDOW = 10_000
# Longest query sent to the engine, in words (keeps clause counts bounded).
MAX_ENGINE_WORDS = 12
MAX_ENGINE_ALTERNATIVES = 5
CONTENT_TYPE = "health_articles.HealthArticlePage"
SORTS = ("relevance", "reviewed")


class SearchInputError(ValueError):
    """Bad parameters from the visitor: answered with a 400, never a 500."""


@dataclass
class SearchResponse:
    query: str
    total: int = 0
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    results: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    suggestion: str | None = None
    backend: str = "database"
    degraded: bool = False
    corrected_query: str | None = None

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.page_size))

    def as_json(self):
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "results": self.results,
            "facets": {"tags": self.facets},
            "suggestion": self.suggestion,
            "backend": self.backend,
            "degraded": self.degraded,
        }


# ---------------------------------------------------------------- input


def clean_query(value):
    value = (value or "").replace("\x00", " ")
    value = " ".join(value.split())
    if len(value) > MAX_QUERY_LENGTH:
        raise SearchInputError(
            f"The query is too long: at most {MAX_QUERY_LENGTH} characters."
        )
    return value


def clean_positive_int(value, name, default, maximum=None):
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise SearchInputError(f"'{name}' must be a positive whole number.")
    if number < 1:
        raise SearchInputError(f"'{name}' must be a positive whole number.")
    if maximum is not None and number > maximum:
        raise SearchInputError(f"'{name}' must be at most {maximum}.")
    return number


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


# ---------------------------------------------------------------- visibility


def visible_articles():
    """Live, public articles: the only pages any search response may show."""
    return HealthArticlePage.objects.live().public()


def hidden_article_ids():
    """Live articles that are private (password, login or group restricted)."""
    return list(
        HealthArticlePage.objects.live().not_public().values_list("pk", flat=True)
    )


# ---------------------------------------------------------------- backends


_backends = {}
# After an engine failure, searches go straight to the database for a few
# seconds instead of each waiting for the engine's timeout.
ENGINE_RETRY_SECONDS = 10.0
_engine_down_until = {"at": 0.0}


def engine_available():
    return _engine_down_until["at"] <= time.monotonic()


def engine_failed(exc, what="Search"):
    _engine_down_until["at"] = time.monotonic() + ENGINE_RETRY_SECONDS
    logger.warning("%s failed on the engine, using the database: %s", what, exc)


def engine_backend():
    """The configured default backend if it is a search engine, else None.

    One instance per configuration and process: Wagtail builds a new backend
    (and a new engine client with its own connection pool) on every
    ``get_search_backend`` call, which would cost a TCP handshake per search.
    """
    config = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    key = json.dumps(config, sort_keys=True, default=str)
    if key not in _backends:
        try:
            backend = get_search_backend("default")
        except Exception:  # noqa: BLE001 - a broken engine setting must not 500
            logger.exception("Search backend could not be created")
            return None
        if not hasattr(backend, "es"):
            backend = None
        elif not backend.engine_version and not config.get("ENGINE"):
            return backend  # detection failed: do not keep the guess
        _backends[key] = backend
    return _backends[key]


def database_backend():
    names = settings.WAGTAILSEARCH_BACKENDS
    for name in ("fallback", "default"):
        if name in names and "database" in names[name]["BACKEND"]:
            return get_search_backend(name)
    return get_search_backend("wagtail.search.backends.database")


def backend_label():
    backend = engine_backend()
    return backend.product if backend is not None else "database"


_field_cache = {}


def es_fields(backend):
    """Engine field names for the article fields our queries use."""
    key = id(type(backend))
    if key not in _field_cache:
        from wagtail.search import index

        mapping = backend.mapping_for(HealthArticlePage)
        names = {}
        for search_field in HealthArticlePage.get_search_fields():
            column = mapping.get_field_column_name(search_field)
            kind = type(search_field).__name__
            names[(search_field.field_name, kind)] = column
        index_cls = index  # keep the import referenced for readers
        del index_cls
        _field_cache[key] = {
            "title": names[("title", "SearchField")],
            "aka": names[("also_known_as", "SearchField")],
            "summary": names[("summary", "SearchField")],
            "body": names[("body", "SearchField")],
            "tag_names": names[("tag_names", "SearchField")],
            "title_prefix": names[("title", "AutocompleteField")],
            "aka_prefix": names[("also_known_as", "AutocompleteField")],
            "tag_slugs": names[("tag_slugs", "FilterField")],
            "live": names[("live", "FilterField")],
            "last_reviewed": names[("last_reviewed", "FilterField")],
        }
    return _field_cache[key]


# ---------------------------------------------------------------- results


def serialize(page, highlight=None, promoted=False):
    tags = [tag.name for tag in page.tags.all()]
    item = {
        "id": page.pk,
        "title": page.title,
        "url": page.get_url() or page.url_path,
        "summary": page.summary,
        "highlight": highlight or highlight_text(page.summary, []),
        "tags": tags,
        "also_known_as": page.also_known_as_list,
        "last_reviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
    }
    if promoted:
        item["promoted"] = True
    return item


def serialize_brief(page, promoted=False):
    item = {
        "id": page.pk,
        "title": page.title,
        "url": page.get_url() or page.url_path,
        "tags": [tag.name for tag in page.tags.all()],
    }
    if promoted:
        item["promoted"] = True
    return item


def load_pages(ids):
    """Visible articles for ``ids``, in that order (hidden ones dropped)."""
    pages = visible_articles().filter(pk__in=ids).prefetch_related("tags")
    by_id = {page.pk: page for page in pages}
    return [by_id[pk] for pk in ids if pk in by_id]


_MARK = re.compile(r"</?mark>")


def clean_highlight(fragment):
    """Engine highlights are HTML-encoded text with <mark> tags: keep only those."""
    parts = _MARK.split(fragment)
    tags = _MARK.findall(fragment)
    out = []
    open_mark = False
    for index, part in enumerate(parts):
        # The engine already encoded the text; decode and re-encode so nothing
        # but our own <mark> can survive.
        out.append(html.escape(html.unescape(part), quote=False))
        if index < len(tags):
            tag = tags[index]
            if tag == "<mark>" and not open_mark:
                out.append("<mark>")
                open_mark = True
            elif tag == "</mark>" and open_mark:
                out.append("</mark>")
                open_mark = False
    if open_mark:
        out.append("</mark>")
    return "".join(out)


def highlight_text(text, words, length=220):
    """Escape ``text``; mark words starting with any of ``words`` (database backend).

    Matches are found on the raw text and each piece is escaped on its own, so
    a query word can never land inside an HTML entity.
    """
    text = " ".join((text or "").split())
    stems = sorted(
        {w[: max(4, len(w) - 2)] for w in words if len(w) >= 3}, key=len, reverse=True
    )
    pattern = None
    if stems:
        alternatives = "|".join(re.escape(stem) for stem in stems)
        pattern = re.compile(rf"\b(?:{alternatives})\w*", re.I)
    start = 0
    if pattern is not None:
        first = pattern.search(text)
        if first and first.start() > length // 2:
            start = text.rfind(" ", 0, first.start() - length // 4) + 1
    snippet = text[start : start + length]
    if start + length < len(text):
        snippet = snippet[: snippet.rfind(" ")] + " …" if " " in snippet else snippet
    if start > 0:
        snippet = "… " + snippet
    if pattern is None:
        return html.escape(snippet, quote=False)
    out = []
    position = 0
    for match in pattern.finditer(snippet):
        out.append(html.escape(snippet[position : match.start()], quote=False))
        out.append(f"<mark>{html.escape(match.group(0), quote=False)}</mark>")
        position = match.end()
    out.append(html.escape(snippet[position:], quote=False))
    return "".join(out)


def tag_facets(counts):
    """[(slug, count)] -> [{"slug", "name", "count"}] using visible tags only."""
    slugs = [slug for slug, _ in counts]
    names = dict(Tag.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return [
        {"slug": slug, "name": names[slug], "count": count}
        for slug, count in counts
        if slug in names and count > 0
    ]


# ---------------------------------------------------------------- promotions


def promoted_pages(query):
    """Editor-promoted, visible articles for the normalised query, in order."""
    if not query:
        return []
    try:
        from wagtail.contrib.search_promotions.models import Query
    except ImportError:  # pragma: no cover - app not installed
        return []
    key = normalise(query)
    found = Query.objects.filter(query_string=key).first()
    if found is None and key != query.strip().lower():
        found = Query.objects.filter(query_string=query.strip().lower()).first()
    if found is None:
        return []
    ids = list(
        found.editors_picks.order_by("sort_order").values_list("page_id", flat=True)
    )
    return load_pages([pk for pk in ids if pk])


# ---------------------------------------------------------------- full search


def search_articles(
    query, tags=(), page=1, page_size=DEFAULT_PAGE_SIZE, sort="relevance"
):
    query = clean_query(query)
    tags = clean_tags(tags)
    if sort not in SORTS:
        raise SearchInputError(f"'sort' must be one of: {', '.join(SORTS)}.")
    if page * page_size > MAX_RESULT_WINDOW:
        raise SearchInputError(
            f"'page' is too far: at most {MAX_RESULT_WINDOW // page_size} pages "
            f"of {page_size}."
        )
    response = SearchResponse(query=query, page=page, page_size=page_size)
    if not normalise(query):
        query = response.query = ""
    if not query and not tags:
        response.backend = backend_label()
        return response
    engine = engine_backend()
    if engine is not None and not engine_available():
        response.degraded = True
        _database_search(response, tags, sort)
    elif engine is not None:
        try:
            _engine_search(engine, response, tags, sort)
            response.backend = engine.product
        except Exception as exc:  # noqa: BLE001 - fall back rather than fail
            engine_failed(exc)
            response.results, response.facets, response.total = [], [], 0
            response.degraded = True
            _database_search(response, tags, sort)
    else:
        _database_search(response, tags, sort)
    if query and response.total < 3:
        suggestion = vocabulary.correct(query)
        if suggestion and suggestion != normalise(query):
            response.suggestion = suggestion
    _apply_promotions(response, tags)
    return response


def _apply_promotions(response, tags=()):
    if response.page != 1 or not response.query:
        return
    promoted = promoted_pages(response.query)
    if tags:
        # A promotion must still satisfy the visitor's tag filters.
        allowed = set(
            _filter_by_tags(visible_articles(), tags)
            .filter(pk__in=[p.pk for p in promoted])
            .values_list("pk", flat=True)
        )
        promoted = [p for p in promoted if p.pk in allowed]
    if not promoted:
        return
    promoted_ids = {page.pk for page in promoted}
    organic = [item for item in response.results if item["id"] not in promoted_ids]
    promoted_items = [serialize(page, promoted=True) for page in promoted]
    response.results = (promoted_items + organic)[: response.page_size]
    response.total = max(response.total, len(response.results))


def _filter_by_tags(queryset, tags):
    for slug in tags:
        queryset = queryset.filter(tags__slug=slug)
    return queryset


def _alternatives(query):
    return [normalise(query)] + synonyms.expand(query)


def _engine_search(backend, response, tags, sort):
    fields = es_fields(backend)
    query = response.query
    should = []
    if query:
        alternatives = _alternatives(query)[:MAX_ENGINE_ALTERNATIVES]
        for position, alternative in enumerate(alternatives):
            weight = 1.0 if position == 0 else 0.9
            text = " ".join(alternative.split()[:MAX_ENGINE_WORDS])
            should.extend(_text_clauses(fields, text, weight, original=position == 0))
    filters = [
        {"term": {"_django_content_type": CONTENT_TYPE}},
        {"term": {fields["live"]: True}},
    ]
    for slug in tags:
        filters.append({"term": {fields["tag_slugs"]: slug}})
    must_not = []
    hidden = hidden_article_ids()
    if hidden:
        must_not.append({"ids": {"values": [str(pk) for pk in hidden]}})
    bool_query = {"filter": filters, "must_not": must_not}
    if should:
        bool_query["should"] = should
        bool_query["minimum_should_match"] = 1
    body = {
        "query": {"bool": bool_query},
        "from": (response.page - 1) * response.page_size,
        "size": response.page_size,
        "_source": False,
        "track_total_hits": True,
        "aggs": {"tags": {"terms": {"field": fields["tag_slugs"], "size": 50}}},
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "require_field_match": False,
            "fields": {
                fields["summary"]: {"number_of_fragments": 0},
                fields["body"]: {"fragment_size": 180, "number_of_fragments": 1},
            },
        },
    }
    if sort == "reviewed" or not query:
        body["sort"] = [
            {fields["last_reviewed"]: {"order": "desc", "missing": "_last"}},
            "_score",
            {"pk": {"order": "asc"}},  # a stable order across pages
        ]
    index = backend.page_index_name()
    result = backend.raw_search(index, body)
    hits = result["hits"]["hits"]
    total = result["hits"]["total"]
    response.total = total["value"] if isinstance(total, dict) else int(total)
    ids = [int(hit["_id"]) for hit in hits]
    highlights = {}
    for hit in hits:
        parts = hit.get("highlight", {})
        fragment = (
            parts.get(fields["body"]) or parts.get(fields["summary"]) or [None]
        )[0]
        if fragment:
            highlights[int(hit["_id"])] = clean_highlight(fragment)
    words = normalise(query).split()
    response.results = [
        serialize(page, highlights.get(page.pk) or highlight_text(page.summary, words))
        for page in load_pages(ids)
    ]
    buckets = result.get("aggregations", {}).get("tags", {}).get("buckets", [])
    response.facets = tag_facets([(b["key"], b["doc_count"]) for b in buckets])


def _text_clauses(fields, text, weight, original=True):
    """Clauses for one wording of the query.

    The visitor's own words get typo tolerance and the broad clauses;
    synonym alternatives are real terms, so they get the cheap exact clauses
    only (fuzzy clauses per alternative made long queries slow).
    """
    all_fields = [
        f"{fields['title']}^8",
        f"{fields['aka']}^8",
        f"{fields['tag_names']}^3",
        f"{fields['summary']}^2",
        f"{fields['body']}^1",
    ]
    best = {
        "query": text,
        "type": "best_fields",
        "fields": all_fields,
        "operator": "and",
        "tie_breaker": 0.3,
        "boost": 2.0 * weight,
    }
    phrase = {
        # Exact phrases rank above scattered words.
        "query": text,
        "type": "phrase",
        "fields": all_fields,
        "slop": 1,
        "boost": 3.0 * weight,
    }
    if not original:
        return [{"multi_match": best}, {"multi_match": phrase}]
    # Every word, or a near miss of it, in the important fields.
    best.update({"fuzziness": "AUTO:4,7", "prefix_length": 1, "max_expansions": 10})
    return [
        {"multi_match": best},
        {"multi_match": phrase},
        # Words spread over several fields.
        {
            "multi_match": {
                "query": text,
                "type": "cross_fields",
                "fields": all_fields,
                "operator": "and",
                "boost": 1.0 * weight,
            }
        },
        # Most of the words, for long questions.
        {
            "multi_match": {
                "query": text,
                "type": "most_fields",
                "fields": all_fields,
                "minimum_should_match": "2<70%",
                "fuzziness": "AUTO:4,7",
                "prefix_length": 1,
                "max_expansions": 10,
                "boost": 0.5 * weight,
            }
        },
    ]


def _database_search(response, tags, sort):
    """The reduced form: database full-text search, spelling and synonym
    alternatives, typo correction from the vocabulary, tag facets in SQL."""
    backend = database_backend()
    queryset = _filter_by_tags(visible_articles().defer_streamfields(), tags)
    query = response.query
    ids = []
    if query:
        ids = _database_match(backend, queryset, query)
        if not ids:
            corrected = vocabulary.correct(query)
            if corrected:
                ids = _database_match(backend, queryset, corrected)
                response.corrected_query = corrected
        if sort == "reviewed":
            order = dict(queryset.filter(pk__in=ids).values_list("pk", "last_reviewed"))
            ids.sort(
                key=lambda pk: (order.get(pk) is None, order.get(pk)), reverse=False
            )
            ids.sort(key=lambda pk: order.get(pk) or _EPOCH, reverse=True)
    else:
        ids = list(
            queryset.order_by(
                F("last_reviewed").desc(nulls_last=True), "title"
            ).values_list("pk", flat=True)
        )
    response.total = len(ids)
    start = (response.page - 1) * response.page_size
    words = normalise(response.corrected_query or query).split()
    response.results = [
        serialize(page, highlight_text(_page_text(page), words))
        for page in load_pages(ids[start : start + response.page_size])
    ]
    counts = (
        Tag.objects.filter(
            health_articles_healtharticletag_items__content_object_id__in=ids
        )
        .annotate(n=Count("health_articles_healtharticletag_items"))
        .order_by("-n", "name")
        .values_list("slug", "n")[:50]
    )
    response.facets = tag_facets(list(counts))


import datetime as _datetime  # noqa: E402

_EPOCH = _datetime.date(1900, 1, 1)


def _page_text(page):
    return page.summary


def _database_match(backend, queryset, query):
    alternatives = _alternatives(query)
    expanded = []
    for alternative in alternatives:
        words = alternative.split()
        expanded.append(alternative)
        variant_words = [spelling_variants(w) for w in words]
        if any(len(v) > 1 for v in variant_words):
            expanded.append(" ".join(v[-1] for v in variant_words))
            expanded.append(" ".join(v[0] for v in variant_words))
    expanded = list(dict.fromkeys(a for a in expanded if a))
    if not expanded:
        return []
    matches = _run_database(backend, queryset, expanded, "and")
    # The database backend does not stem: prefix matches on titles,
    # also-known-as names and tags find "cramps" for "cramp".
    seen = {page.pk for page in matches}
    for alternative in expanded[:4]:
        try:
            prefixed = list(backend.autocomplete(alternative, queryset)[:100])
        except TypeError:
            prefixed = []
        for page in prefixed:
            if page.pk not in seen:
                seen.add(page.pk)
                matches.append(page)
    if not matches:
        matches = _run_database(backend, queryset, expanded, "or")
    return _rerank(matches, expanded)


def _run_database(backend, queryset, alternatives, operator):
    search_query = Or([PlainText(a, operator=operator) for a in alternatives])
    try:
        return list(
            backend.search(search_query, queryset, order_by_relevance=True)[:300]
        )
    except TypeError:
        # The database backend cannot build a query from words it ignores
        # entirely (e.g. only stop words): no matches.
        return []


def _rerank(pages, alternatives):
    """Title and also-known-as matches first, as the engine's boosts would do."""

    def score(item):
        position, page = item
        title = normalise(page.title)
        names = [normalise(n) for n in page.also_known_as_list]
        best = 0
        for alternative in alternatives:
            if alternative == title or alternative in names:
                best = max(best, 4)
            elif re.search(rf"\b{re.escape(alternative)}", title) or any(
                re.search(rf"\b{re.escape(alternative)}", n) for n in names
            ):
                best = max(best, 3)
            elif all(
                re.search(rf"\b{re.escape(w[:5])}", title) for w in alternative.split()
            ):
                best = max(best, 2)
        return (-best, position)

    ranked = sorted(enumerate(pages), key=score)
    return [page.pk for _, page in ranked]


# ---------------------------------------------------------------- autocomplete


def autocomplete(prefix, limit=DEFAULT_AUTOCOMPLETE):
    prefix = clean_query(prefix)
    if not normalise(prefix):
        return {"query": prefix, "results": [], "backend": backend_label()}
    engine = engine_backend()
    backend_name = "database"
    pages = None
    if engine is not None and engine_available():
        try:
            pages = _engine_autocomplete(engine, prefix, limit)
            backend_name = engine.product
        except Exception as exc:  # noqa: BLE001 - fall back rather than fail
            engine_failed(exc, "Autocomplete")
    if pages is None:
        pages = _database_autocomplete(prefix, limit)
    promoted = promoted_pages(prefix)
    promoted_ids = {p.pk for p in promoted}
    results = [serialize_brief(p, promoted=True) for p in promoted] + [
        serialize_brief(p) for p in pages if p.pk not in promoted_ids
    ]
    return {"query": prefix, "results": results[:limit], "backend": backend_name}


def _starts_with_rank(pages, prefix):
    text = normalise(prefix)

    def rank(item):
        position, page = item
        title = normalise(page.title)
        names = [normalise(n) for n in page.also_known_as_list]
        if title.startswith(text):
            return (0, position)
        if any(n.startswith(text) for n in names):
            return (1, position)
        if re.search(rf"\b{re.escape(text)}", title):
            return (2, position)
        return (3, position)

    return [page for _, page in sorted(enumerate(pages), key=rank)]


def _engine_autocomplete(backend, prefix, limit):
    fields = es_fields(backend)
    text = normalise(prefix)
    should = [
        {
            "match": {
                fields["title_prefix"]: {"query": text, "operator": "and", "boost": 6}
            }
        },
        {
            "match": {
                fields["aka_prefix"]: {"query": text, "operator": "and", "boost": 5}
            }
        },
        {"match": {"_edgengrams": {"query": text, "operator": "and", "boost": 1}}},
        {"match_phrase_prefix": {fields["title"]: {"query": text, "boost": 4}}},
    ]
    if len(text.replace(" ", "")) >= vocabulary.MIN_TYPO_LENGTH:
        should.append(
            {
                "match": {
                    "_edgengrams": {
                        "query": text,
                        "operator": "and",
                        "fuzziness": "AUTO:4,7",
                        "prefix_length": 1,
                        "boost": 0.5,
                    }
                }
            }
        )
    filters = [
        {"term": {"_django_content_type": CONTENT_TYPE}},
        {"term": {fields["live"]: True}},
    ]
    must_not = []
    hidden = hidden_article_ids()
    if hidden:
        must_not.append({"ids": {"values": [str(pk) for pk in hidden]}})
    body = {
        "query": {
            "bool": {
                "should": should,
                "minimum_should_match": 1,
                "filter": filters,
                "must_not": must_not,
            }
        },
        "size": max(limit * 3, 20),
        "_source": False,
    }
    result = backend.raw_search(backend.page_index_name(), body)
    ids = [int(hit["_id"]) for hit in result["hits"]["hits"]]
    return _starts_with_rank(load_pages(ids), prefix)[:limit]


def _database_autocomplete(prefix, limit):
    backend = database_backend()
    queryset = visible_articles()
    text = normalise(prefix)
    pages = list(backend.autocomplete(text, queryset)[: max(limit * 3, 20)])
    if not pages:
        corrected = vocabulary.correct(text, prefix_last=True)
        if corrected:
            pages = list(
                backend.autocomplete(corrected, queryset)[: max(limit * 3, 20)]
            )
    ids = [p.pk for p in pages]
    return _starts_with_rank(load_pages(ids), prefix)[:limit]
