"""Prove the local engine (Elasticsearch 7.10.2 with its OSS modules, or OpenSearch
2.19) supports what the article search relies on.  Runs against ``es_url``
(tests/engine_fixture.py) on the product ``TEST_ENGINE_PRODUCT`` names."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest

from tests.engine_fixture import engine_client, requested_product

pytestmark = pytest.mark.engine

SYNONYMS = ["charley horse, muscle cramp"]

ANALYSIS = {
    "filter": {
        "autocomplete_edge": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15},
        "english_possessive": {"type": "stemmer", "language": "possessive_english"},
        "english_stemmer": {"type": "stemmer", "language": "english"},
        "medical_synonyms": {"type": "synonym_graph", "synonyms": SYNONYMS},
        "shingle_2_3": {
            "type": "shingle",
            "min_shingle_size": 2,
            "max_shingle_size": 3,
        },
    },
    "analyzer": {
        "text_index": {
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "asciifolding",
                "english_possessive",
                "english_stemmer",
            ],
        },
        # synonym_graph is only valid at search time.
        "text_search": {
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "asciifolding",
                "medical_synonyms",
                "english_possessive",
                "english_stemmer",
            ],
        },
        "autocomplete_index": {
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "autocomplete_edge"],
        },
        "autocomplete_search": {
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding"],
        },
        "suggest_plain": {
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding"],
        },
        "suggest_shingle": {
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "shingle_2_3"],
        },
    },
}

TEXT = {"type": "text", "analyzer": "text_index", "search_analyzer": "text_search"}

MAPPINGS = {
    "properties": {
        "title": {
            **TEXT,
            "copy_to": "suggest",
            "fields": {
                "autocomplete": {
                    "type": "text",
                    "analyzer": "autocomplete_index",
                    "search_analyzer": "autocomplete_search",
                }
            },
        },
        "body": {**TEXT, "copy_to": "suggest"},
        "suggest": {
            "type": "text",
            "analyzer": "suggest_plain",
            "fields": {"shingle": {"type": "text", "analyzer": "suggest_shingle"}},
        },
    }
}

DOCS = {
    "spasm": {
        "title": "Muscle spasms",
        "body": "A charley horse is a painful muscle spasm in the leg.",
    },
    "cafe": {
        "title": "Café culture and caffeine",
        "body": "Coffee at the café can affect your sleep.",
    },
    "cramp": {
        "title": "Treating a muscle cramp",
        "body": "Gentle stretching helps relieve a muscle cramp quickly.",
    },
    "exercise": {
        "title": "Exercise and muscle cramps",
        "body": "Muscle cramps during exercise are common; gentle stretching helps.",
    },
    "heart": {
        "title": "Heart health basics",
        "body": "Exercise strengthens the heart and lowers blood pressure.",
    },
    "sleep": {
        "title": "Sleep hygiene tips",
        "body": "Good sleep hygiene improves rest and mood.",
    },
}


def _http(method: str, url: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


@pytest.fixture(scope="module")
def es(es_url, engine_product):
    client = engine_client([es_url], engine_product)
    yield client
    client.close()


def bulk(es, actions, **kwargs):
    """The client's own bulk helper (elasticsearch-py or opensearch-py)."""
    if type(es).__module__.startswith("opensearchpy"):
        from opensearchpy import helpers
    else:
        from elasticsearch import helpers
    return helpers.bulk(es, actions, **kwargs)


@pytest.fixture(scope="module")
def prefix() -> str:
    return f"test_engcap_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def index(es, prefix) -> str:
    name = f"{prefix}_articles"
    es.indices.create(
        index=name,
        body={
            "settings": {
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "analysis": ANALYSIS,
            },
            "mappings": MAPPINGS,
        },
    )
    bulk(
        es,
        ({"_index": name, "_id": k, "_source": v} for k, v in DOCS.items()),
        refresh=True,
    )
    yield name
    es.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture(autouse=True, scope="module")
def _cleanup(es, prefix):
    yield
    es.indices.delete(index=f"{prefix}_*", ignore_unavailable=True)


def ids(resp) -> list[str]:
    return [h["_id"] for h in resp["hits"]["hits"]]


def search(es, index, query, **extra) -> dict:
    return es.search(index=index, body={"query": query, **extra})


# --------------------------------------------------------------------------
# What engine/run starts for each TEST_ENGINE_PRODUCT (engine/*pom.xml).
EXPECTED_VERSION = {
    "elasticsearch": "7.10.2",
    "opensearch": "2.19.1",
    "opensearch3": "3.8.0",
}


def test_root_reports_the_expected_product_and_version(es_url, engine_product):
    status, info = _http("GET", es_url + "/")
    assert status == 200
    requested = requested_product()
    assert engine_product == requested.rstrip("3")
    assert info["version"]["number"] == EXPECTED_VERSION[requested]
    if engine_product == "elasticsearch":
        assert info["version"]["build_flavor"] == "default"
        assert info["tagline"] == "You Know, for Search"
    else:
        assert info["version"]["distribution"] == "opensearch"
        # No security plugin: plain HTTP without credentials (checked above).
        status, plugins = _http("GET", es_url + "/_cat/plugins?format=json")
        assert status == 200
        components = {p["component"] for p in plugins}
        # analysis-common (our analyzers' filters): CommonAnalysisPlugin in 2.x,
        # CommonAnalysisModulePlugin in 3.x.
        assert components & {
            "org.opensearch.analysis.common.CommonAnalysisPlugin",
            "org.opensearch.analysis.common.CommonAnalysisModulePlugin",
        }
        assert not [c for c in components if "security" in c.lower()]


def test_python_client_accepts_the_engine(es, engine_product):
    # elasticsearch-py 7.17 refuses servers that fail its product check.
    assert es.info()["version"]["number"] == EXPECTED_VERSION[requested_product()]
    assert es.cluster.health()["status"] in {"green", "yellow"}


def test_edge_ngram_autocomplete(es, index):
    resp = search(es, index, {"match": {"title.autocomplete": "musc"}})
    assert set(ids(resp)) == {"spasm", "cramp", "exercise"}
    resp = search(es, index, {"match": {"title.autocomplete": "hyg"}})
    assert ids(resp) == ["sleep"]
    # Search side is not n-grammed: a typo'd prefix finds nothing.
    assert ids(search(es, index, {"match": {"title.autocomplete": "mxsc"}})) == []


def test_english_stemming(es, index):
    # "spasms" (query) matches body "spasm"; "spasm" matches title "spasms".
    assert "spasm" in ids(search(es, index, {"match": {"body": "spasms"}}))
    assert ids(search(es, index, {"match": {"title": "spasm"}})) == ["spasm"]
    tokens = es.indices.analyze(
        index=index, body={"analyzer": "text_index", "text": "spasms"}
    )
    assert [t["token"] for t in tokens["tokens"]] == ["spasm"]


def test_asciifolding(es, index):
    assert "cafe" in ids(search(es, index, {"match": {"title": "cafe"}}))
    assert "cafe" in ids(search(es, index, {"match": {"title": "café"}}))
    assert ids(search(es, index, {"match": {"title.autocomplete": "caf"}})) == ["cafe"]


def test_search_time_multiword_synonyms(es, index):
    # Doc "cramp" never says "charley horse"; the search analyzer expands it.
    resp = search(
        es, index, {"match": {"body": {"query": "charley horse", "operator": "and"}}}
    )
    assert {"spasm", "cramp", "exercise"} <= set(ids(resp))
    resp = search(es, index, {"match_phrase": {"title": "charley horse"}})
    assert "cramp" in ids(resp)
    # And the reverse direction.
    resp = search(es, index, {"match_phrase": {"body": "muscle cramp"}})
    assert "spasm" in ids(resp)  # body says "charley horse"


def test_highlight_with_mark_tags(es, index):
    resp = search(
        es,
        index,
        {"match": {"body": "spasms"}},
        highlight={
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {"body": {}, "title": {}},
            "require_field_match": False,
        },
    )
    hit = next(h for h in resp["hits"]["hits"] if h["_id"] == "spasm")
    assert "<mark>spasm</mark>" in hit["highlight"]["body"][0]
    assert "<mark>spasms</mark>" in hit["highlight"]["title"][0]


def test_more_like_this(es, index):
    resp = search(
        es,
        index,
        {
            "more_like_this": {
                "fields": ["title", "body"],
                "like": [{"_index": index, "_id": "cramp"}],
                "min_term_freq": 1,
                "min_doc_freq": 1,
            }
        },
    )
    found = ids(resp)
    assert found and found[0] == "exercise"
    assert "cramp" not in found
    assert "sleep" not in found


def test_term_suggester(es, index):
    resp = es.search(
        index=index,
        body={
            "size": 0,
            "suggest": {
                "fix": {"text": "muscel hygeine", "term": {"field": "suggest"}}
            },
        },
    )
    options = {
        e["text"]: [o["text"] for o in e["options"]] for e in resp["suggest"]["fix"]
    }
    assert "muscle" in options["muscel"]
    assert "hygiene" in options["hygeine"]


def test_phrase_suggester(es, index):
    resp = es.search(
        index=index,
        body={
            "size": 0,
            "suggest": {
                "did_you_mean": {
                    "text": "muscle crmap",
                    "phrase": {
                        "field": "suggest.shingle",
                        "size": 3,
                        "gram_size": 3,
                        "direct_generator": [
                            {"field": "suggest", "suggest_mode": "always"}
                        ],
                        "highlight": {"pre_tag": "<mark>", "post_tag": "</mark>"},
                    },
                }
            },
        },
    )
    options = resp["suggest"]["did_you_mean"][0]["options"]
    assert options, resp["suggest"]
    assert options[0]["text"] == "muscle cramp"
    assert options[0]["highlighted"] == "muscle <mark>cramp</mark>"


def test_synonyms_update_without_reindex_close_update_open(es, prefix):
    """Works on 7.10 OSS and OpenSearch: close index, PUT analysis settings, open."""
    name = f"{prefix}_synonyms"
    settings = {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "analysis": ANALYSIS,
    }
    es.indices.create(index=name, body={"settings": settings, "mappings": MAPPINGS})
    es.index(index=name, id="cramp", body=DOCS["cramp"], refresh=True)
    query = {"match": {"body": {"query": "leg knot", "operator": "and"}}}
    assert ids(search(es, name, query)) == []

    es.indices.close(index=name)
    es.indices.put_settings(
        index=name,
        body={
            "analysis": {
                "filter": {
                    "medical_synonyms": {
                        "type": "synonym_graph",
                        "synonyms": [*SYNONYMS, "leg knot, muscle cramp"],
                    }
                }
            }
        },
    )
    es.indices.open(index=name, wait_for_active_shards="all")
    # request_timeout too: without it opensearch-py 2.x takes timeout= as its own.
    es.cluster.health(
        index=name, wait_for_status="yellow", timeout="30s", request_timeout=40
    )

    assert ids(search(es, name, query)) == ["cramp"]  # same doc, no reindex
    es.indices.delete(index=name)


def test_reload_search_analyzers_is_not_available(es_url, prefix):
    """``_reload_search_analyzers`` is an X-Pack API: absent from these engines,
    so synonym updates must use close/update/open (test above)."""
    name = f"{prefix}_reload"
    status, _ = _http(
        "PUT", f"{es_url}/{name}", {"settings": {"number_of_replicas": 0}}
    )
    assert status == 200
    status, body = _http("POST", f"{es_url}/{name}/_reload_search_analyzers", {})
    assert status != 200 or "reload_details" not in body
    _http("DELETE", f"{es_url}/{name}")


def test_alias_atomic_swap(es, prefix):
    alias = f"{prefix}_live"
    v1, v2 = f"{prefix}_v1", f"{prefix}_v2"
    for name, title in ((v1, "old article"), (v2, "new article")):
        es.indices.create(index=name, body={"settings": {"number_of_replicas": 0}})
        es.index(index=name, id="1", body={"title": title}, refresh=True)
    es.indices.put_alias(index=v1, name=alias)
    assert search(es, alias, {"match_all": {}})["hits"]["hits"][0]["_source"] == {
        "title": "old article"
    }

    es.indices.update_aliases(
        body={
            "actions": [
                {"remove": {"index": v1, "alias": alias}},
                {"add": {"index": v2, "alias": alias}},
            ]
        }
    )
    assert list(es.indices.get_alias(name=alias)) == [v2]
    hits = search(es, alias, {"match_all": {}})["hits"]["hits"]
    assert [h["_source"]["title"] for h in hits] == ["new article"]

    # Retire the old index in the same atomic call style.
    es.indices.update_aliases(body={"actions": [{"remove_index": {"index": v1}}]})
    assert not es.indices.exists(index=v1)
    es.indices.delete(index=v2)
