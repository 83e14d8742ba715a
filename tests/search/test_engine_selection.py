"""Engine selection from settings and from the engine's own answer."""

import pytest

from search.backends import engine
from search.conf import search_backends_from_env


def test_no_url_means_database_backend():
    backends = search_backends_from_env()
    assert backends["default"]["BACKEND"] == "wagtail.search.backends.database"
    assert backends["default"]["AUTO_UPDATE"] is False


def test_url_selects_engine_with_database_fallback():
    backends = search_backends_from_env(
        url="http://127.0.0.1:9200, http://127.0.0.1:9201",
        user="elastic",
        password="p@ss word",
        ca_certs="/etc/ca.pem",
        index_prefix="site_",
    )
    default = backends["default"]
    assert default["BACKEND"] == "search.backends.engine"
    assert default["URLS"] == ["http://127.0.0.1:9200", "http://127.0.0.1:9201"]
    assert default["INDEX_PREFIX"] == "site_"
    assert default["ATOMIC_REBUILD"] is True
    assert default["OPTIONS"] == {
        "ca_certs": "/etc/ca.pem",
        "http_auth": ("elastic", "p@ss word"),
    }
    assert backends["fallback"]["BACKEND"] == "wagtail.search.backends.database"


def test_credentials_in_url_are_decoded_and_moved_to_options():
    backends = search_backends_from_env(url="https://u:p%2A%3D%2B@es.example:9243")
    assert backends["default"]["URLS"] == ["https://es.example:9243"]
    assert backends["default"]["OPTIONS"]["http_auth"] == ("u", "p*=+")


@pytest.mark.parametrize("url", ["localhost:9200", "ftp://x", "http://"])
def test_bad_url_is_a_clear_error(url):
    with pytest.raises(ValueError, match="ELASTICSEARCH_URL"):
        search_backends_from_env(url=url)


@pytest.mark.parametrize(
    "info,expected",
    [
        (
            {"version": {"number": "7.10.2", "build_flavor": "default"}},
            "elasticsearch7",
        ),
        ({"version": {"number": "7.17.24"}}, "elasticsearch7"),
        (
            {"version": {"number": "8.15.0", "build_flavor": "default"}},
            "elasticsearch8",
        ),
        ({"version": {"number": "9.1.3"}}, "elasticsearch9"),
        (
            {"version": {"number": "2.19.1", "distribution": "opensearch"}},
            "opensearch2",
        ),
        ({"version": {"number": "3.2.0", "distribution": "opensearch"}}, "opensearch3"),
    ],
)
def test_engine_detected_from_answer(info, expected):
    product, major, number = engine.engine_from_info(info)
    assert f"{product}{major}" == expected
    assert number == info["version"]["number"]


@pytest.mark.parametrize(
    "info",
    [
        {"version": {"number": "6.8.0"}},
        {"version": {"number": "1.3.0", "distribution": "opensearch"}},
        {"tagline": "not an engine"},
        "html page",
    ],
)
def test_unsupported_or_odd_answers_are_refused(info):
    with pytest.raises(engine.EngineUnavailable):
        engine.engine_from_info(info)


@pytest.mark.parametrize(
    "name,expected",
    [
        ("elasticsearch8", ("elasticsearch", 8)),
        ("Elasticsearch-9", ("elasticsearch", 9)),
        ("opensearch2", ("opensearch", 2)),
        ("elasticsearch", ("elasticsearch", 7)),
    ],
)
def test_forced_engine_names(name, expected):
    assert engine.parse_engine_name(name) == expected


def test_unknown_forced_engine():
    with pytest.raises(ValueError, match="SEARCH_ENGINE"):
        engine.parse_engine_name("solr")


def test_unreachable_engine_logs_one_line_and_does_not_crash(caplog):
    backend = engine.SearchBackend(
        {"URLS": ["http://127.0.0.1:9"], "TIMEOUT": 1, "INDEX_PREFIX": "x_"}
    )
    assert backend.product == "elasticsearch"
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "unreachable" in errors[0].getMessage()
    assert "\n" not in errors[0].getMessage()


def test_detects_the_real_engine(es_url):
    backend = engine.SearchBackend({"URLS": [es_url], "TIMEOUT": 5})
    assert backend.product == "elasticsearch"
    assert backend.engine_version.startswith("7.")
    assert type(backend).__name__ == "HealthElasticsearch7SearchBackend"
