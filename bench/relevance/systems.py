"""The systems the judged relevance set compares, run inside a Django process
(``bench.worker relevance-judged``).

Each system maps a query text to a ranked list of article keys (the page's
``source_id``: ``medlineplus:<topic id>`` or ``demo:<slug>``), at most 10.

- ``ours``: ``search.query.search_articles`` on whatever backend the process
  is configured with (the engine, or the database backend when no engine URL
  is set).
- ``stock``: Wagtail's own ``.search()`` on the ``stock`` backend (Wagtail's
  Elasticsearch 7 class, see bench/settings.py), same engine and data.
- ``bm25``: a plain BM25 ``multi_match`` over title, also-known-as, tags,
  summary and body, on an index of its own built here on the same engine
  (the engine's ``english`` analyzer: no synonyms, no fuzziness).
- ``bm25-mesh``: the same with the MeSH headings the MedlinePlus XML carries
  as one more field (read from the XML here; the importer does not keep them).
- ``bm25-embed``: ``bm25`` fused with embedding cosine (exact, in process,
  over every article) by reciprocal rank fusion; needs search/embeddings.py.

The baseline index is the benchmark's own: only bench/ builds it, the site's
search never reads it.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

from .examples import EXAMPLES
from .examples import TOP as EXAMPLE_TOP

TOP = 10
BM25_FIELDS = ["title", "also_known_as", "tags", "summary", "body"]
RRF_K = 60
RRF_DEPTH = 100


def article_rows():
    """(pk, key, fields) of every live article, fields as plain text."""
    from health_articles.models import HealthArticlePage
    from search.backends.rawtext import stream_field_text

    body_field = HealthArticlePage._meta.get_field("body")
    rows = []
    pages = (
        HealthArticlePage.objects.live()
        .prefetch_related("tags")
        .only("pk", "title", "summary", "also_known_as", "body", "source_id")
    )
    for page in pages:
        body = stream_field_text(body_field, body_field.value_from_object(page))
        rows.append(
            (
                page.pk,
                page.source_id or f"page:{page.pk}",
                {
                    "title": page.title,
                    "also_known_as": page.also_known_as or "",
                    "tags": " | ".join(t.name for t in page.tags.all()),
                    "summary": page.summary or "",
                    "body": " ".join(body) if isinstance(body, list) else body,
                },
            )
        )
    return rows


def mesh_headings(xml_path):
    """{source_id: "heading | heading"} from the MedlinePlus XML."""
    found = {}
    for topic in ET.parse(xml_path).getroot().iter("health-topic"):
        names = [
            " ".join((d.text or "").split())
            for d in topic.iter("descriptor")
            if (d.text or "").strip()
        ]
        found[f"medlineplus:{(topic.get('id') or '').strip()}"] = " | ".join(names)
    return found


class Baseline:
    """A plain BM25 index on the same engine: built once per process."""

    def __init__(self, es, name, rows, mesh=None):
        self.es = es
        self.name = name
        fields = BM25_FIELDS + (["mesh"] if mesh is not None else [])
        self.fields = fields
        if es.indices.exists(index=name):
            es.indices.delete(index=name)
        es.indices.create(
            index=name,
            body={
                "settings": {"number_of_shards": 1, "number_of_replicas": 0},
                "mappings": {
                    "properties": {
                        "key": {"type": "keyword"},
                        **{f: {"type": "text", "analyzer": "english"} for f in fields},
                    }
                },
            },
        )
        from elasticsearch.helpers import bulk

        actions = []
        for _pk, key, doc in rows:
            source = dict(doc, key=key)
            if mesh is not None:
                source["mesh"] = mesh.get(key, "")
            actions.append({"_index": name, "_id": key, "_source": source})
        bulk(es, actions, refresh=True)

    def search(self, text, size=TOP):
        body = {
            "size": size,
            "_source": False,
            "query": {
                "multi_match": {
                    "query": text,
                    "fields": self.fields,
                    "type": "best_fields",
                    "tie_breaker": 0.3,
                }
            },
        }
        hits = self.es.search(index=self.name, body=body)["hits"]["hits"]
        return [h["_id"] for h in hits]

    def drop(self):
        self.es.indices.delete(index=self.name, ignore=[404])


class Dense:
    """Exact cosine search over every article's embedding, in process."""

    def __init__(self, rows):
        from search import embeddings

        self.keys = [key for _pk, key, _doc in rows]
        texts = [
            " ".join([d["title"], d["also_known_as"], d["tags"], d["summary"]])
            for _pk, _key, d in rows
        ]
        self.model = embeddings
        t0 = time.perf_counter()
        self.matrix = embeddings.embed(texts)
        self.embed_seconds = time.perf_counter() - t0

    def search(self, text, size=RRF_DEPTH):
        vector = self.model.embed([text])[0]
        scores = self.matrix @ vector
        order = scores.argsort()[::-1][:size]
        return [self.keys[i] for i in order]


def rrf(*rankings, k=RRF_K, size=TOP):
    scores = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda key: -scores[key])[:size]


def build(names, xml_path, prefix):
    """{system name: callable(text) -> keys} for the names available here,
    plus a list of notes (what could not run and why)."""
    from search import query

    rows = article_rows()
    key_of = {pk: key for pk, key, _doc in rows}
    engine = query.engine_backend()
    systems, notes, cleanup = {}, [], []
    label = "elasticsearch" if engine is not None else "database"

    if "ours" in names:
        from search.query import semantic

        # A first build this large runs in the background (searches before it
        # are lexical only): the measured searches use the vectors.
        semantic.warm()

        def ours(text):
            response = query.search_articles(text, page_size=TOP)
            if engine is not None and response.degraded:
                # The engine failed and search fell back to the database: that
                # is not the engine's ranking.
                raise RuntimeError("engine failed, search fell back to the database")
            return [key_of.get(r["id"], f"page:{r['id']}") for r in response.results]

        systems[f"ours ({label})"] = ours
    if engine is None:
        return systems, notes, cleanup, rows

    if "stock" in names:
        from django.conf import settings

        if "stock" in settings.WAGTAILSEARCH_BACKENDS:
            from health_articles.models import HealthArticlePage

            def stock(text):
                found = HealthArticlePage.objects.live().search(text, backend="stock")[
                    :TOP
                ]
                return [key_of.get(p.pk, f"page:{p.pk}") for p in found]

            systems["wagtail .search() (elasticsearch)"] = stock
        else:
            notes.append("stock: no stock backend configured (BENCH_STOCK_PREFIX)")
    bm25 = None
    if {"bm25", "bm25-embed"} & set(names):
        bm25 = Baseline(engine.es, f"{prefix}bm25_baseline", rows)
        cleanup.append(bm25.drop)
    if "bm25" in names:
        systems["plain BM25 (elasticsearch)"] = bm25.search
    if "bm25-mesh" in names:
        with_mesh = Baseline(
            engine.es, f"{prefix}bm25_mesh", rows, mesh=mesh_headings(xml_path)
        )
        cleanup.append(with_mesh.drop)
        systems["plain BM25 + MeSH (elasticsearch)"] = with_mesh.search
    if "bm25-embed" in names:
        try:
            dense = Dense(rows)
        except ImportError as exc:
            notes.append(f"bm25-embed: embeddings unavailable ({exc})")
        else:
            notes.append(
                f"bm25-embed: {len(rows)} articles embedded in "
                f"{dense.embed_seconds:.2f}s ({dense.model.model_name()})"
            )

            def fused(text):
                return rrf(bm25.search(text, size=RRF_DEPTH), dense.search(text))

            systems["BM25 + embeddings RRF (elasticsearch)"] = fused
    return systems, notes, cleanup, rows


def query_engine():
    from search import query

    return query.engine_backend()


def run(queries, names, xml_path, prefix):
    """Rankings of every system for every query: {system: {query id: [keys]}}."""
    systems, notes, cleanup, rows = build(names, xml_path, prefix)
    rankings, timing, errors, examples = {}, {}, {}, {}
    related_found = {}
    try:
        for name, fn in systems.items():
            ranked = {}
            failures = []
            t0 = time.perf_counter()
            for q in queries:
                try:
                    ranked[q["id"]] = list(fn(q["text"]))[:TOP]
                except Exception as exc:  # noqa: BLE001 - counted, reported
                    ranked[q["id"]] = []
                    failures.append(f"{q['text']!r}: {type(exc).__name__}: {exc}")
            timing[name] = time.perf_counter() - t0
            rankings[name] = ranked
            if failures:
                errors[name] = failures[:5] + [f"({len(failures)} in all)"]
            if name.startswith("ours"):
                examples[name] = {}
                for text in EXAMPLES:
                    try:
                        examples[name][text] = list(fn(text))[:EXAMPLE_TOP]
                    except Exception as exc:  # noqa: BLE001 - counted, reported
                        examples[name][text] = []
                        failures.append(f"{text!r}: {type(exc).__name__}: {exc}")
        if any(name.startswith("ours") for name in systems):
            from . import related

            label = "elasticsearch" if query_engine() is not None else "database"
            related_found = related.rankings(label)
    finally:
        for drop in cleanup:
            try:
                drop()
            except Exception:  # noqa: BLE001 - best effort
                pass
    return {
        "articles": len(rows),
        "rankings": rankings,
        "seconds": timing,
        "errors": errors,
        "notes": notes,
        "examples": examples,
        "related": related_found,
        "titles": {key: doc["title"] for _pk, key, doc in rows},
    }
