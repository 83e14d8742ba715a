"""A hung engine (its JVM stopped with SIGSTOP: connections open, no answers)
must cost one timeout, not one per request: once the breaker has opened,
article pages, related lists, search and autocomplete make no engine call
until the breaker lets one probe through. Counted, not timed.

Runs on an engine of its own port (engines are shared between test sessions,
and this one is frozen on purpose).
"""

import os
import signal
import time
import uuid

import pytest
from elasticsearch import Transport

from search import breaker
from search.backends import engine_backend
from search.conf import search_backends_from_env
from search.indexing import rebuild_index
from tests.conftest import make_article, sync_index
from tests.engine_fixture import REPO_ROOT, EngineControl, EngineError

pytestmark = pytest.mark.engine

HUNG_PORT = int(os.environ.get("TEST_HUNG_ES_PORT", "9230"))


@pytest.fixture
def hung_engine(settings, site_tree, monkeypatch):
    control = EngineControl(HUNG_PORT)
    try:
        control.start()
    except (EngineError, OSError) as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"engine on port {HUNG_PORT} could not start: {exc}")
        pytest.skip(f"engine on port {HUNG_PORT} could not start: {exc}")
    prefix = f"hung_{uuid.uuid4().hex[:6]}_"
    # Set up with a patient timeout (a fresh engine on a busy machine is slow).
    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env(
        url=control.url, index_prefix=prefix, timeout=30
    )
    rebuild_index()
    pages = {
        "cramps": make_article(site_tree["index"], "Muscle cramps", tags=["legs"]),
        "pain": make_article(site_tree["index"], "Leg pain", tags=["legs"]),
    }
    sync_index()
    # Visitors' requests wait at most 2 s for the engine.
    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env(
        url=control.url, index_prefix=prefix, timeout=2
    )
    calls = []
    original = Transport.perform_request

    def counted(self, method, url, *args, **kwargs):
        calls.append(url)
        return original(self, method, url, *args, **kwargs)

    monkeypatch.setattr(Transport, "perform_request", counted)
    pid = int(
        (REPO_ROOT / "engine" / ".data" / str(HUNG_PORT) / "node1.pid").read_text()
    )
    os.kill(pid, signal.SIGSTOP)
    try:
        yield pages, calls
    finally:
        os.kill(pid, signal.SIGCONT)
        control.stop()


def _public_requests(client, pages):
    cramps = pages["cramps"]
    answers = [
        client.get(cramps.url),
        client.get(pages["pain"].url),
        client.get(f"/api/articles/{cramps.pk}/related/"),
        client.get("/api/search/", {"q": "leg pain"}),
        client.get("/api/search/autocomplete/", {"q": "musc"}),
        client.get("/search/", {"q": "cramps"}),
    ]
    assert all(answer.status_code == 200 for answer in answers)
    return answers


def test_breaker_stops_calls_to_a_hung_engine(client, hung_engine):
    pages, calls = hung_engine
    first = client.get("/api/search/", {"q": "muscle cramps"}).json()
    assert first["degraded"] and first["results"][0]["title"] == "Muscle cramps"
    assert calls, "the first search asked the (hung) engine"
    engine_breaker = breaker.for_backend(engine_backend())
    assert engine_breaker.is_open

    calls.clear()
    answers = _public_requests(client, pages)
    assert calls == [], "no engine call while the breaker is open"
    related = answers[2].json()["results"]
    assert [item["title"] for item in related] == ["Leg pain"]  # shared tags
    assert answers[3].json()["degraded"]

    # The retry interval passes: exactly one request probes the engine.
    engine_breaker._open_until = time.monotonic() - 1
    client.get("/api/search/", {"q": "cramps"})
    probe_calls = len(calls)
    assert probe_calls >= 1, "one probe goes through"
    assert engine_breaker.is_open, "the probe failed: open again"
    _public_requests(client, pages)
    assert len(calls) == probe_calls, "after the failed probe, no more calls"
