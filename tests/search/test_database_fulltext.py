"""The database backend's full-text query on SQLite (search/query/fts.py
``sqlite_fts``): one ranked statement on Wagtail's FTS5 table, matching at
least what Wagtail's own ``search()`` matches."""

import pytest
from wagtail.search.query import PlainText

from search import query
from search.conf import search_backends_from_env
from search.query import fts as direct
from search.query.database import database_backend
from tests.search.corpus import cramp_articles


@pytest.fixture
def pages(site_tree, settings):
    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env()
    return cramp_articles(site_tree["index"])


def fts(words, operator="and"):
    backend = database_backend()
    queryset = query.searchable_articles()
    pages = direct.sqlite_fts(backend, queryset, [words], operator)
    assert pages is not None, "SQLite: the direct full-text query must be used"
    return [page.pk for page in pages]


@pytest.mark.parametrize("words", ["cramp", "muscle cramp", "heart", "exercise"])
def test_finds_everything_wagtails_search_finds(pages, words):
    backend = database_backend()
    wagtails = {
        page.pk
        for page in backend.search(
            PlainText(words, operator="and"), query.searchable_articles()
        )
    }
    assert wagtails, words
    assert wagtails <= set(fts(words))


def test_word_starts_match_and_title_ranks_first(pages):
    found = fts("cramp")
    assert pages["plural"].pk in found  # "cramps": this backend does not stem
    assert found[0] == pages["title"].pk
    assert pages["other"].pk not in found


def test_or_and_hidden_pages(pages):
    assert set(fts("heart exercise", "or")) == {pages["other"].pk, pages["body"].pk}
    assert fts("heart exercise") == []
    pages["other"].unpublish()
    assert pages["other"].pk not in fts("heart")
