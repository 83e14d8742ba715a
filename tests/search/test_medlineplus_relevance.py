"""Relevance on the real engine with the 1,017 MedlinePlus topics imported.

- each also-called name returns its topic within the first three results for
  at least 95% of names;
- each title's first word plus the next word's first three letters
  autocompletes to that topic within the first five results for at least 90%
  of titles.
"""

import xml.etree.ElementTree as ET

import pytest

from search import query
from search.query import semantic
from tests.conftest import sync_index

pytestmark = [pytest.mark.slow, pytest.mark.engine]


def corpus_topics(path):
    topics = []
    for topic in ET.parse(path).getroot().iter("health-topic"):
        if topic.get("language", "English") != "English":
            continue
        topics.append(
            {
                "title": topic.get("title"),
                "url": topic.get("url"),
                "also_called": [
                    a.text.strip() for a in topic.iter("also-called") if a.text
                ],
            }
        )
    return topics


@pytest.mark.parametrize("search_backend", ["engine"], indirect=True)
def test_medlineplus_also_called_and_autocomplete(
    medlineplus_corpus, search_backend, site_tree, shared_dir
):
    from health_articles.models import HealthArticlePage

    # The shared import of the demo articles and the whole corpus
    # (tests/conftest.py, imported once per session).
    path = shared_dir / "data" / "medlineplus" / "health-topics.xml"
    sync_index()
    semantic.warm()  # else the first searches are lexical only (background build)
    topics = corpus_topics(path)
    id_by_url = dict(HealthArticlePage.objects.values_list("source_url", "pk"))
    assert len(id_by_url) >= 1000

    names = hits = 0
    misses = []
    for topic in topics:
        expected = id_by_url.get(topic["url"])
        for name in topic["also_called"]:
            names += 1
            top = [r["id"] for r in query.search_articles(name, page_size=3).results]
            if expected in top:
                hits += 1
            else:
                misses.append((name, topic["title"]))
    share = hits / names
    print(f"also-called: {hits}/{names} = {share:.3f}; misses e.g. {misses[:10]}")
    assert share >= 0.95

    titles = completed = 0
    ac_misses = []
    for topic in topics:
        words = topic["title"].split()
        if len(words) < 2:
            continue
        prefix = f"{words[0]} {words[1][:3]}"
        titles += 1
        found = [r["id"] for r in query.autocomplete(prefix, limit=5)["results"]]
        if id_by_url.get(topic["url"]) in found:
            completed += 1
        else:
            ac_misses.append((prefix, topic["title"]))
    share = completed / titles
    print(f"autocomplete: {completed}/{titles} = {share:.3f}; misses {ac_misses[:10]}")
    assert share >= 0.90
