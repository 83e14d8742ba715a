"""Index health: numbers against a known state on both backends, the outbox
backlog while the engine is down, and the background rebuild."""

import re

import pytest
from django.urls import reverse

from search import outbox, query
from search.admin_views import index_health, start_rebuild
from search.models import IndexOutboxEntry, IndexRebuild
from tests.conftest import make_article, restrict, sync_index

URL = "/admin/search/index/"


@pytest.fixture
def admin_client(client, db, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("boss", "b@example.com", "pw-b-1")
    )
    return client


@pytest.fixture
def known_state(search_backend, site_tree):
    index = site_tree["index"]
    pages = [
        make_article(index, "Muscle cramps"),
        make_article(index, "Back pain"),
        make_article(index, "Secret page"),
        make_article(index, "Draft page", publish=False),
    ]
    restrict(pages[2], "login")  # live but private: indexed, filtered at query time
    sync_index()
    return search_backend


def _value(html, key):
    match = re.search(rf'data-health="{key}"[^>]*>(.*?)</dd>', html, re.S)
    assert match, f"no {key} in page"
    return " ".join(match.group(1).split())


def test_numbers_match_known_state(admin_client, known_state):
    assert URL == reverse("search_index_health:index")
    html = admin_client.get(URL).content.decode()
    # The engine counts live documents; the database index holds drafts too.
    expected = "3" if known_state == "engine" else "4"
    assert _value(html, "indexed") == expected
    assert _value(html, "expected") == expected
    assert _value(html, "live") == "3 (2 public)"
    assert _value(html, "sync") == "In step"
    assert _value(html, "backlog") == "0"
    if known_state == "database":
        assert _value(html, "engine") == "database"
    else:
        backend = query.engine_backend()
        assert _value(html, "engine") == "elasticsearch 7.10.2"
        assert _value(html, "cluster").split()[0] in {"green", "yellow"}
        assert _value(html, "index") == backend.page_index_name()
    assert "has not been rebuilt" in html


def test_out_of_step_until_the_outbox_delivers(admin_client, known_state, site_tree):
    make_article(site_tree["index"], "Hay fever")
    info = index_health()
    assert info["live_articles"] == 4
    assert info["outbox"]["pending"] >= 1
    html = admin_client.get(URL).content.decode()
    assert _value(html, "sync").startswith("Out of step")
    assert int(_value(html, "backlog")) >= 1
    sync_index()
    html = admin_client.get(URL).content.decode()
    assert _value(html, "indexed") == _value(html, "expected")
    assert _value(html, "sync") == "In step"
    assert _value(html, "backlog") == "0"


def test_rebuild_runs_and_is_recorded(admin_client, known_state, settings):
    settings.SEARCH_REBUILD_IN_THREAD = False
    backend = query.engine_backend()
    before = (
        set(backend.es.indices.get_alias(index=backend.page_index_name()))
        if backend
        else None
    )
    response = admin_client.post(reverse("search_index_health:rebuild"))
    assert response.status_code == 302
    rebuild = IndexRebuild.objects.get()
    assert rebuild.status == IndexRebuild.STATUS_SUCCEEDED, rebuild.error
    assert rebuild.finished_at and rebuild.documents >= 3
    if backend is not None:
        backend.es.indices.refresh(index=backend.page_index_name())
        after = set(backend.es.indices.get_alias(index=backend.page_index_name()))
        assert after != before  # a new index behind the same alias
    assert query.search_articles("muscle cramps").results[0]["title"] == "Muscle cramps"
    html = admin_client.get(URL).content.decode()
    assert _value(html, "rebuild-status").startswith("Succeeded")
    assert _value(html, "sync") == "In step"


def test_rebuild_failure_and_running_rebuild_are_shown(
    admin_client, db, monkeypatch, settings
):
    settings.SEARCH_REBUILD_IN_THREAD = False

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("search.indexing.rebuild_index", broken)
    rebuild, started = start_rebuild()
    assert started and rebuild.status == IndexRebuild.STATUS_FAILED
    assert "disk full" in _value(
        admin_client.get(URL).content.decode(), "rebuild-error"
    )

    running = IndexRebuild.objects.create(total=10, documents=4)
    again, started = start_rebuild()
    assert not started and again.pk == running.pk
    html = admin_client.get(URL).content.decode()
    assert 'http-equiv="refresh"' in html
    assert '<progress max="100" value="40">' in html
    assert "disabled" in html.split('action="/admin/search/index/rebuild/"')[1]


def test_rebuild_in_background_thread_is_started(admin_client, db, monkeypatch):
    started = []

    class FakeThread:
        # search/background.py runs (func, *args) through its unit wrapper.
        def __init__(self, target, args, kwargs, daemon, name):
            started.append((args[0], args[1:], daemon))

        def start(self):
            pass

    monkeypatch.setattr("search.background.threading.Thread", FakeThread)
    admin_client.post(reverse("search_index_health:rebuild"))
    rebuild = IndexRebuild.objects.get()
    assert rebuild.status == IndexRebuild.STATUS_RUNNING
    assert started and started[0][1] == (rebuild.pk,) and started[0][2] is True


@pytest.mark.parametrize("search_backend", ["engine"], indirect=True)
def test_backlog_while_engine_is_stopped(
    admin_client, search_backend, site_tree, request
):
    make_article(site_tree["index"], "Muscle cramps")
    sync_index()
    engine_control = request.getfixturevalue("engine_control")
    engine_control.stop()
    engine_control.wait_until_down()
    make_article(site_tree["index"], "Back pain")
    make_article(site_tree["index"], "Hay fever")
    outbox.deliver(due_only=False)  # fails: stays queued with the error
    pending = IndexOutboxEntry.objects.filter(backend="default").count()
    assert pending >= 2
    html = admin_client.get(URL).content.decode()
    assert int(_value(html, "backlog")) == IndexOutboxEntry.objects.count() >= 2
    assert int(_value(html, "failing")) >= 2
    assert _value(html, "last-error") not in ("", "None")
    assert _value(html, "cluster") == "unreachable"
    assert _value(html, "indexed") == "unknown"
    assert _value(html, "live") == "3 (3 public)"
    assert "cluster-error" in html

    engine_control.start()
    engine_control.wait_until_up()
    sync_index()
    html = admin_client.get(URL).content.decode()
    assert _value(html, "backlog") == "0"
    assert _value(html, "indexed") == "3"
