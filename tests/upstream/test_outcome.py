"""The verdict rules of the upstream (django-modelsearch) pass, without running it.

The pass itself is ``make test-upstream`` (tests/upstream/run.py).
"""

from tests.upstream.fixture import fixture_rows
from tests.upstream.outcome import (
    EXPECTED_FAILURES,
    MUST_RUN,
    Record,
    judge,
    mapping_differences,
)

PRODUCT = "elasticsearch"
BACKEND_CLASS = MUST_RUN[PRODUCT][0]


def clean_records():
    records = [
        Record(name, "failed", "AssertionError") for name in EXPECTED_FAILURES[PRODUCT]
    ]
    records += [
        Record(f"{name}.test_something", "passed") for name in MUST_RUN[PRODUCT]
    ]
    return records


def test_clean_run_is_ok():
    verdict = judge(clean_records(), PRODUCT)
    assert verdict.ok, verdict.problems
    assert sorted(verdict.expected_failures) == sorted(EXPECTED_FAILURES[PRODUCT])


def test_an_expected_failure_that_passes_fails_the_run():
    records = clean_records()
    records[0] = Record(records[0].test_id, "passed")
    verdict = judge(records, PRODUCT)
    assert not verdict.ok
    assert "expected to fail" in verdict.problems[0]


def test_an_expected_failure_that_errors_instead_fails_the_run():
    records = clean_records()
    records[0] = Record(records[0].test_id, "error", "KeyError")
    assert not judge(records, PRODUCT).ok


def test_any_other_failure_or_error_fails_the_run():
    for kind in ("failed", "error", "xpass"):
        records = clean_records() + [Record(f"{BACKEND_CLASS}.test_new", kind)]
        verdict = judge(records, PRODUCT)
        assert [p.split(":")[0] for p in verdict.problems] == [
            f"{BACKEND_CLASS}.test_new"
        ]


def test_a_backend_class_skipped_as_a_whole_fails_the_run():
    records = [r for r in clean_records() if not r.test_id.startswith(BACKEND_CLASS)]
    records.append(Record(f"{BACKEND_CLASS}.test_search", "skipped", "no entry"))
    problems = judge(records, PRODUCT).problems
    assert any("was not exercised" in p for p in problems)
    assert any(p.startswith(f"{BACKEND_CLASS}: no test") for p in problems)


def test_upstreams_own_method_skips_are_allowed():
    records = clean_records()
    records.append(Record(f"{BACKEND_CLASS}.test_x", "skipped", "upstream", True))
    assert judge(records, PRODUCT).ok


def test_mapping_differences_names_each_changed_leaf():
    theirs = {"title": {"type": "text"}, "pk": {"type": "keyword"}}
    ours = {
        "title": {"type": "text", "analyzer": "health_text"},
        "pk": {"type": "keyword"},
    }
    assert mapping_differences(theirs, ours) == [
        ("title.analyzer", None, "health_text")
    ]
    assert mapping_differences(ours, ours) == []


def test_fixture_trees_are_consistent():
    rows = fixture_rows()
    mp = {
        r["fields"]["name"]: r["fields"]
        for r in rows
        if r["model"].endswith("mpanimal")
    }
    ns = {
        r["fields"]["name"]: r["fields"]
        for r in rows
        if r["model"].endswith("nsanimal")
    }
    assert mp["Dog"]["path"].startswith(mp["Mammal"]["path"])
    assert mp["Mammal"]["numchild"] == 2 and mp["Animal"]["depth"] == 1
    assert ns["Animal"]["lft"] == 1 and ns["Animal"]["rgt"] == 2 * len(ns)
    assert (
        ns["Mammal"]["lft"] < ns["Cat"]["lft"] < ns["Cat"]["rgt"] < ns["Mammal"]["rgt"]
    )
    assert not ns["Mammal"]["lft"] < ns["Lizard"]["lft"] < ns["Mammal"]["rgt"]
    novels = {r["pk"]: r["fields"] for r in rows if r["model"].endswith(".novel")}
    characters = {
        r["pk"]: r["fields"] for r in rows if r["model"].endswith("character")
    }
    for pk, novel in novels.items():
        if novel["protagonist"] is not None:
            assert characters[novel["protagonist"]]["novel"] == pk
