"""bench/relevance: the judged set keeps its shape (classes, halves, keys that
exist, no query copied from a title or an also-called name) and the metrics
compute what they claim."""

import math
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from bench.relevance import CLASSES, load_set, query_metrics, score, select
from health_articles.demo.articles import ARTICLES

# The issue's own one-word examples, which are also titles.
ALLOWED_TITLE_QUERIES = {"hives", "flu"}


@pytest.fixture
def corpus(shared_dir):
    keys, names = set(), set()
    xml = shared_dir / "data" / "medlineplus" / "health-topics.xml"
    for topic in ET.parse(xml).getroot().iter("health-topic"):
        keys.add(f"medlineplus:{topic.get('id')}")
        names.add(" ".join(topic.get("title").split()).casefold())
        for child in topic.findall("also-called") + topic.findall("see-reference"):
            names.add(" ".join((child.text or "").split()).casefold())
    for article in ARTICLES:
        keys.add(f"demo:{article['slug']}")
        names.add(article["title"].casefold())
        aka = article.get("also_known_as") or []
        for name in aka.splitlines() if isinstance(aka, str) else aka:
            names.add(name.strip().casefold())
    return keys, names


def test_classes_halves_and_sizes():
    queries = load_set()
    assert len(queries) >= 300
    assert len({q["id"] for q in queries}) == len(queries)
    per_class = Counter(q["class"] for q in queries)
    assert set(per_class) == set(CLASSES)
    assert min(per_class.values()) >= 30, per_class
    for cls in CLASSES:
        halves = Counter(q["split"] for q in queries if q["class"] == cls)
        assert set(halves) == {"dev", "test"}
        assert abs(halves["dev"] - halves["test"]) <= 1, (cls, halves)
    assert len(select(queries, "dev")) + len(select(queries, "test")) == len(queries)


def test_query_shapes_per_class():
    for q in load_set():
        words = q["text"].split()
        if q["class"] == "question":
            assert 5 <= len(words) <= 25, q["text"]
        if q["class"] == "one_word":
            assert len(words) == 1, q["text"]


def test_judgments_point_at_articles_that_exist(corpus):
    keys, _names = corpus
    for q in load_set():
        assert q["judged"], q["id"]
        assert set(q["judged"]) <= keys, (q["id"], set(q["judged"]) - keys)
        assert set(q["judged"].values()) <= {1, 2, 3}, q["id"]
        assert max(q["judged"].values()) >= 2, q["id"]


def test_no_query_is_a_title_or_an_also_called_name(corpus):
    _keys, names = corpus
    copied = [
        q["text"]
        for q in load_set()
        if q["text"].casefold() in names and q["text"] not in ALLOWED_TITLE_QUERIES
    ]
    assert not copied


def test_metrics_of_a_ranked_list():
    judged = {"a": 3, "b": 1, "c": 2}
    m = query_metrics(["x", "b", "c", "a"], judged)
    dcg = 1 / math.log2(3) + 3 / math.log2(4) + 7 / math.log2(5)
    idcg = 7 + 3 / math.log2(3) + 1 / math.log2(4)
    assert m["ndcg10"] == pytest.approx(dcg / idcg)
    assert m["mrr10"] == pytest.approx(1 / 3)  # grade 1 ("b") is not relevant
    assert (m["success1"], m["success5"], m["success10"]) == (0.0, 1.0, 1.0)
    assert query_metrics(["a", "c", "b"], judged)["ndcg10"] == pytest.approx(1.0)
    nothing = query_metrics(["x"] * 10, judged)
    assert nothing == {
        "ndcg10": 0.0,
        "mrr10": 0.0,
        "success1": 0.0,
        "success5": 0.0,
        "success10": 0.0,
    }
    # Only the first ten results count.
    assert query_metrics(["x"] * 10 + ["a"], judged)["success10"] == 0.0


def test_score_groups_by_class_and_overall():
    queries = [
        {"id": "1", "class": "lay", "judged": {"a": 3}},
        {"id": "2", "class": "lay", "judged": {"b": 3}},
        {"id": "3", "class": "uk", "judged": {"c": 2}},
    ]
    result = score(queries, {"1": ["a"], "2": ["x", "b"], "3": []})
    assert result["lay"]["queries"] == 2
    assert result["lay"]["mrr10"] == pytest.approx(0.75)
    assert result["uk"]["success10"] == 0.0
    assert result["overall"]["queries"] == 3
    assert result["overall"]["success1"] == pytest.approx(1 / 3)
