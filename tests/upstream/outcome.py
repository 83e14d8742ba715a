"""What counts as a pass of django-modelsearch's tests on our backends.

Strict: every upstream test must pass on our backend classes except the ones
named in ``EXPECTED_FAILURES``, and each of those must still fail (as an
assertion failure, not an error). Tests of the classes in ``MUST_RUN`` may be
skipped only by upstream's own per-test skip decorators: a class skipped as a
whole (no backend entry, wrong client version) means our backend was never
exercised, and fails the run. Pure functions; no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ES7 = "modelsearch.tests.test_elasticsearch7_backend"
OS2 = "modelsearch.tests.test_opensearch2_backend"
OS3 = "modelsearch.tests.test_opensearch3_backend"

# The exact-mapping tests compare the whole mapping JSON with the stock one;
# ours differs by our analyzers only (health_text on text fields,
# health_text_all on _all_text, health_autocomplete_search as the
# search_analyzer of edge n-gram fields). run.py checks that the difference is
# exactly that (see mapping_differences).
EXPECTED_FAILURES = {
    "elasticsearch": {
        f"{ES7}.TestElasticsearch7Mapping.test_get_mapping": (
            "Book mapping JSON: our analyzers on text and edge n-gram fields"
        ),
        f"{ES7}.TestElasticsearch7MappingInheritance.test_get_mapping": (
            "Novel mapping JSON: our analyzers on text and edge n-gram fields"
        ),
    },
    "opensearch": {},
    "opensearch3": {},
    "postgres": {},
}

PG = "modelsearch.tests.test_postgres_backend"
MUST_RUN = {
    "elasticsearch": (
        f"{ES7}.TestElasticsearch7SearchBackend",
        f"{ES7}.TestElasticsearch7SearchQuery",
        f"{ES7}.TestElasticsearch7SearchResults",
        f"{ES7}.TestElasticsearch7Mapping",
        f"{ES7}.TestElasticsearch7MappingInheritance",
        f"{ES7}.TestBackendConfiguration",
        # Wagtail's database backend, our search without an engine.
        "modelsearch.tests.test_db_backend.TestDBBackend",
        "modelsearch.tests.test_sqlite_backend.TestSQLiteSearchBackend",
    ),
    "opensearch": (f"{OS2}.TestOpenSearch2SearchBackend",),
    "opensearch3": (f"{OS3}.TestOpenSearch3SearchBackend",),
    # Wagtail's database backend (ours when no engine is set) on PostgreSQL.
    "postgres": tuple(
        f"{PG}.{name}"
        for name in (
            "TestPostgresSearchBackend",
            "TestPostgresFuzzyThreshold",
            "TestPostgresFuzzyPrefixBoost",
            "TestPostgresFuzzyLevenshtein",
            "TestPostgresFuzzyLevenshteinRanking",
            "TestPostgresFuzzyUnaccent",
            "TestPostgresLanguageTextSearch",
        )
    ),
}

# Test modules per pass: the whole suite on Elasticsearch (engine-independent
# tests run once, SQLite's among them), only the OpenSearch backend tests on
# OpenSearch, only the PostgreSQL backend tests on PostgreSQL.
MODULES = {
    "elasticsearch": None,
    "opensearch": (OS2,),
    "opensearch3": (OS3,),
    "postgres": (PG,),
}

OUTCOMES = ("passed", "failed", "error", "skipped", "xfail", "xpass")


@dataclass
class Record:
    """One test's outcome. ``own_skip``: skipped by its own method decorator."""

    test_id: str
    outcome: str
    detail: str = ""
    own_skip: bool = False


@dataclass
class Verdict:
    counts: dict = field(default_factory=dict)
    expected_failures: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _class_of(test_id: str) -> str:
    return test_id.rsplit(".", 1)[0]


def judge(records, product: str, partial: bool = False) -> Verdict:
    """The verdict on one pass's records (a test may appear once).

    ``partial``: a chosen subset ran; what did not run is not a problem.
    """
    expected = EXPECTED_FAILURES[product]
    must_run = set(MUST_RUN[product])
    verdict = Verdict(counts={name: 0 for name in OUTCOMES})
    seen = {}
    for record in records:
        if record.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {record.outcome!r}")
        verdict.counts[record.outcome] += 1
        seen[record.test_id] = record
        if record.test_id in expected:
            if record.outcome == "failed":
                verdict.expected_failures.append(record.test_id)
            else:
                verdict.problems.append(
                    f"{record.test_id}: expected to fail ({expected[record.test_id]})"
                    f" but it {record.outcome}: update EXPECTED_FAILURES"
                )
            continue
        if record.outcome in ("failed", "error", "xpass"):
            verdict.problems.append(
                f"{record.test_id}: {record.outcome}\n{record.detail}".rstrip()
            )
        elif record.outcome == "skipped" and not record.own_skip:
            if _class_of(record.test_id) in must_run:
                verdict.problems.append(
                    f"{record.test_id}: skipped ({record.detail}): our backend "
                    "was not exercised"
                )
    if partial:
        return verdict
    for test_id in expected:
        if test_id not in seen:
            verdict.problems.append(f"{test_id}: expected failure did not run")
    ran = {_class_of(test_id) for test_id, r in seen.items() if r.outcome != "skipped"}
    for name in sorted(must_run - ran):
        verdict.problems.append(f"{name}: no test of this class ran")
    return verdict


def summary_line(verdict: Verdict, label: str) -> str:
    c = verdict.counts
    run = c["passed"] + c["failed"] + c["error"] + c["xfail"] + c["xpass"]
    return (
        f"{label}: {run} run, {c['passed']} passed, "
        f"{len(verdict.expected_failures)} expected failures, "
        f"{c['skipped']} skipped, {len(verdict.problems)} problems"
    )


def mapping_differences(theirs, ours, path=""):
    """(dotted path, their value, our value) for every leaf that differs."""
    if isinstance(theirs, dict) and isinstance(ours, dict):
        found = []
        for key in sorted(set(theirs) | set(ours), key=str):
            found += mapping_differences(
                theirs.get(key), ours.get(key), f"{path}.{key}" if path else str(key)
            )
        return found
    if theirs is None and isinstance(ours, dict):
        return mapping_differences({}, ours, path)
    if ours is None and isinstance(theirs, dict):
        return mapping_differences(theirs, {}, path)
    return [] if theirs == ours else [(path, theirs, ours)]
