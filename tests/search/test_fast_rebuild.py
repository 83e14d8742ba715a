"""The fast full rebuild (search/backends/bulk.py, rawtext.py).

Its documents must equal the ones Wagtail's own mapping builds, for every
block type of the article body, so the two paths can never drift silently;
on the engine it must stay atomic (a refused document keeps the old index),
restore the index settings it changed, and leave everything findable.
"""

import io
import json
import uuid

import pytest
from django.core.management import call_command
from modelsearch.backends.elasticsearch7 import Elasticsearch7Mapping
from modelsearch.backends.opensearch2 import OpenSearch2Mapping
from wagtail.search.backends import get_search_backend

from health_articles.models import HealthArticlePage
from search import outbox
from search.backends.documents import DocumentPlan, RebuildError, dumps
from search.backends.engine import backend_class
from search.backends.rawtext import text_for_indexing
from search.conf import search_backends_from_env
from search.indexing import rebuild_index
from tests.conftest import make_article


def _id():
    return str(uuid.uuid4())


TRICKY_HTML = [
    "<p>Plain <b>bold</b> and <i>italic</i> text.</p><p>Second paragraph.</p>",
    "<ul><li>One</li><li>Two &amp; three</li></ul><ol><li>Four</li></ol>",
    '<p>See <a href="https://example.org/?a=1&amp;b=2">a link</a> &lt;here&gt;.</p>',
    "<p>Quoted <a href=\"x>y\" title='a>b'>attribute</a> values.</p>",
    "<p>Line<br/>break and<br />another<br>one</p><hr/>",
    "<P>Upper</P><H2>Heading</H2><blockquote>Quote</blockquote>tail",
    "<p>a < b and c > d</p>",
    "<p>x</p><!-- a comment --><p>y</p>",
    "<p>Caf&eacute; na&#239;ve &#x263A; H<sub>2</sub>O x<sup>2</sup></p>",
    "  no tags at all &amp; entities  ",
    "",
]

BODY = [
    {"type": "heading", "value": {"text": "What is it?", "level": "h2"}, "id": _id()},
    {
        "type": "heading",
        "value": {"text": "Details", "level": "h3", "anchor": "more"},
        "id": _id(),
    },
    *({"type": "paragraph", "value": html, "id": _id()} for html in TRICKY_HTML),
    {
        "type": "key_facts",
        "value": {"title": "Key facts", "facts": ["Fact one", "Fact two"]},
        "id": _id(),
    },
    {
        # New-style list items and an old-style plain list.
        "type": "symptoms",
        "value": {
            "title": "Symptoms",
            "intro": "You may notice:",
            "items": [
                {"type": "item", "value": "Cramp in the calf", "id": _id()},
                {"type": "item", "value": "Sudden pain", "id": _id()},
            ],
        },
        "id": _id(),
    },
    # A struct with missing keys: the block's defaults are indexed.
    {"type": "causes", "value": {"items": ["Dehydration"]}, "id": _id()},
    {
        "type": "treatment",
        "value": {
            "title": "Self-care",
            "steps": [
                {
                    "type": "item",
                    "value": {"title": "Stretch", "detail": "Gently."},
                    "id": _id(),
                },
                {"title": "Rest", "detail": ""},
            ],
        },
        "id": _id(),
    },
    {
        "type": "see_doctor",
        "value": {
            "title": "When to see a doctor",
            "urgency": "emergency",
            "text": "<p>Call <b>999</b> if it lasts.</p>",
        },
        "id": _id(),
    },
    {
        "type": "see_doctor",
        "value": {"title": "Odd", "urgency": "not-a-choice", "text": ""},
        "id": _id(),
    },
    {
        "type": "image",
        "value": {"image": 987654, "alt_text": "A calf muscle", "caption": "Calf"},
        "id": _id(),
    },
    {
        "type": "quote",
        "value": {"quote": "It helped.", "attribution": "A patient"},
        "id": _id(),
    },
    {
        "type": "faq",
        "value": {
            "title": "FAQ",
            "items": [
                {
                    "type": "item",
                    "value": {
                        "question": "Is it serious?",
                        "answer": "<p>Usually <i>not</i>.</p>",
                    },
                    "id": _id(),
                }
            ],
        },
        "id": _id(),
    },
    {
        "type": "references",
        "value": {
            "title": "References",
            "references": [
                {
                    "type": "item",
                    "value": {
                        "title": "Muscle cramps",
                        "publisher": "NHS",
                        "url": "https://www.nhs.uk/",
                        "doi": "10.1000/xyz",
                        "accessed": "2026-01-02",
                    },
                    "id": _id(),
                }
            ],
        },
        "id": _id(),
    },
    {
        "type": "table",
        "value": {
            "data": [["Name", "Dose"], ["Ibuprofen", None], ["", "200 mg"]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
        },
        "id": _id(),
    },
    {
        "type": "search_box",
        "value": {"label": "Search topics", "placeholder": "e.g. cramps"},
        "id": _id(),
    },
    # A block type the stream no longer defines is ignored by both paths.
    {"type": "retired_block", "value": "gone", "id": _id()},
]


@pytest.fixture
def mapping_backend():
    """Our backend class, without talking to an engine."""
    cls = backend_class("elasticsearch", 7)
    return cls({"URLS": ["http://127.0.0.1:1"], "INDEX_PREFIX": "unused_"})


def _articles(site_tree):
    first = make_article(
        site_tree["index"],
        "Muscle cramps",
        summary="Sudden, painful tightening of a muscle.",
        also_known_as="charley horse\nmuscle spasm",
        tags=["Muscles", "Sports injuries"],
    )
    HealthArticlePage.objects.filter(pk=first.pk).update(body=json.dumps(BODY))
    second = make_article(site_tree["index"], "Headache", body_text="Head pain.")
    third = make_article(site_tree["index"], "Draft topic", publish=False)
    return [first, second, third]


def _normalise(document):
    return json.loads(dumps(document))


@pytest.mark.parametrize(
    "product,major,stock_mapping",
    [
        ("elasticsearch", 7, Elasticsearch7Mapping),
        ("opensearch", 2, OpenSearch2Mapping),
    ],
)
def test_fast_documents_equal_wagtails(site_tree, product, major, stock_mapping):
    """Fast-rebuild documents equal the stock Wagtail mapping's, for the backend
    class of each engine the suite runs (Elasticsearch 7, OpenSearch 2)."""
    mapping_backend = backend_class(product, major)(
        {"URLS": ["http://127.0.0.1:1"], "INDEX_PREFIX": "unused_"}
    )
    pages = _articles(site_tree)
    plan = DocumentPlan(
        mapping_backend.mapping_class(HealthArticlePage), HealthArticlePage
    )
    fast = {}
    for chunk in plan.chunks(size=2):  # several chunks, keyset pagination
        fast.update(chunk)
    assert set(fast) == {str(page.pk) for page in pages}

    stock = stock_mapping(HealthArticlePage)
    ours = mapping_backend.mapping_class(HealthArticlePage)
    body = ours.get_field_column_name(
        next(f for f in HealthArticlePage.search_fields if f.field_name == "body")
    )
    for page in HealthArticlePage.get_indexed_objects().order_by("pk"):
        expected = _normalise(stock.get_document(page))
        assert _normalise(fast[str(page.pk)]) == expected
        # Our mapping (outbox deliveries, update_index) uses the same raw path.
        fresh = HealthArticlePage.objects.get(pk=page.pk)
        assert _normalise(ours.get_document(fresh)) == expected
        if page.title == "Muscle cramps":
            text = " ".join(expected[body])
            for word in ("Gently", "999", "Ibuprofen", "Usually", "Dehydration"):
                assert word in text
            assert "Call emergency services" in expected[body]


def test_edited_stream_value_is_read_the_wagtail_way(site_tree, mapping_backend):
    page = _articles(site_tree)[0]
    page = HealthArticlePage.objects.get(pk=page.pk)
    page.body[0].value["text"] = "Changed in memory"  # raw JSON is now stale
    document = mapping_backend.mapping_class(HealthArticlePage).get_document(page)
    body = document["health_articles_healtharticlepage__body"]
    assert body[0] == "Changed in memory"


@pytest.mark.parametrize("html", TRICKY_HTML)
def test_rich_text_strip_matches_wagtail(html):
    from wagtail.rich_text import get_text_for_indexing

    assert text_for_indexing(html) == get_text_for_indexing(html)


# ---------------------------------------------------------------- on the engine


@pytest.fixture
def engine(settings, es_url, db):
    prefix = f"test_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env(
        url=es_url, index_prefix=prefix, timeout=30
    )
    outbox.forget_ensured_indexes()
    yield prefix
    outbox.forget_ensured_indexes()
    get_search_backend("default").es.indices.delete(index=f"{prefix}*")


def _aliased(backend):
    return set(backend.es.indices.get_alias(name=backend.page_index_name()))


def _search_ids(client, q):
    response = client.get("/api/search/", {"q": q, "page_size": 50})
    assert response.status_code == 200
    return {item["id"] for item in response.json()["results"]}


def _record_settings_changes(monkeypatch):
    from search.backends import bulk

    changes = []
    original = bulk._put_index_settings

    def recording(backend, name, values):
        changes.append((name, dict(values)))
        return original(backend, name, values)

    monkeypatch.setattr(bulk, "_put_index_settings", recording)
    return changes


@pytest.mark.engine
def test_rebuild_finds_everything_and_restores_settings(
    engine, site_tree, client, monkeypatch
):
    from search import query
    from search.backends import bulk

    # Three articles: make them count as a big load, so the bulk-load
    # settings are set and then restored.
    monkeypatch.setattr(bulk, "BULK_LOAD_MIN_DOCUMENTS", 0)
    changes = _record_settings_changes(monkeypatch)
    merged = []
    original_merge = bulk._merge

    def merging(backend, name):
        # What visitors search at that moment (no alias at all on a first
        # build: the engine answers 404).
        alias = backend.es.indices.get_alias(
            name=backend.page_index_name(), ignore=[404]
        )
        merged.append((name, {n for n in alias if n not in ("error", "status")}))
        return original_merge(backend, name)

    monkeypatch.setattr(bulk, "_merge", merging)
    pages = _articles(site_tree)
    rebuild_index()
    backend = get_search_backend("default")
    (name,) = _aliased(backend)
    # Merged into one segment before the alias moved to it.
    [(_, live_then)] = [m for m in merged if m[0] == name]
    assert name not in live_then
    assert (name, bulk.BULK_LOAD_SETTINGS) in changes
    assert [values["refresh_interval"] for n, values in changes if n == name] == [
        "-1",
        None,  # back to what the index was created with: the engine default
    ]
    settings = backend.es.indices.get_settings(index=name)[name]["settings"]["index"]
    assert settings.get("refresh_interval") != "-1"
    assert settings.get("number_of_replicas") == "1"  # the engine's default
    segments = backend.es.indices.segments(index=name)["indices"][name]["shards"]
    assert [len(copy["segments"]) for copy in segments["0"]] == [1]

    backend.es.indices.refresh(index=name)
    from wagtail.models import Page

    assert backend.es.count(index=name)["count"] == Page.objects.count()
    cramps, headache, draft = pages
    assert _search_ids(client, "charley horse") == {cramps.pk}
    assert cramps.pk in _search_ids(client, "ibuprofen")  # table cell in the body
    assert cramps.pk in _search_ids(client, "dehydration")  # list in a struct
    assert headache.pk in _search_ids(client, "head pain")
    assert not _search_ids(client, "draft topic")
    response = client.get("/api/search/autocomplete/", {"q": "musc"})
    assert [item["id"] for item in response.json()["results"]] == [cramps.pk]
    fields = query.es_fields(backend)
    hit = backend.es.get(index=name, id=str(cramps.pk))["_source"]
    assert sorted(hit[fields["tag_slugs"]]) == ["muscles", "sports-injuries"]

    # A second rebuild swaps the alias and drops the old index.
    rebuild_index()
    (second,) = _aliased(backend)
    assert second != name
    assert not backend.es.indices.exists(index=name)


@pytest.mark.engine
def test_a_small_rebuild_changes_no_settings(engine, site_tree, client, monkeypatch):
    from search.backends import bulk

    changes = _record_settings_changes(monkeypatch)
    pages = _articles(site_tree)
    assert len(pages) < bulk.BULK_LOAD_MIN_DOCUMENTS
    rebuild_index()
    assert changes == []
    backend = get_search_backend("default")
    (name,) = _aliased(backend)
    settings = backend.es.indices.get_settings(index=name)[name]["settings"]["index"]
    assert settings.get("refresh_interval") != "-1"
    assert _search_ids(client, "charley horse") == {pages[0].pk}


@pytest.mark.engine
def test_refused_document_fails_rebuild_and_keeps_old_index(
    engine, site_tree, client, monkeypatch
):
    pages = _articles(site_tree)
    rebuild_index()
    backend = get_search_backend("default")
    before = _aliased(backend)
    bad_pk = str(pages[1].pk)
    original = DocumentPlan.documents

    def with_bad_document(self, rows):
        documents = original(self, rows)
        for doc_id, document in documents:
            if doc_id == bad_pk:
                key = "health_articles_healtharticlepage__last_reviewed_filter"
                document[key] = "not a date"
        return documents

    monkeypatch.setattr(DocumentPlan, "documents", with_bad_document)
    with pytest.raises(RebuildError) as failure:
        rebuild_index()
    assert f"id {bad_pk}" in str(failure.value)
    assert "1 document" in str(failure.value)
    assert _aliased(backend) == before
    # The incomplete index was deleted: only the one behind the alias is left.
    page_indexes = backend.es.indices.get(index=f"{engine}wagtailcore_page*")
    assert set(page_indexes) == before
    assert _search_ids(client, "charley horse") == {pages[0].pk}


@pytest.mark.engine
def test_wagtails_update_index_still_works(engine, site_tree, client):
    pages = _articles(site_tree)
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    backend = get_search_backend("default")
    (name,) = _aliased(backend)
    settings = backend.es.indices.get_settings(index=name)[name]["settings"]["index"]
    assert settings.get("refresh_interval") != "-1"
    assert _search_ids(client, "charley horse") == {pages[0].pk}
