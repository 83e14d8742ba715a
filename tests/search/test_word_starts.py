"""The database backend's autocomplete index (search/word_starts.py): kept
by the outbox, rebuilt by rebuild_index, titles starting with the prefix
first (on both backends)."""

import pytest

from health_articles.models import HealthArticlePage
from search import word_starts
from search.indexing import rebuild_index
from search.models import WordStart
from search.query import service
from tests.conftest import make_article, restrict, sync_index


def _titles(prefix, limit=8):
    return [r["title"] for r in service.autocomplete(prefix, limit)["results"]]


@pytest.fixture
def crowded(search_backend, site_tree):
    index = site_tree["index"]
    # Many short titles with a later word starting "hea", and a few longer
    # titles that start with it: the starts must come first.
    for n in range(30):
        make_article(index, f"CPR {n} heat", slug=f"cpr-{n}")
    starts = ["Heart failure and you", "Headache in adults", "Health screening"]
    for title in starts:
        make_article(index, title)
    sync_index()
    return starts


def test_titles_starting_with_the_prefix_come_first(crowded):
    found = _titles("hea")
    assert sorted(found[:3]) == sorted(crowded), found


def _candidate_titles(words):
    ids = word_starts.candidates(words, 10)
    titles = dict(HealthArticlePage.objects.values_list("pk", "title"))
    return [titles[pk] for pk in ids]


def test_every_word_must_start_a_word(crowded):
    assert _candidate_titles(["heal", "scr"]) == ["Health screening"]
    assert _candidate_titles(["cpr", "7", "hea"]) == ["CPR 7 heat"]
    assert _candidate_titles(["eat"]) == []  # inside a word is not a start


def test_outbox_keeps_the_table(search_backend, site_tree):
    page = make_article(
        site_tree["index"],
        "Pneumonoultramicroscopic lung",
        also_known_as="Miner's lung",
        tags=["Breathing"],
    )
    sync_index()
    rows = dict(
        WordStart.objects.filter(article_id=page.pk).values_list("prefix", "rank")
    )
    assert rows["p"] == 0 and rows["lu"] == 2 and rows["mi"] == 1
    assert rows["breath"] == 3
    assert max(len(p) for p in rows) == word_starts.LONGEST
    # A word longer than the stored starts is checked whole.
    assert _titles("pneumonoultramicro") == ["Pneumonoultramicroscopic lung"]
    page = HealthArticlePage.objects.get(pk=page.pk)
    page.title = "Silicosis"
    page.save_revision().publish()
    sync_index()
    assert _titles("pneumo") == []
    assert _titles("silic") == ["Silicosis"]
    HealthArticlePage.objects.get(pk=page.pk).unpublish()
    sync_index()
    assert not WordStart.objects.filter(article_id=page.pk).exists()


def test_restricted_article_never_offered(search_backend, site_tree):
    page = make_article(site_tree["index"], "Quorvalent rash")
    sync_index()
    assert _titles("quorv") == ["Quorvalent rash"]
    restrict(page, "login")
    assert _titles("quorv") == []


def test_rebuild_fills_the_table(search_backend, site_tree):
    page = make_article(site_tree["index"], "Frostbite")
    sync_index()
    WordStart.objects.all().delete()
    rebuild_index(backend_name="fallback" if search_backend == "engine" else "default")
    assert WordStart.objects.filter(article_id=page.pk, prefix="frost").exists()
