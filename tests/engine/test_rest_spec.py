"""What we send to the engine, checked against Elasticsearch 8.x and 9.x by
specification (we cannot run them here).

Every request the project makes is recorded on the wire by an HTTP proxy in
front of the real Elasticsearch 7.10 test engine (tests/engine/recording_proxy.py)
while a scenario runs the project's own code paths: engine detection (``GET /``),
a full rebuild (index creation with mappings and analysis, bulk-load settings,
bulk, refresh, alias swap), a second rebuild (the swap from an old index and
its deletion), Wagtail's ``update_index``, outbox delivery (bulk index and
delete), search (relevance, tag filter, sort by review date), autocomplete,
more-like-this, index health (info, cluster health, live-document count) and
the reconcile scan.

Then each request is checked against the published API definitions
(tests/engine/rest_spec.py): method, path and every query parameter must name
an endpoint of rest-api-spec 9.1.3 and 9.5.3 (Maven Central) and of Elastic's
generated 8.0.0 and 8.19.3 Python clients (PyPI; Maven Central serves no 8.x
rest-api-spec). rest-api-spec 7.10.2, the engine the requests really ran on,
is the checker's own control. Mappings, analysis and bodies are checked
against the 8.0 and 9.0 breaking changes, one test per rule.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.management import call_command

from search.conf import search_backends_from_env
from tests.conftest import make_article
from tests.engine_fixture import requested_product

from . import rest_spec
from .recording_proxy import RecordingProxy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        requested_product() != "elasticsearch",
        reason="the Elasticsearch 8/9 check records what is sent to Elasticsearch",
    ),
]

_recorded: list = []


def _scenario(site_tree, settings, proxy, direct, client):
    from search import breaker, freshness, outbox, related, synonyms, vocabulary
    from search.index_health import index_health
    from search.indexing import build_missing_index, rebuild_index, reconcile

    for reset in (
        outbox.forget_ensured_indexes,
        synonyms.invalidate,
        vocabulary.invalidate,
        related.invalidate,
        freshness.reset,
        breaker.reset_all,
    ):
        reset()
    prefix = f"spec_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env(
        url=proxy.url, index_prefix=prefix, timeout=30
    )

    def sync_index():
        # Deliver the outbox (recorded); the test's own refresh is not.
        outbox.deliver(due_only=False)
        direct.indices.refresh(index=f"{prefix}*")
        for reset in (synonyms.invalidate, vocabulary.invalidate, related.invalidate):
            reset()

    try:
        assert build_missing_index() is True  # exists (HEAD), then a rebuild
        index = site_tree["index"]
        cramps = make_article(
            index,
            "Muscle cramps",
            summary="Sudden tight muscles.",
            body_text="A cramp is a sudden tightening of a muscle in the leg.",
            also_known_as="Charley horse",
            tags=["muscles", "pain"],
            last_reviewed=None,
        )
        make_article(
            index,
            "Leg pain",
            summary="Pain in the legs.",
            body_text="Leg pain may come from cramps, injury or poor circulation.",
            tags=["pain"],
        )
        gone = make_article(index, "Heartburn", summary="A burning chest.")
        sync_index()  # outbox delivery: bulk index
        # A rebuild as a large site's is (bulk-load settings set, then
        # restored): three articles would otherwise count as a small one.
        from search.backends import bulk

        small = bulk.BULK_LOAD_MIN_DOCUMENTS
        bulk.BULK_LOAD_MIN_DOCUMENTS = 0
        try:
            rebuild_index()  # the alias moves from the first index; it is deleted
        finally:
            bulk.BULK_LOAD_MIN_DOCUMENTS = small
        call_command("update_index", verbosity=0)  # Wagtail's own rebuild
        sync_index()
        for path in (
            "/api/search/?q=charley+horse",
            "/api/search/?q=crmps",
            "/api/search/?q=pain&tag=muscles&page=1",
            "/api/search/?q=pain&sort=reviewed",
            "/api/search/?q=",
            "/api/search/autocomplete/?q=cha",
            "/api/search/autocomplete/?q=cramp",
            f"/api/articles/{cramps.pk}/related/",
        ):
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.content[:300])
        assert answer.json()["results"], "more-like-this found nothing"
        health = index_health()
        assert health["indexed_documents"] == 3, health
        gone.unpublish()  # outbox delivery of a removal
        sync_index()
        gone.delete()
        sync_index()
        reconcile()  # the reconcile scan
        sync_index()
    finally:
        proxy.recording = False
        for name in direct.indices.get_alias(index=f"{prefix}*"):
            direct.indices.delete(index=name)


@pytest.fixture
def recorded(es_url, site_tree, settings, client):
    """Every request of the scenario (run once for the module)."""
    if not _recorded:
        from elasticsearch import Elasticsearch

        proxy = RecordingProxy(es_url).start()
        try:
            _scenario(site_tree, settings, proxy, Elasticsearch([es_url]), client)
        finally:
            proxy.stop()
        _recorded.extend(proxy.requests)
    return _recorded


@pytest.fixture(scope="module")
def specs():
    rest_spec.ensure_artifacts()
    loaded = {
        v: rest_spec.load_rest_api_spec(v) for v in rest_spec.REST_API_SPEC_VERSIONS
    }
    loaded.update(
        {v: rest_spec.load_python_client(v) for v in rest_spec.PYTHON_CLIENT_VERSIONS}
    )
    return loaded


def _distinct(recorded):
    """One request per (method, path shape, parameter names)."""
    seen = {}
    for request in recorded:
        key = (request.method, request.path, tuple(sorted(request.params)))
        seen.setdefault(key, request)
    return list(seen.values())


def test_the_scenario_exercised_every_kind_of_request(recorded, specs):
    """The recording is only worth its checks if every API the project uses
    is in it (a scenario that silently stopped reaching one would pass)."""
    spec = specs["9.5.3"]
    apis = {e.name for r in recorded for e in spec.match(r.method, r.path)}
    expected = {
        "info",  # GET / (detection, index health)
        "indices.create",  # mappings and analysis
        "indices.exists",
        "indices.get_settings",
        "indices.put_settings",  # bulk-load settings and their restore
        "bulk",
        "indices.refresh",
        "indices.put_mapping",
        "indices.exists_alias",
        "indices.get_alias",
        "indices.put_alias",  # the alias swap
        "indices.delete",  # the old index after a swap
        "search",  # search, autocomplete, more-like-this, reconcile scan
        "count",  # index health
        "cluster.health",
        "delete",  # one page's document (outbox)
    }
    assert expected <= apis, sorted(expected - apis)
    # 404 only where asking is the point (exists, delete-if-there).
    failed = [(str(r), r.status) for r in recorded if r.status >= 400]
    assert all(s == 404 and r.split()[0] in ("HEAD", "DELETE") for r, s in failed)


def _unmatched(spec, recorded, method_ok=None):
    problems = []
    for request in _distinct(recorded):
        candidates = spec.candidates(request.path)
        if not candidates:
            problems.append(f"{request}: no such path")
            continue
        matching = [
            e
            for e in candidates
            if request.method in e.methods or (method_ok and method_ok(request, e))
        ]
        if not matching:
            allowed = sorted({m for e in candidates for m in e.methods})
            problems.append(f"{request}: method not in {allowed}")
            continue
        if not any(not spec.accepts_params(e, request.params) for e in matching):
            extra = min(
                (spec.accepts_params(e, request.params) for e in matching), key=len
            )
            problems.append(f"{request}: unknown parameters {sorted(extra)}")
    return problems


def test_checker_accepts_what_ran_on_the_real_engine(recorded, specs):
    """Control: every request succeeded on Elasticsearch 7.10.2, so all of
    them must match 7.10.2's own rest-api-spec; a matcher that rejects valid
    requests would make the 8/9 checks meaningless."""
    assert _unmatched(specs["7.10.2"], recorded) == []


def test_checker_rejects_invalid_requests(specs):
    """Control: the matcher can fail (a type in the path, a removed
    parameter, a wrong method)."""
    from .recording_proxy import Recorded

    def request(method, path, **params):
        return Recorded(method, path, params, {}, b"", 200)

    spec = specs["9.5.3"]
    bad = [
        request("PUT", "/health_page/page/1"),  # a mapping type
        request("PUT", "/health_page", include_type_name="false"),
        request("DELETE", "/_search"),
        request("POST", "/health_page/_search", no_such_option="1"),
    ]
    assert len(_unmatched(spec, bad)) == len(bad)
    assert _unmatched(spec, [request("POST", "/health_page/_search", size="1")]) == []


@pytest.mark.parametrize("version", ["9.1.3", "9.5.3"])
def test_every_request_is_in_the_9x_rest_api_spec(recorded, specs, version):
    assert _unmatched(specs[version], recorded) == []


@pytest.mark.parametrize("version", ["8.0.0", "8.19.3"])
def test_every_request_is_in_the_8x_api_definitions(recorded, specs, version):
    """The 8.x client sends one method per API (POST for search, PUT for
    bulk); the specification allows more. A method the 8.x client does not
    use is accepted when rest-api-spec 7.10.2 and 9.1.3 both allow it for
    that API: 8.x lies between them and no API dropped a method and took it
    back."""

    def method_ok(request, endpoint):
        return all(
            any(
                e.name == endpoint.name and request.method in e.methods
                for e in specs[v].candidates(request.path)
            )
            for v in ("7.10.2", "9.1.3")
        )

    assert _unmatched(specs[version], recorded, method_ok) == []


def test_bodies_only_where_the_api_takes_one(recorded, specs):
    problems = []
    for request in _distinct(recorded):
        if not request.body:
            continue
        for version in ("9.1.3", "9.5.3"):
            endpoints = specs[version].match(request.method, request.path)
            if not any(e.takes_body for e in endpoints):
                problems.append(f"{version}: {request} sends a body")
    assert problems == []


# ------------------------------------------- 8.0 / 9.0 breaking changes ---


def _walk(value, path=()):
    """(path, key, value) for every key of nested dicts and lists."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield path, key, child
            yield from _walk(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, (*path, i))


def _index_creations(recorded):
    creations = [
        body
        for r in recorded
        if r.method == "PUT" and r.path.count("/") == 1 and r.body
        for body in r.json_bodies()
    ]
    assert creations, "no index creation recorded"
    return creations


def _mappings(recorded):
    """Mappings sent at creation or by ``PUT /{index}/_mapping`` (Wagtail)."""
    found = [b["mappings"] for b in _index_creations(recorded) if "mappings" in b]
    found += [
        body
        for r in recorded
        if r.method == "PUT" and r.path.endswith("/_mapping")
        for body in r.json_bodies()
    ]
    assert found, "no mapping recorded"
    return found


def _field_definitions(mappings):
    """Every field definition (properties and multi-fields), with its path."""
    out = []

    def visit(properties, path):
        for name, definition in properties.items():
            out.append(((*path, name), definition))
            visit(definition.get("properties", {}), (*path, name))
            for sub, sub_definition in definition.get("fields", {}).items():
                out.append(((*path, name, "fields", sub), sub_definition))

    for mapping in mappings:
        visit(mapping.get("properties", {}), ())
    return out


def _query_bodies(recorded):
    return [
        body
        for r in recorded
        if r.path.endswith(("/_search", "/_count"))
        for body in r.json_bodies()
    ]


# Top-level keys of a typeless mapping (8.0: "Removal of mapping types").
MAPPING_KEYS = {
    "properties",
    "dynamic",
    "dynamic_templates",
    "date_detection",
    "dynamic_date_formats",
    "numeric_detection",
    "_source",
    "_routing",
    "_meta",
    "_field_names",
    "runtime",
    "enabled",
    "subobjects",
}


def test_rule_8_0_no_mapping_types_in_mappings(recorded):
    """8.0: mappings have no type level (``{"mappings": {"_doc": {...}}}``)."""
    for mapping in _mappings(recorded):
        assert "properties" in mapping
        assert set(mapping) <= MAPPING_KEYS, sorted(set(mapping) - MAPPING_KEYS)


def test_rule_8_0_no_type_in_any_path(recorded, specs):
    """8.0: no ``/{index}/{type}/...`` endpoints: every path matches a
    7.10.2 endpoint whose template has no ``{type}`` part."""
    typed = [
        str(r)
        for r in _distinct(recorded)
        if any("{type}" in e.template for e in specs["7.10.2"].match(r.method, r.path))
    ]
    assert typed == []


def test_rule_8_0_no_type_metadata_in_bodies(recorded):
    """8.0: no ``_type`` in bulk action lines, documents, queries or
    more-like-this ``like`` items, and no ``types`` in more-like-this."""
    found = [
        (str(r), path, key)
        for r in recorded
        for body in r.json_bodies()
        for path, key, _ in _walk(body)
        if key == "_type" or (key == "types" and "more_like_this" in path)
    ]
    assert found == []


def test_rule_8_0_no_include_type_name_parameter(recorded):
    """8.0 removed ``include_type_name`` from every API."""
    assert [str(r) for r in recorded if "include_type_name" in r.params] == []


# Removed mapping parameters: 7.0 (_all, include_in_all, the string type),
# 8.0 (boost on fields, disabling _field_names, geo_shape prefix-tree options,
# multi-fields inside multi-fields), 9.0 (type/fields/copy_to/boost on
# metadata fields).
REMOVED_FIELD_PARAMETERS = {
    "boost",
    "include_in_all",
    "tree",
    "precision",
    "tree_levels",
    "strategy",
    "distance_error_pct",
    "points_only",
}
REMOVED_FIELD_TYPES = {"string"}


def test_rule_8_0_no_removed_mapping_parameters(recorded):
    problems = []
    for path, definition in _field_definitions(_mappings(recorded)):
        removed = REMOVED_FIELD_PARAMETERS & set(definition)
        if removed:
            problems.append((path, sorted(removed)))
        if definition.get("type") in REMOVED_FIELD_TYPES:
            problems.append((path, definition["type"]))
        if definition.get("index") in ("no", "not_analyzed", "analyzed"):
            problems.append((path, "index: " + definition["index"]))
        if "fields" in path[:-1] and "fields" in definition:
            problems.append((path, "multi-field inside a multi-field"))
    for mapping in _mappings(recorded):
        if "_all" in mapping:
            problems.append(("_all",))
        if mapping.get("_field_names", {}).get("enabled") is False:
            problems.append(("_field_names.enabled",))
        for meta in ("_source", "_routing", "_field_names"):
            removed = {"type", "fields", "copy_to", "boost"} & set(
                mapping.get(meta, {})
            )
            if removed:  # 9.0
                problems.append((meta, sorted(removed)))
    assert problems == []


def test_rule_8_0_no_removed_analysis_names(recorded):
    """8.0: the ``nGram``/``edgeNGram`` tokenizer and filter names are gone for
    new indices (``ngram``/``edge_ngram``); 7.0 removed the ``standard`` token
    filter and ``delimited_payload_filter``."""
    removed = {"nGram", "edgeNGram", "delimited_payload_filter"}
    problems = []
    for body in _index_creations(recorded):
        analysis = body.get("settings", {}).get("analysis", {})
        assert analysis.get("analyzer"), "no analysis settings recorded"
        for kind in ("tokenizer", "filter", "char_filter"):
            for name, definition in analysis.get(kind, {}).items():
                if definition.get("type") in removed:
                    problems.append((kind, name, definition["type"]))
        for name, analyzer in analysis.get("analyzer", {}).items():
            chain = [analyzer.get("tokenizer")] + list(analyzer.get("filter", []))
            for used in chain:
                if used in removed or (used == "standard" and used != chain[0]):
                    problems.append(("analyzer", name, used))
    assert problems == []


# Index settings removed or refused for new indices in 8.0.
REMOVED_INDEX_SETTINGS = (
    "translog.retention",
    "mapper.dynamic",
    "merge.policy.max_merge_at_once_explicit",
    "force_memory_term_dictionary",
    "soft_deletes.enabled",
    "shard.check_on_startup",
)


def test_rule_8_0_no_removed_index_settings(recorded):
    sent = []
    for r in recorded:
        if r.method == "PUT" and (
            r.path.count("/") == 1 or r.path.endswith("/_settings")
        ):
            for body in r.json_bodies():
                settings = body.get("settings", body)
                for path, key, value in _walk(settings):
                    if not isinstance(value, dict):
                        sent.append(".".join(str(p) for p in (*path, key)))
    assert sent, "no index settings recorded"
    found = [s for s in sent for removed in REMOVED_INDEX_SETTINGS if removed in s]
    assert found == []


# Query options removed in 8.0 (and the range options removed in 9.0).
REMOVED_QUERY_KEYS = {
    "common": "the common terms query (8.0)",
    "type": None,  # only as a query: checked below
    "cutoff_frequency": "match/multi_match cutoff_frequency (8.0)",
    "use_dis_max": "query_string use_dis_max (8.0)",
    "nested_path": "sort nested_path (8.0; use nested.path)",
    "nested_filter": "sort nested_filter (8.0; use nested.filter)",
    "like_text": "more_like_this like_text (6.0)",
    "include_lower": "range include_lower (9.0)",
    "include_upper": "range include_upper (9.0)",
}


QUERY_POSITIONS = {"query", "must", "filter", "should", "must_not"}


def test_rule_8_0_no_removed_query_options(recorded):
    bodies = _query_bodies(recorded)
    assert bodies
    problems = []
    for body in bodies:
        for path, key, value in _walk(body):
            where = "/".join(str(p) for p in path)
            if key in REMOVED_QUERY_KEYS and key != "type":
                problems.append((where, REMOVED_QUERY_KEYS[key]))
            clause = path[-2:-1] if path and isinstance(path[-1], int) else path[-1:]
            if key == "type" and clause and clause[0] in QUERY_POSITIONS:
                problems.append((where, "the type query (8.0)"))
            if path[-1:] == ("range",) or (len(path) > 1 and path[-2] == "range"):
                if key in ("from", "to"):
                    problems.append((where, "range from/to (9.0)"))
            if key == "docvalue_fields" and "use_field_mapping" in str(value):
                problems.append((where, "docvalue_fields use_field_mapping (8.0)"))
            if key == "indices_boost" and isinstance(value, dict):
                problems.append((where, "indices_boost object form (8.0)"))
            if key in ("ids", "docs") and path[-1:] == ("more_like_this",):
                problems.append((where, "more_like_this ids/docs (6.0)"))
    assert problems == []


def test_rule_8_0_no_removed_aggregation_options(recorded):
    """8.0: ``date_histogram`` ``interval`` and the ``moving_avg`` aggregation
    are gone; 7.0: terms ``order`` by ``_term``/``_time``."""
    problems = []
    for body in _query_bodies(recorded):
        for path, key, value in _walk(body):
            if "aggs" not in path and "aggregations" not in path:
                continue
            if key == "moving_avg":
                problems.append(path)
            if key == "interval" and path[-1:] == ("date_histogram",):
                problems.append(path)
            if (
                key == "order"
                and isinstance(value, dict)
                and {"_term", "_time"} & set(value)
            ):
                problems.append(path)
    assert problems == []


def test_rule_8_0_no_removed_bulk_metadata(recorded):
    """Bulk action lines carry only ``_index``/``_id`` (and their typeless
    options): no ``_type`` (8.0), no ``version_type: force`` (7.0), no
    underscore options ``_routing``/``_version``/``_retry_on_conflict``/
    ``_parent`` (7.0)."""
    allowed = {
        "_index",
        "_id",
        "routing",
        "if_seq_no",
        "if_primary_term",
        "version",
        "version_type",
        "pipeline",
        "require_alias",
        "retry_on_conflict",
        "dynamic_templates",
    }
    problems = []
    bulks = [r for r in recorded if r.path.endswith("/_bulk")]
    assert bulks
    for r in bulks:
        lines = r.json_bodies()
        i = 0
        while i < len(lines):
            ((action, meta),) = lines[i].items()
            if set(meta) - allowed:
                problems.append((action, sorted(set(meta) - allowed)))
            if meta.get("version_type") == "force":
                problems.append((action, "version_type force"))
            i += 1 if action == "delete" else 2
    assert problems == []


# ------------------------------------------- each rule can fail (controls) ---


def _fake(method, path, *bodies, **params):
    from .recording_proxy import Recorded

    body = "\n".join(json.dumps(b) for b in bodies)
    return Recorded(method, path, params, {}, body.encode(), 200)


GOOD_CREATION = _fake(
    "PUT",
    "/health_page",
    {
        "settings": {
            "analysis": {"analyzer": {"a": {"tokenizer": "standard"}}},
            "index": {"number_of_shards": 1},
        }
    },
)
GOOD_MAPPING = _fake("PUT", "/health_page/_mapping", {"properties": {}})
GOOD_SEARCH = _fake("POST", "/health_page/_search", {"query": {"match_all": {}}})
GOOD_BULK = _fake("POST", "/_bulk", {"index": {"_index": "h", "_id": "1"}}, {"a": 1})

BROKEN = {
    test_rule_8_0_no_mapping_types_in_mappings: [
        GOOD_CREATION,
        _fake("PUT", "/health_page/_mapping", {"_doc": {"properties": {}}}),
    ],
    test_rule_8_0_no_type_metadata_in_bodies: [
        _fake("POST", "/_bulk", {"index": {"_index": "h", "_type": "_doc"}}, {})
    ],
    test_rule_8_0_no_include_type_name_parameter: [
        _fake("PUT", "/health_page", include_type_name="false")
    ],
    test_rule_8_0_no_removed_mapping_parameters: [
        GOOD_CREATION,
        _fake(
            "PUT",
            "/health_page/_mapping",
            {"properties": {"title": {"type": "text", "boost": 2}}},
        ),
    ],
    test_rule_8_0_no_removed_analysis_names: [
        _fake(
            "PUT",
            "/health_page",
            {
                "settings": {
                    "analysis": {
                        "analyzer": {"a": {"tokenizer": "standard"}},
                        "filter": {"f": {"type": "edgeNGram"}},
                    }
                }
            },
        )
    ],
    test_rule_8_0_no_removed_index_settings: [
        _fake(
            "PUT",
            "/health_page/_settings",
            {"index": {"translog.retention.size": "1gb"}},
        )
    ],
    test_rule_8_0_no_removed_query_options: [
        _fake(
            "POST",
            "/health_page/_search",
            {"query": {"bool": {"filter": [{"type": {"value": "_doc"}}]}}},
        ),
        _fake(
            "POST",
            "/health_page/_search",
            {"query": {"match": {"t": {"query": "x", "cutoff_frequency": 0.01}}}},
        ),
    ],
    test_rule_8_0_no_removed_aggregation_options: [
        _fake(
            "POST",
            "/health_page/_search",
            {"aggs": {"d": {"date_histogram": {"field": "d", "interval": "day"}}}},
        )
    ],
    test_rule_8_0_no_removed_bulk_metadata: [
        _fake("POST", "/_bulk", {"index": {"_index": "h", "_routing": "x"}}, {})
    ],
}


@pytest.mark.parametrize("rule", BROKEN, ids=lambda rule: rule.__name__)
def test_each_rule_rejects_a_request_that_breaks_it(rule):
    good = [GOOD_CREATION, GOOD_MAPPING, GOOD_SEARCH, GOOD_BULK]
    rule(good)  # holds on good requests
    with pytest.raises(AssertionError):
        rule([*good, *BROKEN[rule]])
