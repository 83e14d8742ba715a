"""The engine searcher: every query body sent to Elasticsearch/OpenSearch.

Full search, autocomplete, more-like-this, the index-health count and the
reconciliation scan are all built here, each with the visibility rule's
engine filter (search/query/visibility.py). User text only ever reaches the
engine as the text of ``match`` queries, never as query syntax. Methods
raise on engine failure; the service (search/query/service.py) decides what
a failure means.
"""

from wagtail.search import index

from health_articles.models import HealthArticlePage

from .. import vocabulary
from ..freshness import live_articles
from ..synonyms import normalise
from . import names, ranking, semantic
from .results import (
    Card,
    highlight_words,
    highlighter,
    load_cards,
    serialize,
    tag_facets,
)
from .visibility import engine_filter, live_documents_filter, visible_urls

_field_cache = {}


def es_fields(backend):
    """Engine field names for the article fields our queries use."""
    key = id(type(backend))
    if key not in _field_cache:
        mapping = backend.mapping_for(HealthArticlePage)
        names = {}
        for search_field in HealthArticlePage.get_search_fields():
            if isinstance(search_field, index.RelatedFields):
                continue
            column = mapping.get_field_column_name(search_field)
            kind = type(search_field).__name__
            names[(search_field.field_name, kind)] = column
        _field_cache[key] = {
            "title": names[("title", "SearchField")],
            "aka": names[("also_known_as", "SearchField")],
            "terms": names[("clinical_terms", "SearchField")],
            "summary": names[("summary", "SearchField")],
            "body": names[("body", "SearchField")],
            "tag_names": names[("tag_names", "SearchField")],
            "title_prefix": names[("title", "AutocompleteField")],
            "aka_prefix": names[("also_known_as", "AutocompleteField")],
            "tag_slugs": names[("tag_slugs", "FilterField")],
            "tags": mapping.get_field_column_name(
                next(
                    f
                    for f in HealthArticlePage.get_search_fields()
                    if isinstance(f, index.RelatedFields) and f.field_name == "tags"
                )
            ),
            "live": names[("live", "FilterField")],
            "last_reviewed": names[("last_reviewed", "FilterField")],
        }
    return _field_cache[key]


# A total past this many matches is shown as "this many": counting every
# match of a broad query is work no visitor sees (pages beyond are lexical
# pages of 10 to 50, and nobody pages to 1,000).
TOTAL_HITS_CAP = 1000

# Hits as ids only, read from the ``pk`` field's doc values. Even with
# ``_source`` off the engine reads each hit's stored ``_id``, which sits in
# the compressed block of the whole stored document: for the fused head of
# 100 hits that was about 40% of the engine's time per search at 20,000
# articles (took 12.5 -> 7.7 ms on the bench's search bodies).
IDS_ONLY = {"stored_fields": "_none_", "docvalue_fields": ["pk"]}


# What a fused search reads of the engine's answer (empty parts are left out
# by the engine; ``took`` is kept for the benchmark's engine timings).
FUSED_FIELDS = "took,hits.total,hits.hits.fields.pk,aggregations.tags.buckets"


def hit_ids(hits):
    """The page ids of hits asked for with :data:`IDS_ONLY`."""
    return [int(hit["fields"]["pk"][0]) for hit in hits]


class EngineSearcher:
    def __init__(self, backend):
        self.backend = backend
        self.fields = es_fields(backend)
        self.index = backend.page_index_name()
        f = self.fields
        self.source = [
            f["title"],
            f["aka"],
            f["summary"],
            f["tags"],
            f["last_reviewed"],
        ]

    def _search(self, body, **params):
        return self.backend.raw_search(self.index, body, **params)

    def _cards(self, hits):
        """Cards for the hits visitors may see, in hit order, from the
        documents' own fields: no database row per result. Each hit is
        checked against the visible-URL map (a hidden or unpublished article
        whose document is not updated yet is dropped here)."""
        urls = visible_urls()
        f = self.fields
        cards = []
        for hit in hits:
            pk = int(hit["_id"])
            url = urls.get(pk)
            if url is None:
                continue
            doc = hit.get("_source") or {}
            cards.append(
                Card(
                    pk,
                    url,
                    doc.get(f["title"]),
                    doc.get(f["summary"]),
                    doc.get(f["aka"]),
                    [t.get("name") or "" for t in doc.get(f["tags"]) or ()],
                    doc.get(f["last_reviewed"]),
                )
            )
        return cards

    def search(self, response, tags, sort, alternatives):
        query = response.query
        vocab = vocabulary.get() if query else {}
        should = (
            ranking.query_clauses(self.fields, alternatives, vocab.__contains__)
            if query
            else []
        )
        bool_query = engine_filter(self.fields, tags)
        if should:
            bool_query["should"] = should
            bool_query["minimum_should_match"] = 1
        # No engine highlighting: it reads each hit's stored source (the whole
        # body) and re-analyses it, which cost more than the query itself
        # (about 20 of 33 ms at 20,000 articles). The snippet is the editor's
        # summary, marked in Python with the visitor's words and synonyms.
        start = (response.page - 1) * response.page_size
        # Relevance order: the lexical head is fused with the semantic half
        # (search/query/semantic.py), then the page is cut from the fusion.
        fused = (
            bool(query)
            and sort != "reviewed"
            and start + response.page_size <= semantic.DEPTH
        )
        body = {
            "query": {"bool": bool_query},
            "from": 0 if fused else start,
            "size": semantic.DEPTH if fused else response.page_size,
            "track_total_hits": TOTAL_HITS_CAP,
        }
        if fused:
            # The fused head needs ids only; its page's fields come after.
            body.update(IDS_ONLY)
        else:
            body["_source"] = {"includes": self.source}
        if response.want_facets:
            body["aggs"] = {
                "tags": {"terms": {"field": self.fields["tag_slugs"], "size": 50}}
            }
        if sort == "reviewed" or not query:
            body["sort"] = [
                {self.fields["last_reviewed"]: {"order": "desc", "missing": "_last"}},
                "_score",
                {"pk": {"order": "asc"}},  # a stable order across pages
            ]
        # The fused head's answer trimmed to what is read: parsing 100 hits'
        # metadata was about 6% of a search's Python time under load.
        result = self._search(body, **({"filter_path": FUSED_FIELDS} if fused else {}))
        hits = result.get("hits", {}).get("hits", [])
        total = result.get("hits", {}).get("total", 0)
        response.total = total["value"] if isinstance(total, dict) else int(total)
        if fused:
            allowed = visible_urls()
            ids = [pk for pk in hit_ids(hits) if pk in allowed]
            ids, response.total = semantic.blend(
                ranking.semantic_text(alternatives),
                ids,
                response.total,
                semantic.tag_filter(tags),
            )
            ids = names.exact_first(ids, alternatives)
            # The page's fields from the database, not a second engine
            # request (results.load_cards).
            cards = load_cards(ids[start : start + response.page_size])
        else:
            cards = self._cards(hits)
        mark = highlighter(highlight_words(query, alternatives))
        response.results = [serialize(card, mark(card.summary)) for card in cards]
        buckets = result.get("aggregations", {}).get("tags", {}).get("buckets", [])
        response.facets = tag_facets([(b["key"], b["doc_count"]) for b in buckets])

    def autocomplete(self, prefix, limit):
        text = normalise(prefix)
        typo_tolerant = len(text.replace(" ", "")) >= vocabulary.MIN_TYPO_LENGTH
        bool_query = engine_filter(self.fields)
        bool_query["should"] = ranking.autocomplete_clauses(
            self.fields, text, typo_tolerant
        )
        bool_query["minimum_should_match"] = 1
        body = {
            "query": {"bool": bool_query},
            "size": max(limit * 3, 20),
            "_source": {"includes": self.source},
            "track_total_hits": False,
        }
        cards = self._cards(self._search(body)["hits"]["hits"])
        return ranking.starts_with_first(cards, prefix)[:limit]

    def more_like_this(self, page, exclude, limit):
        bool_query = engine_filter(self.fields, exclude=exclude)
        bool_query["must"] = [
            {
                "more_like_this": {
                    "fields": [
                        self.fields["title"],
                        self.fields["aka"],
                        self.fields["terms"],
                        self.fields["summary"],
                        self.fields["body"],
                        self.fields["tag_names"],
                    ],
                    "like": [{"_index": self.index, "_id": str(page.pk)}],
                    "min_term_freq": 1,
                    "min_doc_freq": 1,
                    # Words in more than a tenth of the articles say little
                    # about a topic and made the query slow (about 100 ms to
                    # 10 ms at 20,000 articles).
                    "max_doc_freq": max(500, live_articles() // 10),
                    "max_query_terms": 40,
                    "minimum_should_match": "10%",
                }
            }
        ]
        body = {"query": {"bool": bool_query}, "size": limit, **IDS_ONLY}
        return hit_ids(self._search(body)["hits"]["hits"])

    def live_document_count(self, timeout=3):
        """How many live article documents the index holds (index health)."""
        body = {"query": {"bool": {"filter": live_documents_filter(self.fields)}}}
        return self.backend.es.count(
            index=self.index, body=body, request_timeout=timeout
        )["count"]

    def page_states(self):
        """{page id: live} for every page document in the index (reconcile)."""
        live_field = self.fields["live"]
        self.backend.es.indices.refresh(index=self.index)
        found = {}
        after = None
        while True:
            # Doc values only: loading each hit's _source (the whole article)
            # made this scan seconds long on a large index.
            body = {
                "query": {"match_all": {}},
                "size": 10000,
                "sort": [{"pk": "asc"}],
                "stored_fields": "_none_",
                "docvalue_fields": ["pk", live_field],
            }
            if after is not None:
                body["search_after"] = after
            hits = self._search(body)["hits"]["hits"]
            if not hits:
                return found
            for pk, hit in zip(hit_ids(hits), hits, strict=True):
                live = hit["fields"].get(live_field) or [False]
                found[pk] = live[0] in (True, "true")
            after = hits[-1]["sort"]
