"""Search admin polish: the Analytics buttons' markup and Index health's
plain-words explanation of the engine's state (both backends)."""

import pytest

from search.index_health import engine_status, index_health
from tests.conftest import make_article, sync_index

ANALYTICS = "/admin/search/analytics/"
HEALTH = "/admin/search/index/"


@pytest.fixture
def admin_client(client, db, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("boss", "b@example.com", "pw-b-1")
    )
    return client


def test_analytics_buttons_use_wagtails_icon_button_markup(admin_client):
    html = admin_client.get(ANALYTICS).content.decode()
    for label, icon in (
        ("Export CSV", "download"),
        ("Privacy and retention: 365 days", "cog"),
    ):
        start = html.index(label)
        button = html[html.rindex("<a ", 0, start) : start]
        # Wagtail sizes icons only inside its components: a bicolor
        # button--icon with the icon in an icon-wrapper (the bare icon was
        # drawn 300x150; tests/browser/test_admin_polish.py measures it).
        assert "bicolor button--icon" in button, button
        assert 'class="icon-wrapper"' in button and f"icon-{icon}" in button


def test_engine_status_in_plain_words():
    database = engine_status({"engine": "database", "cluster_health": None})
    assert database["level"] == "ok" and "no cluster" in database["text"].lower()
    one_node = engine_status(
        {"engine": "elasticsearch", "cluster_health": "yellow", "nodes": 1}
    )
    assert one_node["title"] == "Yellow, as expected on a one-node cluster"
    assert one_node["level"] == "ok" and "replica" in one_node["text"]
    three = engine_status(
        {"engine": "elasticsearch", "cluster_health": "yellow", "nodes": 3}
    )
    assert three["level"] == "warning" and "one-node" not in three["title"]
    assert engine_status({"engine": "opensearch", "cluster_health": "red"})[
        "level"
    ] == ("critical")
    down = engine_status({"engine": "elasticsearch", "cluster_health": "unreachable"})
    assert down["level"] == "critical" and "outbox" in down["text"]


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_database_backend_has_no_cluster_health(admin_client, search_backend):
    html = admin_client.get(HEALTH).content.decode()
    assert "Cluster health" not in html and "green" not in html
    assert "No search engine: the database answers" in html
    assert 'data-level="ok"' in html


@pytest.mark.parametrize("search_backend", ["engine"], indirect=True)
def test_engine_health_is_explained(admin_client, search_backend, site_tree):
    make_article(site_tree["index"], "Muscle cramps")
    sync_index()
    info = index_health()
    assert info["cluster_health"] in {"green", "yellow"}
    html = admin_client.get(HEALTH).content.decode()
    assert f'data-health="cluster">{info["cluster_health"]}' in html
    if info["cluster_health"] == "yellow" and info["nodes"] == 1:
        assert "Yellow, as expected on a one-node cluster" in html
    else:
        assert info["status"]["title"] in html
    assert 'data-level="ok"' in html
