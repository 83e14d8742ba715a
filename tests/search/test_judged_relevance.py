"""A regression guard for ranking: a 49-query copy of the judged relevance
set's development half (bench/relevance/queries.json; 7 queries from each
class), with the whole MedlinePlus corpus and the demo articles loaded.

relevance_guard.json holds the queries, their judgments and, per backend, the
thresholds: the values our search measured on this copy when it was made
(rounded down to two decimals), overall and per class. A ranking change that
falls below them fails here; one that improves them should raise them (the
bench table in bench/relevance is the full measurement).
"""

import json
from pathlib import Path

import pytest

from bench.relevance import CLASSES, score
from search import query
from search.query import semantic
from tests.conftest import sync_index

GUARD = json.loads((Path(__file__).parent / "relevance_guard.json").read_text())

pytestmark = pytest.mark.slow


def _load_corpus():
    """The corpus is the shared demo + MedlinePlus import (tests/conftest.py)."""
    sync_index()
    # A first embedding build this large runs in the background (searches
    # before it ends are lexical only): measure with the vectors built.
    semantic.warm()


def test_guard_covers_every_class_from_the_dev_half():
    from bench.relevance import load_set

    dev = {q["id"]: q for q in load_set() if q["split"] == "dev"}
    for q in GUARD["queries"]:
        assert dev[q["id"]]["text"] == q["text"]
    counts = {c: sum(q["class"] == c for q in GUARD["queries"]) for c in CLASSES}
    assert min(counts.values()) >= 7, counts


@pytest.mark.parametrize(
    "search_backend",
    ["database", pytest.param("engine", marks=pytest.mark.engine)],
    indirect=True,
)
def test_ranking_does_not_regress(medlineplus_corpus, search_backend, site_tree):
    from health_articles.models import HealthArticlePage

    _load_corpus()
    key_of = dict(HealthArticlePage.objects.values_list("pk", "source_id"))
    assert len(key_of) >= 1000
    rankings = {}
    for q in GUARD["queries"]:
        found = query.search_articles(q["text"], page_size=10).results
        rankings[q["id"]] = [key_of.get(r["id"], "") for r in found]
    measured = score(GUARD["queries"], rankings)
    wanted = GUARD["thresholds"][search_backend]
    report = {
        group: {m: round(measured[group][m], 3) for m in wanted[group]}
        for group in wanted
    }
    print(f"{search_backend}: {json.dumps(report)}")
    below = [
        f"{group} {metric} {measured[group][metric]:.3f} < {floor}"
        for group, metrics in wanted.items()
        for metric, floor in metrics.items()
        if measured[group][metric] < floor
    ]
    assert not below, below
