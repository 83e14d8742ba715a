"""The real engine under faults: outages, rebuilds, a lost node."""

import threading
import time
import uuid

import pytest
from wagtail.search.backends import get_search_backend

from search import breaker, outbox, query
from search.conf import search_backends_from_env
from search.indexing import rebuild_index
from search.models import IndexOutboxEntry
from tests.conftest import make_article, sync_index

pytestmark = pytest.mark.engine


@pytest.fixture
def engine_settings(settings, es_url, db):
    prefix = f"test_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env(
        url=es_url, index_prefix=prefix, timeout=10
    )
    outbox.forget_ensured_indexes()
    breaker.reset_all()
    rebuild_index()
    yield prefix
    outbox.forget_ensured_indexes()
    breaker.reset_all()
    try:
        get_search_backend("default").es.indices.delete(index=f"{prefix}*")
    except Exception:  # noqa: BLE001 - the engine may be down after a failure
        pass


def engine_ids(live_only=True):
    """Article ids in the engine's index (optionally only live ones)."""
    backend = get_search_backend("default")
    fields = query.es_fields(backend)
    backend.es.indices.refresh(index=backend.page_index_name())
    filters = [{"term": {"_django_content_type": query.CONTENT_TYPE}}]
    if live_only:
        filters.append({"term": {fields["live"]: True}})
    result = backend.raw_search(
        backend.page_index_name(),
        {"query": {"bool": {"filter": filters}}, "size": 1000, "_source": False},
    )
    return {int(hit["_id"]) for hit in result["hits"]["hits"]}


def engine_titles(ids):
    backend = get_search_backend("default")
    docs = backend.es.mget(
        index=backend.page_index_name(), body={"ids": [str(i) for i in ids]}
    )
    return {int(d["_id"]): d["_source"]["title"] for d in docs["docs"] if d["found"]}


def test_outage_loses_no_update(engine_settings, engine_control, site_tree):
    from health_articles.models import HealthArticlePage

    index = site_tree["index"]
    existing = [make_article(index, f"Existing topic {n}") for n in range(60)]
    sync_index()
    assert len(engine_ids()) >= 60

    engine_control.stop()
    engine_control.wait_until_down()
    changes = 0
    for n in range(100):  # new articles
        make_article(index, f"Outage topic {n}")
        changes += 1
    for page in existing[:60]:  # edits, unpublishes and deletes
        changes += 1
        if page.title.endswith(("0", "1", "2", "3")):
            page.delete()
            continue
        page = HealthArticlePage.objects.get(pk=page.pk)
        if page.title.endswith(("4", "5")):
            page.unpublish()
            continue
        page.title = page.title + " revised"
        page.save_revision().publish()
    for n in range(40):  # more edits to new ones
        page = HealthArticlePage.objects.get(title=f"Outage topic {n}")
        page.summary = f"Second version {n}"
        page.save_revision().publish()
        changes += 1
    assert changes == 200
    # Every change waits in the outbox; publishing did not fail.
    outbox.deliver()
    assert IndexOutboxEntry.objects.filter(backend="default").count() >= 160

    engine_control.start()
    engine_control.wait_until_up()
    deadline = time.monotonic() + 90
    while IndexOutboxEntry.objects.filter(backend="default").exists():
        assert time.monotonic() < deadline, "outbox did not drain after the outage"
        outbox.deliver_safely()  # what the worker / request hook does
        time.sleep(0.5)

    expected = set(
        HealthArticlePage.objects.live().public().values_list("pk", flat=True)
    )
    assert engine_ids() == expected
    titles = engine_titles(expected)
    for page in HealthArticlePage.objects.live():
        assert titles[page.pk] == page.title
    deleted = {p.pk for p in existing} - set(
        HealthArticlePage.objects.values_list("pk", flat=True)
    )
    assert deleted and not (engine_ids(live_only=False) & deleted)


def test_search_falls_back_to_database_when_engine_is_down(
    engine_settings, engine_control, engine_product, site_tree, client
):
    make_article(site_tree["index"], "Muscle cramps", also_known_as="charley horse")
    sync_index()
    assert query.search_articles("charley horse").backend == engine_product
    engine_control.stop()
    engine_control.wait_until_down()
    result = query.search_articles("charley horse")
    assert result.degraded and result.backend == "database"
    assert [r["title"] for r in result.results] == ["Muscle cramps"]
    response = client.get("/api/search/", {"q": "charley horse"})
    assert response.status_code == 200
    assert response.json()["degraded"] is True
    page = client.get("/search/", {"q": "charley horse"})
    assert page.status_code == 200 and b"simplified mode" in page.content
    assert client.get("/api/search/autocomplete/", {"q": "mus"}).status_code == 200


def test_rebuild_swaps_alias_and_keeps_answering(engine_settings, site_tree):
    from search.indexing import rebuild_index

    for n in range(150):
        make_article(site_tree["index"], f"Rebuild topic {n}", body_text="cramp")
    sync_index()
    backend = get_search_backend("default")
    alias = backend.page_index_name()
    before = set(backend.es.indices.get_alias(name=alias))
    failures, answers = [], []
    stop = threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                result = backend.raw_search(
                    alias, {"query": {"match": {"title": "rebuild"}}, "size": 1}
                )
                answers.append(result["hits"]["total"]["value"])
            except Exception as exc:  # noqa: BLE001
                failures.append(exc)

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        rebuild_index("default")
    finally:
        stop.set()
        thread.join()
    after = set(backend.es.indices.get_alias(name=alias))
    assert before != after, "the alias should point at a new index"
    assert not failures
    assert answers and min(answers) == 150


def test_three_nodes_survive_losing_one(
    engine_settings, engine_control, engine_product, site_tree
):
    engine_control.restart(nodes=3)
    engine_control.wait_until_up()
    rebuild_index()  # a new cluster: delivery does not create the index
    for n in range(30):
        make_article(site_tree["index"], f"Replica topic {n}")
    sync_index()
    backend = get_search_backend("default")
    # request_timeout too: without it opensearch-py 2.x takes timeout= as its own.
    backend.es.cluster.health(
        wait_for_status="green", timeout="60s", request_timeout=70
    )
    engine_control.stop_node(2, kill=True)
    engine_control.wait_until_down(node=2)
    result = query.search_articles("replica topic")
    assert result.backend == engine_product and not result.degraded
    assert result.total == 30


def test_reconcile_repairs_an_index_that_drifted(engine_settings, site_tree):
    from health_articles.models import HealthArticlePage
    from search.indexing import reconcile

    kept = make_article(site_tree["index"], "Drift kept")
    gone = make_article(site_tree["index"], "Drift gone")
    hidden = make_article(site_tree["index"], "Drift hidden")
    sync_index()
    backend = get_search_backend("default")
    index = backend.page_index_name()
    # Drift behind the outbox's back: a lost delete, a lost unpublish and a
    # document that vanished from the engine.
    HealthArticlePage.objects.filter(pk=gone.pk).delete()
    HealthArticlePage.objects.filter(pk=hidden.pk).update(live=False)
    IndexOutboxEntry.objects.all().delete()
    backend.es.delete(index=index, id=str(kept.pk), refresh=True)
    assert reconcile("default") >= 3
    outbox.deliver(due_only=False)
    assert engine_ids() == {kept.pk}
    assert gone.pk not in engine_ids(live_only=False)
