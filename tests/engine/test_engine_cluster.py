"""3-node fault drill for the local engine (opt-in: TEST_ENGINE_CLUSTER=1).

Restarts the engine as 3 JVMs, stops ONE node (SIGKILL), checks that data with
1 replica stays searchable through the surviving nodes, restarts the node.
The ``engine_control`` fixture restores the original topology afterwards.
Takes 1-3 minutes on a 2-core machine."""

from __future__ import annotations

import os
import time
import uuid

import pytest

from tests.engine_fixture import engine_client

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(
        os.environ.get("TEST_ENGINE_CLUSTER") != "1",
        reason="engine-level 3-node drill is opt-in (TEST_ENGINE_CLUSTER=1); "
        "the site-level one, tests/search/test_engine_faults.py, always runs",
    ),
]


def test_three_nodes_survive_losing_one(engine_control):
    engine_control.restart(nodes=3)
    es = engine_client(
        engine_control.node_urls(), engine_control.product, max_retries=3
    )
    name = f"test_cluster_{uuid.uuid4().hex[:8]}"
    es.indices.create(
        index=name,
        body={"settings": {"number_of_shards": 3, "number_of_replicas": 1}},
    )
    for i in range(20):
        es.index(index=name, id=str(i), body={"title": f"article {i}"})
    es.indices.refresh(index=name)
    # request_timeout too: without it opensearch-py 2.x takes timeout= as its own.
    es.cluster.health(
        index=name, wait_for_status="green", timeout="60s", request_timeout=70
    )

    engine_control.stop_node(1, kill=True)  # node 1 = es_url's port
    survivor = engine_client([engine_control.node_url(2)], engine_control.product)
    deadline = time.monotonic() + 60
    while True:
        health = survivor.cluster.health()
        if health["number_of_nodes"] == 2 and health["status"] in {"yellow", "green"}:
            break
        assert time.monotonic() < deadline, health
        time.sleep(0.5)
    assert survivor.count(index=name)["count"] == 20
    survivor.index(index=name, id="during-outage", body={"title": "x"}, refresh=True)

    engine_control.start_node(1)
    assert es.count(index=name)["count"] == 21
    es.indices.delete(index=name)
