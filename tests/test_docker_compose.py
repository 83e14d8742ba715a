"""docker-compose.yml is kept honest without a Docker engine: its structure,
image tags, localhost-only ports and the variables the settings read."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_volumes(compose):
    assert set(compose["services"]) == {"web", "db", "elasticsearch"}
    assert set(compose["volumes"]) >= {"postgres-data", "es-data"}
    for name, service in compose["services"].items():
        assert "healthcheck" in service, name
    depends = compose["services"]["web"]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["elasticsearch"]["condition"] == "service_healthy"


def test_image_tags_are_pinned_and_current(compose):
    es = compose["services"]["elasticsearch"]["image"]
    match = re.fullmatch(
        r"docker\.elastic\.co/elasticsearch/elasticsearch:(\d+)\.(\d+)\.(\d+)", es
    )
    assert match, es
    assert int(match.group(1)) in (8, 9)
    assert re.fullmatch(r"postgres:\d+(\.\d+)?", compose["services"]["db"]["image"])
    assert (ROOT / compose["services"]["web"]["build"] / "Dockerfile").exists()


def test_elasticsearch_single_node_with_explained_security(compose):
    env = compose["services"]["elasticsearch"]["environment"]
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "false"
    text = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"#.*[Ss]ecurity is OFF for local use", text)


def test_ports_bound_to_localhost(compose):
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_web_variables_are_read_by_settings(compose):
    env = compose["services"]["web"]["environment"]
    settings_text = (ROOT / "config" / "settings" / "base.py").read_text()
    settings_text += (ROOT / "config" / "settings" / "production.py").read_text()
    read = set(re.findall(r"ENV\.get\(\"([A-Z_]+)\"", settings_text))
    read |= set(re.findall(r"env_(?:bool|list)\(\"([A-Z_]+)\"", settings_text))
    external = {"ELASTIC_CLIENT_APIVERSIONING", "DEMO_ADMIN_PASSWORD"}
    for variable in env:
        assert variable in read or variable in external, variable
    assert env["ELASTICSEARCH_URL"].startswith("http://elasticsearch:9200")
    assert env["DATABASE_URL"].startswith("postgres://")
    db_env = compose["services"]["db"]["environment"]
    assert (
        f"{db_env['POSTGRES_USER']}:{db_env['POSTGRES_PASSWORD']}@db:5432/"
        f"{db_env['POSTGRES_DB']}" in env["DATABASE_URL"]
    )


def test_web_image_serves_with_the_projects_gunicorn_config(monkeypatch):
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn -c config/gunicorn.conf.py config.wsgi:application" in dockerfile
    assert "GUNICORN_BIND=0.0.0.0:8000" in dockerfile
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    values = {}
    exec((ROOT / "config" / "gunicorn.conf.py").read_text(), values)
    assert values["worker_class"] == "gthread" and values["threads"] >= 2
    assert values["workers"] == 3
    assert values["bind"].startswith("127.0.0.1:")
