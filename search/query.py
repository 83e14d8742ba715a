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
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from taggit.models import Tag
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from health_articles.models import HealthArticlePage, HealthArticleTag

from . import synonyms, vocabulary
from .freshness import DerivedCache
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
    """Live, public articles: the only pages any search response may show.

    The same rule as Wagtail's ``live().public()`` (not in or under a page
    with a view restriction), written as one NOT EXISTS subquery: Wagtail's
    form first reads every restriction in a query of its own, an extra
    database round trip on every autocomplete keystroke.
    """
    from wagtail.models import PageViewRestriction

    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return HealthArticlePage.objects.live().exclude(Exists(restricted))


def searchable_articles():
    """The same pages, in the form a search backend's ``search()`` accepts
    (Wagtail's own filters; the backends cannot translate a subquery)."""
    return HealthArticlePage.objects.live().public()


def _build_hidden_ids():
    return tuple(
        sorted(
            HealthArticlePage.objects.live().not_public().values_list("pk", flat=True)
        )
    )


_hidden_ids = DerivedCache(_build_hidden_ids)


def hidden_article_ids():
    """Live articles that are private (password, login or group restricted).

    Used to keep them out of the engine's totals, facets and candidate lists.
    Cached per process until content changes (search/freshness.py); results
    never depend on it alone, since every page shown is re-checked in the
    database by :func:`load_pages`.
    """
    return list(_hidden_ids.get())


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


def _tag_names(page):
    names = getattr(page, "_search_tag_names", None)
    return list(names) if names is not None else [tag.name for tag in page.tags.all()]


def serialize(page, highlight=None, promoted=False):
    tags = _tag_names(page)
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
        "tags": _tag_names(page),
        # So the dropdown can say why a topic matched ("also called ...").
        "also_known_as": page.also_known_as_list,
    }
    if promoted:
        item["promoted"] = True
    return item


# What a result needs (serialize, the article card, page URLs); the body and
# the other columns stay in the database.
RESULT_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "content_type_id",
    "summary",
    "also_known_as",
    "last_reviewed",
)


def load_pages(ids):
    """Visible articles for ``ids``, in that order (hidden ones dropped).

    The visibility check always runs here, in the database, whatever an
    engine answered. Pages carry only the columns results need, with their
    tag names from one query (``_search_tag_names``).
    """
    if not ids:
        return []
    pages = _in_order(visible_articles(), ids)
    names = {}
    rows = HealthArticleTag.objects.filter(
        content_object_id__in=[page.pk for page in pages]
    ).values_list("content_object_id", "tag__name")
    for pk, name in rows.order_by("tag__name"):
        names.setdefault(pk, []).append(name)
    for page in pages:
        page._search_tag_names = names.get(page.pk, [])
    return pages


def _in_order(queryset, ids):
    """The pages of ``queryset`` among ``ids`` (result columns only), in
    the order of ``ids``."""
    by_id = queryset.filter(pk__in=ids).only(*RESULT_FIELDS).in_bulk()
    return [by_id[pk] for pk in ids if pk in by_id]


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


def _build_promoted_queries():
    from wagtail.contrib.search_promotions.models import SearchPromotion

    return frozenset(
        SearchPromotion.objects.exclude(page=None).values_list(
            "query__query_string", flat=True
        )
    )


_promoted_queries = DerivedCache(_build_promoted_queries)


def promoted_pages(query):
    """Editor-promoted, visible articles for the normalised query, in order."""
    if not query:
        return []
    try:
        from wagtail.contrib.search_promotions.models import Query
    except ImportError:  # pragma: no cover - app not installed
        return []
    key = normalise(query)
    lowered = query.strip().lower()
    promoted = _promoted_queries.get()
    if key not in promoted and lowered not in promoted:
        return []  # the usual case: no database query at all
    found = Query.objects.filter(query_string=key).first()
    if found is None and key != lowered:
        found = Query.objects.filter(query_string=lowered).first()
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
    if query:
        suggestion = vocabulary.correct(query)
        if suggestion and suggestion != normalise(query):
            # Few results, or typo tolerance found the topic under the
            # corrected name ("charly hors": Muscle cramps, also called
            # charley horse). Words that are only in article bodies are not
            # in the vocabulary; their results do not get a suggestion.
            if response.total < 3 or _names_top_result(response, query, suggestion):
                response.suggestion = suggestion
    _apply_promotions(response, tags)
    return response


def _names_top_result(response, query, suggestion):
    if not response.results:
        return False
    top = response.results[0]
    names = normalise(" ".join([top["title"], *top["also_known_as"]]))
    return suggestion in names and normalise(query) not in names


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
    alternatives = []
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
    # No engine highlighting: it reads each hit's stored source (the whole
    # body) and re-analyses it, which cost more than the query itself (about
    # 20 of 33 ms at 20,000 articles). The snippet is the editor's summary,
    # marked in Python with the visitor's words and their synonyms.
    body = {
        "query": {"bool": bool_query},
        "from": (response.page - 1) * response.page_size,
        "size": response.page_size,
        "_source": False,
        "track_total_hits": True,
        "aggs": {"tags": {"terms": {"field": fields["tag_slugs"], "size": 50}}},
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
    words = _highlight_words(query, alternatives)
    response.results = [
        serialize(page, highlight_text(page.summary, words)) for page in load_pages(ids)
    ]
    buckets = result.get("aggregations", {}).get("tags", {}).get("buckets", [])
    response.facets = tag_facets([(b["key"], b["doc_count"]) for b in buckets])


def _highlight_words(query, alternatives=()):
    """Words to mark in a snippet: the visitor's and their synonyms' words."""
    words = []
    for text in [query, *alternatives]:
        words.extend(normalise(text).split())
    return list(dict.fromkeys(words))


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
    # Every word, or a near miss of it, in the short fields that name the
    # topic. Fuzzy expansion over the body's large term dictionary cost more
    # than the rest of the query and found little the short fields miss.
    fuzzy = dict(best)
    fuzzy.update(
        {
            "fields": all_fields[:3],
            "fuzziness": "AUTO:4,7",
            "prefix_length": 1,
            "max_expansions": 10,
            "boost": 1.8 * weight,
        }
    )
    return [
        {"multi_match": best},
        {"multi_match": fuzzy},
        # A misspelt word compared with whole words: the stemmed fields hold
        # stems ("obes", "smoke"), so "obeity" or "smokig" are too far from
        # them; the ``.words`` subfields hold the unstemmed words.
        {
            "multi_match": {
                "query": text,
                "type": "best_fields",
                "fields": [f"{fields['title']}.words^2", f"{fields['aka']}.words"],
                "operator": "and",
                "fuzziness": "AUTO:4,7",
                "prefix_length": 1,
                "max_expansions": 10,
                "boost": 1.0 * weight,
            }
        },
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
                "boost": 0.5 * weight,
            }
        },
    ]


def _database_search(response, tags, sort):
    """The reduced form: database full-text search, spelling and synonym
    alternatives, typo correction from the vocabulary, tag facets in SQL."""
    backend = database_backend()
    queryset = _filter_by_tags(searchable_articles().defer_streamfields(), tags)
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
    # (On SQLite the full-text query matches word starts itself.)
    prefix_scan = () if _direct_fts(backend, queryset) else expanded[:4]
    for alternative in prefix_scan:
        prefixed = _prefix_match(queryset, alternative.split(), 100)
        fresh = [pk for pk in prefixed if pk not in seen]
        seen.update(fresh)
        matches.extend(_in_order(queryset, fresh))
    if not matches:
        matches = _run_database(backend, queryset, expanded, "or")
    return _rerank(matches, expanded)


def _run_database(backend, queryset, alternatives, operator):
    direct = _sqlite_fts(backend, queryset, alternatives, operator)
    if direct is not None:
        return direct
    search_query = Or([PlainText(a, operator=operator) for a in alternatives])
    try:
        return list(
            backend.search(search_query, queryset, order_by_relevance=True)[:300]
        )
    except TypeError:
        # The database backend cannot build a query from words it ignores
        # entirely (e.g. only stop words): no matches.
        return []


# Column weights for SQLite's bm25 over Wagtail's FTS5 table, in its column
# order (autocomplete, body, title): title matches count four times.
_FTS_WEIGHTS = "0.0, 1.0, 4.0"


def _direct_fts(backend, queryset):
    from django.db import connections

    return (
        "sqlite" in type(backend).__module__
        and connections[queryset.db].vendor == "sqlite"
    )


def _fts_word(word):
    """One visitor's word as an FTS5 expression. Words come from normalise()
    ([\\w']+) and are quoted as FTS5 strings. From three letters on, words
    starting with it match too ("cramp" finds "cramps": this backend does not
    stem); the exact word, listed twice, ranks higher."""
    quoted = '"' + word.replace('"', '""') + '"'
    if len(word) < 3:
        return quoted
    return f"({quoted} OR {quoted}*)"


def _sqlite_fts(backend, queryset, alternatives, operator):
    """Wagtail's SQLite full-text table, queried in one statement.

    Wagtail's SQLite backend ranks with a correlated subquery that repeats
    the full-text match for every matching row (about 10 s per search at
    20,000 articles); ranking in the match itself takes milliseconds. The
    table and its contents are Wagtail's; only the query is ours. Returns
    None when the backend is not Wagtail's SQLite one (the caller then uses
    ``backend.search``).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import DatabaseError, connections

    if not _direct_fts(backend, queryset):
        return None
    connection = connections[queryset.db]
    joiner = " AND " if operator == "and" else " OR "
    groups = []
    for alternative in alternatives:
        words = [w for w in alternative.split() if w][:MAX_ENGINE_WORDS]
        if words:
            groups.append("(" + joiner.join(_fts_word(w) for w in words) + ")")
    if not groups:
        return []
    match = "{title body} : (" + " OR ".join(groups) + ")"
    content_type = ContentType.objects.get_for_model(HealthArticlePage)
    sql = (
        "SELECT e.object_id FROM wagtailsearch_indexentry_fts "
        "JOIN wagtailsearch_indexentry e ON e.id = wagtailsearch_indexentry_fts.rowid "
        "WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s "
        f"ORDER BY bm25(wagtailsearch_indexentry_fts, {_FTS_WEIGHTS}) LIMIT 1000"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, content_type.pk])
            ids = [int(row[0]) for row in cursor.fetchall()]
    except DatabaseError as exc:
        logger.warning("Direct full-text query failed, using Wagtail's: %s", exc)
        return None
    return _in_order(queryset, ids)[:300]


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
        return {
            "query": prefix,
            "results": [],
            "suggestions": [],
            "backend": backend_label(),
        }
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
    return {
        "query": prefix,
        "results": results[:limit],
        "suggestions": suggested_searches(prefix, pages),
        "backend": backend_name,
    }


def suggested_searches(prefix, pages, limit=3):
    """Searches to offer for what was typed: the other names and tags of the
    matched topics that start with it ("charl" -> "charley horse"), never a
    visitor's query text. Titles are left out: they are the topics shown."""
    text = normalise(prefix)
    seen = {text} | {normalise(page.title) for page in pages}
    found = []
    for page in pages:
        for name in [*page.also_known_as_list, *_tag_names(page)]:
            key = normalise(name)
            if key not in seen and re.search(rf"(^|\s){re.escape(text)}", key):
                seen.add(key)
                found.append({"query": key})
    return found[:limit]


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
    """Prefix matches on titles, also-known-as names and tag names in SQL.

    Wagtail's database ``autocomplete()`` scans its full-text table for every
    prefix (about a minute per keystroke at 20,000 articles on SQLite); word
    starts in three short columns are a bounded scan instead.
    """
    text = normalise(prefix)
    candidates = max(limit * 3, 20)
    ids = _prefix_match(visible_articles(), text.split(), candidates)
    if not ids:
        corrected = vocabulary.correct(text, prefix_last=True)
        if corrected:
            ids = _prefix_match(visible_articles(), corrected.split(), candidates)
    return _starts_with_rank(load_pages(ids), prefix)[:limit]


def _word_start_q(field, word):
    # A word starts the column or follows a space or hyphen (also-known-as:
    # also a new line, one name per line, or an opening bracket).
    q = Q(**{f"{field}__istartswith": word})
    for before in (" ", "\n", "-", "(") if field == "also_known_as" else (" ", "-"):
        q |= Q(**{f"{field}__icontains": before + word})
    return q


def _prefix_match(queryset, words, limit):
    """Ids of articles where every word starts a word of the title, an
    also-known-as name or a tag name; shortest titles first."""
    words = [w for w in words if w][:MAX_ENGINE_WORDS]
    if not words:
        return []
    for word in words:
        tagged = HealthArticleTag.objects.filter(_word_start_q("tag__name", word))
        queryset = queryset.filter(
            _word_start_q("title", word)
            | _word_start_q("also_known_as", word)
            | Q(pk__in=tagged.values("content_object_id"))
        )
    return list(
        queryset.annotate(title_length=Length("title"))
        .order_by("title_length", "title")
        .values_list("pk", flat=True)[:limit]
    )
