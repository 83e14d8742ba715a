"""Pytest plugin: a real Elasticsearch 7.10.2, OpenSearch 2.19 or OpenSearch 3.8 for
tests (see engine/README.md).

Enable with ``pytest_plugins = ["tests.engine_fixture"]`` in the root conftest.

``TEST_ENGINE_PRODUCT`` picks the product: ``elasticsearch`` (default),
``opensearch`` (2.19) or ``opensearch3`` (3.8, on Java 21+).  ``make test`` runs
the suite on Elasticsearch, then the engine-dependent tests again on each
OpenSearch (``--engine-only`` keeps just those: tests that use the engine, and
the engine variant of ``search_backend``).

Fixtures
--------
``es_url`` (session)
    Base URL of the engine, e.g. ``http://127.0.0.1:9200``.  Uses
    ``ELASTICSEARCH_URL`` when set; otherwise runs ``engine/run start --product
    P`` on port ``TEST_ES_PORT`` (default 9200 for Elasticsearch, 9250 for
    OpenSearch 2, 9270 for OpenSearch 3) and stops it at session end when a fixture
    started it and no other pytest session (lease file) still uses it; an
    engine you started by hand is never stopped.  If the engine cannot start
    the test fails when ``CI=true`` and is skipped otherwise.

``engine_product`` (session)
    ``"elasticsearch"`` or ``"opensearch"`` (2 or 3): what answers at ``es_url``
    (asked with ``GET /``).

``engine_client(urls)``
    A low-level Python client for the product under test (elasticsearch-py 7.x
    or opensearch-py 2.x; the same call style).

``engine_control`` (function)
    An :class:`EngineControl` for outage / fault tests: ``stop()``, ``start()``,
    ``restart(nodes=3)``, ``stop_node(i, kill=False)``, ``start_node(i)``,
    ``health()``, ``is_up()``, ``wait_until_up()``, ``wait_until_down()``,
    ``node_url(i)``, ``node_urls()``, ``nodes()``.  Each node is its own JVM:
    node i serves HTTP on port+i-1, so stop node 2 or 3 to keep ``es_url`` up.
    After the test the engine is brought back to the topology it had before
    (same node count, all nodes up).  Skipped when ``ELASTICSEARCH_URL`` points
    at an external cluster.

No Django needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
ENGINE_RUN = REPO_ROOT / "engine" / "run"
# First start may resolve ~80 jars with Maven; later starts take ~10-20 s.
START_TIMEOUT = int(os.environ.get("TEST_ES_START_TIMEOUT", "600"))
# A test engine lives minutes and is mostly creating and deleting small
# indexes: the quick JIT alone and a one-thread collector cost it about 40%
# less CPU than the JVM's defaults for the same work (upstream's Elasticsearch
# backend tests: 179 s of engine CPU instead of 291 s, same wall time), and
# the suite's passes share two cores. ENGINE_JAVA_OPTS set by hand wins.
TEST_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
PRODUCTS = ("elasticsearch", "opensearch", "opensearch3")
DEFAULT_PORTS = {"elasticsearch": 9200, "opensearch": 9250, "opensearch3": 9270}


def requested_product() -> str:
    product = os.environ.get("TEST_ENGINE_PRODUCT", "").strip().lower()
    product = product or "elasticsearch"
    if product not in PRODUCTS:
        raise pytest.UsageError(
            f"TEST_ENGINE_PRODUCT={product!r} is not one of {', '.join(PRODUCTS)}"
        )
    return product


def engine_client(urls, product: str | None = None, **kwargs):
    """A low-level client for ``product`` (default: the one under test)."""
    if isinstance(urls, str):
        urls = [urls]
    kwargs.setdefault("timeout", 30)
    if (product or requested_product()).startswith("opensearch"):
        from opensearchpy import OpenSearch

        return OpenSearch(urls, **kwargs)
    from elasticsearch import Elasticsearch

    return Elasticsearch(urls, **kwargs)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


class EngineError(RuntimeError):
    pass


class EngineControl:
    """Drive ``engine/run`` for one port (one cluster)."""

    def __init__(
        self, port: int, host: str = "127.0.0.1", product: str = "elasticsearch"
    ) -> None:
        self.port = port
        self.host = host
        self.product = product
        self.url = f"http://{host}:{port}"

    # -- low level -------------------------------------------------------
    def run(self, *args: str, timeout: float = START_TIMEOUT, check: bool = True):
        cmd = [str(ENGINE_RUN), *args, "--port", str(self.port)]
        cmd += ["--product", self.product]
        env = dict(os.environ)
        env.setdefault("ENGINE_JAVA_OPTS", TEST_JAVA_OPTS)
        proc = subprocess.run(
            cmd,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        if check and proc.returncode != 0:
            raise EngineError(
                f"{' '.join(cmd)} exited {proc.returncode}\n"
                f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
            )
        return proc

    def node_url(self, node: int) -> str:
        """HTTP URL of node ``node`` (1-based): port + node - 1."""
        return f"http://{self.host}:{self.port + node - 1}"

    def node_urls(self) -> list[str]:
        """All node URLs; give clients all of them when a node may be stopped
        (stopping node 1 takes ``es_url`` itself down)."""
        return [self.node_url(i) for i in range(1, max(self.nodes(), 1) + 1)]

    # -- queries ---------------------------------------------------------
    def health(self, node: int = 1, timeout: float = 5) -> dict | None:
        """Cluster health as seen by ``node`` (None when it does not answer)."""
        try:
            with urllib.request.urlopen(
                f"{self.node_url(node)}/_cluster/health", timeout=timeout
            ) as resp:
                return json.loads(resp.read())
        except (OSError, ValueError, urllib.error.URLError):
            return None

    def is_up(self, node: int = 1) -> bool:
        h = self.health(node)
        return bool(h) and h.get("status") in {"green", "yellow"}

    def nodes(self) -> int:
        """Configured node count of the running cluster (0 when none)."""
        env = REPO_ROOT / "engine" / ".data" / str(self.port) / "cluster.env"
        try:
            for line in env.read_text().splitlines():
                if line.startswith("NODES="):
                    return int(line.split("=", 1)[1])
        except (OSError, ValueError):
            pass
        return 0

    def wait_until_up(self, timeout: float = 120, node: int = 1) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            h = self.health(node)
            if h and h.get("status") in {"green", "yellow"}:
                return h
            time.sleep(0.5)
        raise EngineError(f"engine on {self.node_url(node)} not up after {timeout}s")

    def wait_until_down(self, timeout: float = 60, node: int = 1) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.health(node, timeout=2) is None:
                return
            time.sleep(0.5)
        raise EngineError(f"engine on {self.node_url(node)} still up after {timeout}s")

    # -- actions ---------------------------------------------------------
    def start(self, nodes: int | None = None) -> str:
        args = ["start"] + (["--nodes", str(nodes)] if nodes else [])
        return self.run(*args).stdout

    def stop(self) -> str:
        return self.run("stop", timeout=120).stdout

    def restart(self, nodes: int | None = None) -> str:
        self.stop()
        return self.start(nodes)

    def stop_node(self, node: int, kill: bool = False) -> str:
        """Stop ONE node (separate JVM). ``kill=True`` sends SIGKILL (a crash)."""
        args = ["stop-node", str(node)] + (["--kill"] if kill else [])
        return self.run(*args, timeout=120).stdout

    def start_node(self, node: int) -> str:
        return self.run("start-node", str(node)).stdout


def _engine_unavailable(reason: str):
    if _truthy(os.environ.get("CI")):
        pytest.fail(f"search engine unavailable: {reason}", pytrace=False)
    pytest.skip(f"search engine unavailable: {reason}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Lease:
    """Concurrent pytest sessions share one engine per port.  Each session holds
    a lease file; the last session to leave stops an engine that a fixture
    started (never one that was started by hand)."""

    def __init__(self, port: int) -> None:
        self.dir = REPO_ROOT / "engine" / ".data" / str(port) / "leases"
        self.marker = self.dir.parent / "started-by-fixture"
        self.path = self.dir / str(os.getpid())

    def acquire(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path.touch()

    def others_alive(self) -> bool:
        alive = False
        for f in self.dir.glob("*"):
            if f == self.path or not f.name.isdigit():
                continue
            if _pid_alive(int(f.name)):
                alive = True
            else:
                f.unlink(missing_ok=True)
        return alive

    def release(self) -> bool:
        """Drop our lease; True when the engine should now be stopped."""
        self.path.unlink(missing_ok=True)
        return not self.others_alive() and self.marker.exists()


@pytest.fixture(scope="session")
def _engine_session():
    """(url, EngineControl | None)."""
    external = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if external:
        yield external.rstrip("/"), None
        return

    product = requested_product()
    port = int(os.environ.get("TEST_ES_PORT", "") or DEFAULT_PORTS[product])
    control = EngineControl(port, product=product)
    if not ENGINE_RUN.exists():
        _engine_unavailable(f"{ENGINE_RUN} not found")
    lease = _Lease(port)
    lease.acquire()  # before looking, so a leaving session keeps it running
    try:
        already_running = control.run("status", timeout=30, check=False).returncode == 0
        try:
            control.start()
        except (EngineError, OSError, subprocess.TimeoutExpired) as exc:
            _engine_unavailable(str(exc))
        control.started_by_session = not already_running
        if control.started_by_session:
            lease.marker.touch()
        control.session_nodes = control.nodes() or 1
        yield control.url, control
    finally:
        if lease.release():
            control.run("stop", timeout=120, check=False)
            lease.marker.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def es_url(_engine_session) -> str:
    """Base URL of the running engine (``http://127.0.0.1:9200``)."""
    return _engine_session[0]


@pytest.fixture(scope="session")
def engine_product(es_url) -> str:
    """``"elasticsearch"`` or ``"opensearch"``, from the engine's ``GET /``."""
    with urllib.request.urlopen(es_url + "/", timeout=10) as resp:
        info = json.loads(resp.read())
    if info.get("version", {}).get("distribution") == "opensearch":
        return "opensearch"
    return "elasticsearch"


# Fixtures through which a test reaches the engine; ``--engine-only`` keeps the
# tests that use one of them (or the engine variant of ``search_backend``).
ENGINE_FIXTURES = {"es_url", "_engine_session", "engine_control", "engine_product"}


def pytest_addoption(parser):
    parser.addoption(
        "--engine-only",
        action="store_true",
        help="run only the tests that use the search engine (the OpenSearch pass)",
    )
    parser.addoption(
        "--without-engine",
        action="store_true",
        help="run only the tests that do not use the engine (the PostgreSQL pass)",
    )


def uses_engine(item) -> bool:
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "search_backend" in callspec.params:
        return callspec.params["search_backend"] == "engine"
    return bool(ENGINE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    engine_only = config.getoption("--engine-only")
    if not engine_only and not config.getoption("--without-engine"):
        return
    keep = [item for item in items if uses_engine(item) == engine_only]
    dropped = [item for item in items if uses_engine(item) != engine_only]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture
def engine_control(_engine_session):
    """Control the local engine for outage / fault tests; restored afterwards."""
    control = _engine_session[1]
    if control is None:
        pytest.skip("ELASTICSEARCH_URL is set: external engine cannot be controlled")
    wanted = control.session_nodes
    yield control
    # Restore: same topology as the session had, every node running.
    if control.nodes() != wanted:
        control.restart(wanted)
    else:
        control.start()
