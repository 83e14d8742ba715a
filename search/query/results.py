"""What a search answers with: the response, items, snippets and facets."""

import datetime
import html
import re
from dataclasses import dataclass, field

from django.db import connections
from taggit.models import Tag

from health_articles.models import HealthArticleTag, also_known_as_names

from ..freshness import DerivedCache
from ..privacy import past_query_suggestions
from ..synonyms import normalise
from .inputs import DEFAULT_PAGE_SIZE
from .visibility import visible_articles, visible_urls


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
    # Tag facets cost an aggregation: asked for only where they are shown.
    want_facets: bool = True
    urgent_help: object = None  # search/urgent.py UrgentHelp, or None

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
            "urgent_help": self.urgent_help.as_json() if self.urgent_help else None,
            "backend": self.backend,
            "degraded": self.degraded,
        }


class Card:
    """What a result or a suggestion shows, without a model instance: built
    from the engine's document (search/query/engine.py) and the visible-URL
    map (search/query/visibility.py). It answers the attributes the
    serialisers and the autocomplete order read from a page."""

    __slots__ = (
        "pk",
        "title",
        "summary",
        "also_known_as_list",
        "_search_tag_names",
        "last_reviewed",
        "url_path",
    )

    def __init__(self, pk, url, title, summary, also_known_as, tags, last_reviewed):
        self.pk = pk
        self.url_path = url
        self.title = title or ""
        self.summary = summary or ""
        self.also_known_as_list = also_known_as_names(also_known_as)
        self._search_tag_names = sorted(tags)
        if isinstance(last_reviewed, str):  # an engine document's date
            last_reviewed = datetime.date.fromisoformat(last_reviewed[:10])
        self.last_reviewed = last_reviewed or None

    def get_url(self):
        return self.url_path


def _tag_names(page):
    names = getattr(page, "_search_tag_names", None)
    return list(names) if names is not None else [tag.name for tag in page.tags.all()]


def serialize(page, highlight=None, promoted=False):
    item = {
        "id": page.pk,
        "title": page.title,
        "url": page.get_url() or page.url_path,
        "summary": page.summary,
        "highlight": highlight or highlight_text(page.summary, []),
        "tags": _tag_names(page),
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
        "last_reviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
    }
    if promoted:
        item["promoted"] = True
    return item


def suggested_searches(prefix, pages, limit=3):
    """Searches to offer for what was typed: the other names and tags of the
    matched topics that start with it ("charl" -> "charley horse"), then
    visitors' past queries that pass the privacy rules (search/privacy.py).
    Titles are left out: they are the topics shown."""
    text = normalise(prefix)
    seen = {text} | {normalise(page.title) for page in pages}
    found = []
    for page in pages:
        for name in [*page.also_known_as_list, *_tag_names(page)]:
            key = normalise(name)
            if key not in seen and re.search(rf"(^|\s){re.escape(text)}", key):
                seen.add(key)
                found.append({"query": key})
    for key in past_query_suggestions(text, seen, limit - len(found)):
        found.append({"query": key})
    return found[:limit]


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


def in_order(queryset, ids):
    """The pages of ``queryset`` among ``ids`` (result columns only), in
    the order of ``ids``."""
    by_id = queryset.filter(pk__in=ids).only(*RESULT_FIELDS).in_bulk()
    return [by_id[pk] for pk in ids if pk in by_id]


class NameCard:
    """A match as the database searcher ranks it (``ranking.names_first``):
    id, title and also-known-as names, without a model instance."""

    __slots__ = ("pk", "title", "also_known_as_list")

    def __init__(self, pk, title, also_known_as):
        self.pk = pk
        self.title = title or ""
        self.also_known_as_list = also_known_as_names(also_known_as)


def match_cards(queryset, ids):
    """``NameCard`` for the articles of ``queryset`` among ``ids``, in the
    order of ``ids``: three columns, no model instances (building up to 600
    pages per search cost about a third of the database search's time at
    20,000 articles)."""
    rows = queryset.filter(pk__in=ids).values_list("pk", "title", "also_known_as")
    by_id = {row[0]: NameCard(*row) for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def load_pages(ids):
    """Visible articles for ``ids``, in that order (hidden ones dropped).

    The visibility check always runs here, in the database, whatever an
    engine answered. Pages carry only the columns results need, with their
    tag names from one query (``_search_tag_names``).
    """
    if not ids:
        return []
    pages = in_order(visible_articles(), ids)
    names = _tag_names_of([page.pk for page in pages])
    for page in pages:
        page._search_tag_names = names.get(page.pk, [])
    return pages


class CompiledIn:
    """A ``values_list`` query over a list of ids whose SQL is compiled once
    per number of ids, then run with the ids as parameters.

    Django builds and compiles a queryset on every call: for a page of
    results that was about 40% of a search's Python time under load, most
    of it the visibility rule's subquery. The query still runs each time,
    so the rule is evaluated against the database as it is now; only its
    SQL text is reused. ``make(ids)`` returns the queryset. Rows come from
    the database driver without Django's converters (SQLite gives dates as
    text: the cards accept both).
    """

    MAX_SIZES = 64

    def __init__(self, make):
        self.make = make
        self._compiled = {}

    def rows(self, ids):
        ids = list(ids)
        if not ids:
            return []
        compiled = self._compiled.get(len(ids))
        if compiled is None:
            compiled = self._compile(len(ids))
            if compiled is None:  # the ids could not be told apart: no memo
                return list(self.make(ids))
            if len(self._compiled) < self.MAX_SIZES:
                self._compiled[len(ids)] = compiled
        alias, sql, params, slots = compiled
        params = list(params)
        for position, index in slots:
            params[position] = ids[index]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _compile(self, size):
        # Stand-in ids no page has, so their places among the parameters
        # can be found in the compiled query.
        stand_ins = [-7_000_001 - i for i in range(size)]
        queryset = self.make(stand_ins)
        sql, params = queryset.query.sql_with_params()
        index_of = {value: i for i, value in enumerate(stand_ins)}
        slots = [
            (position, index_of[value])
            for position, value in enumerate(params)
            if isinstance(value, int) and value in index_of
        ]
        if sorted(i for _, i in slots) != list(range(size)):
            return None
        return queryset.db, sql, tuple(params), slots


_result_rows = CompiledIn(
    lambda ids: (
        visible_articles()
        .filter(pk__in=ids)
        .order_by()
        .values_list("pk", "title", "summary", "also_known_as", "last_reviewed")
    )
)
_tag_rows = CompiledIn(
    lambda ids: (
        HealthArticleTag.objects.filter(content_object_id__in=ids)
        .values_list("content_object_id", "tag__name")
        .order_by("tag__name")
    )
)


def _tag_names_of(ids):
    """{article id: tag names in order} for ``ids`` (one query)."""
    names = {}
    for pk, name in _tag_rows.rows(ids):
        names.setdefault(pk, []).append(name)
    return names


def load_cards(ids):
    """Cards for the visible articles among ``ids``, in that order, without
    model instances: the rule applied in the database (the result columns
    in one query, tag names in another), URLs from the visible-URL map.

    The engine searcher's fused page uses it: asking the engine for ten
    documents cost about 2.4 ms of the engine's time per search (it parses
    each whole stored document, body included, to pick five fields), the
    database 0.8 ms of ours (SQLite, 20,000 articles).
    """
    if not ids:
        return []
    rows = {row[0]: row for row in _result_rows.rows(ids)}
    urls = visible_urls()
    # Published in another process moments ago: the map has not seen it yet
    # (it follows the content fingerprint, read every few seconds). The rule
    # above said it is visible; its URL from its page.
    unmapped = [pk for pk in rows if pk not in urls]
    late = {
        page.pk: page.get_url() or page.url_path
        for page in (in_order(visible_articles(), unmapped) if unmapped else ())
    }
    names = _tag_names_of(list(rows))
    cards = []
    for pk in ids:
        if pk in rows:
            _pk, title, summary, aka, reviewed = rows[pk]
            url = urls[pk] if pk in urls else late[pk]
            cards.append(
                Card(pk, url, title, summary, aka, names.get(pk, ()), reviewed)
            )
    return cards


def highlight_words(query, alternatives=()):
    """Words to mark in a snippet: the visitor's and their synonyms' words."""
    words = []
    for text in [query, *alternatives]:
        words.extend(normalise(text).split())
    return list(dict.fromkeys(words))


def highlight_text(text, words, length=220):
    """Escape ``text``; mark words starting with any of ``words``.

    Matches are found on the raw text and each piece is escaped on its own, so
    a query word can never land inside an HTML entity.
    """
    return highlighter(words, length)(text)


def highlighter(words, length=220):
    """``highlight_text`` for one set of words, its pattern built once (a
    page of results marks ten summaries with the same words)."""
    stems = sorted(
        {w[: max(4, len(w) - 2)] for w in words if len(w) >= 3}, key=len, reverse=True
    )
    pattern = None
    if stems:
        alternatives = "|".join(re.escape(stem) for stem in stems)
        pattern = re.compile(rf"\b(?:{alternatives})\w*", re.I)
    return lambda text: _marked(text, pattern, length)


def _marked(text, pattern, length):
    text = " ".join((text or "").split())
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


def _build_tag_names():
    return dict(Tag.objects.values_list("slug", "name"))


# Tags are part of the content fingerprint (search/freshness.py).
_tag_names_by_slug = DerivedCache(_build_tag_names)


def tag_facets(counts):
    """[(slug, count)] -> [{"slug", "name", "count"}] (tags that exist only)."""
    names = _tag_names_by_slug.get()
    return [
        {"slug": slug, "name": names[slug], "count": count}
        for slug, count in counts
        if slug in names and count > 0
    ]
