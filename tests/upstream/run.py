"""Run django-modelsearch's own backend tests with our backend classes.

    .venv/bin/python -m tests.upstream.run --product elasticsearch [--port 9200]
    .venv/bin/python -m tests.upstream.run --product opensearch [--port 9250]
    .venv/bin/python -m tests.upstream.run --product opensearch3 [--port 9270]
    .venv/bin/python -m tests.upstream.run --product postgres

Takes the test suite from the sdist of the installed modelsearch version
(tests/upstream/sdist.py), rebuilds the ``search`` fixture it needs
(tests/upstream/fixture.py), starts the engine with ``engine/run`` unless
``--url`` (or ``ELASTICSEARCH_URL`` / ``OPENSEARCH_URL``) names one, and
replaces the stock backend class in ``modelsearch.backends.elasticsearch7``
(``.opensearch2``, ``.opensearch3``) with ours from ``search.backends.engine``
before the tests import it: every upstream test that builds, queries or maps
through that class runs on our subclass. The verdict is tests/upstream/outcome.py's.
``--product postgres`` runs the suite's PostgreSQL backend tests on Wagtail's
database backend (ours without an engine) on a throw-away PostgreSQL.
Exit status 0 on a clean verdict, 1 otherwise, 2 when the engine or the sdist
is missing under ``CI=true`` (without CI the pass is skipped with a message).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import unittest
import urllib.request
from importlib import import_module

from tests.engine_fixture import DEFAULT_PORTS, EngineControl, EngineError
from tests.upstream import outcome
from tests.upstream.fixture import write_fixture
from tests.upstream.sdist import CACHE_DIR, SdistError, ensure_sdist

# --product -> (engine, major): the stock module modelsearch.backends.<engine><major>.
ENGINES = {
    "elasticsearch": ("elasticsearch", 7),
    "opensearch": ("opensearch", 2),
    "opensearch3": ("opensearch", 3),
}
PRODUCTS = (*ENGINES, "postgres")


def _truthy(value):
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def unavailable(message):
    """A missing engine or sdist: fail under CI, skip otherwise."""
    if _truthy(os.environ.get("CI")):
        print(f"upstream tests: {message}", file=sys.stderr)
        sys.exit(2)
    print(f"upstream tests SKIPPED: {message}", file=sys.stderr)
    sys.exit(0)


class RecordingResult(unittest.TextTestResult):
    """Records every outcome for outcome.judge."""

    records: list = []

    def _record(self, test, name, err=None, own_skip=False):
        detail = self._exc_info_to_string(err, test) if err else ""
        self.records.append(outcome.Record(test.id(), name, detail, own_skip))

    def addSuccess(self, test):  # noqa: N802 - unittest's names
        super().addSuccess(test)
        if not getattr(test, "_upstream_subtest_failed", False):
            self._record(test, "passed")

    def addFailure(self, test, err):  # noqa: N802
        super().addFailure(test, err)
        self._record(test, "failed", err)

    def addError(self, test, err):  # noqa: N802
        super().addError(test, err)
        # Class-level setUp errors arrive with a placeholder "test".
        self.records.append(
            outcome.Record(
                getattr(test, "id", lambda: str(test))(),
                "error",
                self._exc_info_to_string(err, test)
                if isinstance(test, unittest.TestCase)
                else str(err[1]),
            )
        )

    def addSubTest(self, test, subtest, err):  # noqa: N802
        super().addSubTest(test, subtest, err)
        if err is not None:
            test._upstream_subtest_failed = True
            failed = issubclass(err[0], test.failureException)
            self._record(test, "failed" if failed else "error", err)

    def addSkip(self, test, reason):  # noqa: N802
        super().addSkip(test, reason)
        method = getattr(test, getattr(test, "_testMethodName", ""), None)
        own = bool(getattr(method, "__unittest_skip__", False))
        self.records.append(outcome.Record(test.id(), "skipped", reason, own))

    def addExpectedFailure(self, test, err):  # noqa: N802
        super().addExpectedFailure(test, err)
        self._record(test, "xfail")

    def addUnexpectedSuccess(self, test):  # noqa: N802
        super().addUnexpectedSuccess(test)
        self._record(test, "xpass")


def dedupe(records):
    """One record per test: a failed subtest outranks the rest."""
    rank = {"error": 3, "failed": 2, "xpass": 2, "passed": 1, "xfail": 1, "skipped": 0}
    best = {}
    for record in records:
        kept = best.get(record.test_id)
        if kept is None or rank[record.outcome] > rank[kept.outcome]:
            best[record.test_id] = record
    return list(best.values())


def engine_url(product, port, url):
    env_name = {"opensearch": "OPENSEARCH_URL", "opensearch3": "OPENSEARCH3_URL"}.get(
        product, "ELASTICSEARCH_URL"
    )
    url = (url or os.environ.get(env_name, "")).strip().rstrip("/")
    if url:
        try:
            with urllib.request.urlopen(url + "/", timeout=10) as answer:
                answer.read()
        except OSError as exc:
            unavailable(f"{product} at {url} does not answer: {exc}")
        return url, None
    control = EngineControl(port, product=product)
    already = control.run("status", timeout=30, check=False).returncode == 0
    try:
        control.start()
    except (EngineError, OSError, subprocess.TimeoutExpired) as exc:
        unavailable(f"{product} on port {port} could not start: {exc}")
    return control.url, (None if already else control)


def install_our_backend(product):
    """Put our backend class where the upstream tests look for the stock one."""
    from search.backends.engine import HealthBackendMixin, backend_class

    engine, major = ENGINES[product]
    ours = backend_class(engine, major)  # built on the stock class
    module = import_module(f"modelsearch.backends.{engine}{major}")
    stock = module.SearchBackend
    if issubclass(stock, HealthBackendMixin) or not issubclass(ours, stock):
        raise RuntimeError(f"{module.__name__}.SearchBackend is not the stock class")
    module.SearchBackend = ours
    setattr(module, stock.__name__, ours)
    return stock, ours


def keep_pages_unindexed():
    """Only the test app's models are indexed (as in the upstream settings).

    Wagtail's core app is installed only because our backend module imports
    ``Page``; left indexed it would add an index to every test's rebuild and
    to ``all_indexes()``, which test_all_indexes compares with the test app's.
    """
    from wagtail.models import Page

    Page.search_fields = []


def check_mapping_differences(stock, ours):
    """The exact-mapping tests' models: ours = stock + our analyzers, no more."""
    from modelsearch.test.testapp import models

    from search.backends.analysis import (
        ALL_TEXT_ANALYZER,
        AUTOCOMPLETE_SEARCH_ANALYZER,
        TEXT_ANALYZER,
        WORDS_ANALYZER,
    )

    allowed = {
        "analyzer": {TEXT_ANALYZER, ALL_TEXT_ANALYZER},
        "search_analyzer": {AUTOCOMPLETE_SEARCH_ANALYZER},
    }
    # The unstemmed ``.words`` subfield our typo tolerance uses on ``title``.
    words = {"type": {"text"}, "analyzer": {WORDS_ANALYZER}}
    problems = []
    for model in (models.Book, models.Novel):
        theirs = stock.mapping_class(model).get_mapping()
        mine = ours.mapping_class(model).get_mapping()
        for path, old, new in outcome.mapping_differences(theirs, mine):
            key = path.rsplit(".", 1)[-1]
            rules = words if ".fields.words." in path and old is None else allowed
            if new not in rules.get(key, ()):
                problems.append(f"{model.__name__} mapping {path}: {old!r} -> {new!r}")
        if theirs == mine:
            problems.append(f"{model.__name__} mapping: no difference from stock")
    return problems


def run(product, port, url, labels=(), verbosity=1):
    started = time.monotonic()
    try:
        root = ensure_sdist()
    except SdistError as exc:
        unavailable(str(exc))
    if product == "postgres":
        return _on_postgres(root, started, labels, verbosity)
    url, control = engine_url(product, port, url)
    try:
        return _run_suite(product, url, root, started, labels, verbosity)
    finally:
        if control is not None:
            control.run("stop", timeout=120, check=False)


def _on_postgres(root, started, labels, verbosity):
    """Wagtail's database backend tests on a throw-away PostgreSQL (or
    ``POSTGRES_TEST_URL``), started as the PostgreSQL pass starts it."""
    from tests.postgres_fixture import PostgresServer, PostgresUnavailable

    external = os.environ.get("POSTGRES_TEST_URL", "").strip()
    server = None
    if not external:
        server = PostgresServer()
        try:
            server.start()
        except (PostgresUnavailable, OSError, subprocess.TimeoutExpired) as exc:
            server.stop()
            unavailable(f"PostgreSQL could not start: {exc}")
    os.environ["UPSTREAM_DATABASE_URL"] = external or server.url
    try:
        return _run_suite("postgres", "", root, started, labels, verbosity)
    finally:
        if server is not None:
            server.stop()


def _run_suite(product, url, root, started, labels, verbosity):
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.upstream.settings"
    os.environ["UPSTREAM_PRODUCT"] = product
    os.environ["UPSTREAM_ENGINE_URL"] = url
    os.environ["UPSTREAM_FIXTURE_DIR"] = str(
        write_fixture(CACHE_DIR / "fixture" / product).parent
    )

    from tests.upstream.sdist import install_test_packages, installed_version

    install_test_packages(root)
    import django

    django.setup()
    from django.test.runner import DiscoverRunner

    problems = []
    if product in ENGINES:
        stock, ours = install_our_backend(product)
        where = f"our {ours.__name__} ({product}, {url})"
        if product == "elasticsearch":
            problems = check_mapping_differences(stock, ours)
    else:  # our database backend is Wagtail's own
        where = "Wagtail's database backend on PostgreSQL"
    keep_pages_unindexed()

    partial = bool(labels)  # a chosen subset: only its own outcomes are judged
    labels = (
        labels
        or outcome.MODULES[product]
        or sorted(
            f"modelsearch.tests.{path.stem}"
            for path in (root / "modelsearch" / "tests").glob("test_*.py")
        )
    )

    class Runner(DiscoverRunner):
        def get_resultclass(self):
            return RecordingResult

    RecordingResult.records = []
    Runner(verbosity=verbosity, interactive=False).run_tests(list(labels))
    verdict = outcome.judge(dedupe(RecordingResult.records), product, partial)
    verdict.problems[:0] = problems
    label = f"django-modelsearch {installed_version()} tests on {where}"
    print()
    for test_id in verdict.expected_failures:
        reason = outcome.EXPECTED_FAILURES[product][test_id]
        print(f"expected failure: {test_id} ({reason})")
    for problem in verdict.problems:
        print(f"PROBLEM: {problem}")
    print(
        f"{outcome.summary_line(verdict, label)} in {time.monotonic() - started:.0f}s"
    )
    return 0 if verdict.ok else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--product", choices=PRODUCTS, default="elasticsearch")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--url", default="", help="an engine already running")
    parser.add_argument("-v", "--verbosity", type=int, default=1)
    parser.add_argument(
        "tests", nargs="*", help="upstream test labels (default: the whole pass)"
    )
    args = parser.parse_args(argv)
    port = args.port or int(
        os.environ.get("TEST_ES_PORT") or DEFAULT_PORTS.get(args.product, 0)
    )
    sys.exit(run(args.product, port, args.url, tuple(args.tests), args.verbosity))


if __name__ == "__main__":
    main()
