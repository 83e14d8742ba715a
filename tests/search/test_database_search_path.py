"""The database searcher (search/query/database.py) on the database the run
uses: on SQLite its FTS5 shortcut answers; on PostgreSQL the shortcut steps
aside and Wagtail's PostgreSQL full-text backend answers, with the same
reduced-form features (plurals, word starts, title first, hidden pages never shown)."""

import pytest
from django.db import connection

from search import query
from search.conf import search_backends_from_env
from search.query import fts
from tests.conftest import sync_index
from tests.search.corpus import cramp_articles


@pytest.fixture
def pages(site_tree, settings):
    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env()
    return cramp_articles(site_tree["index"])


def ids(text):
    return [item["id"] for item in query.search_articles(text).results]


def test_the_backend_for_this_database_answers(pages):
    backend = query.database_backend()
    shortcut = fts.sqlite_fts(backend, query.searchable_articles(), ["cramp"], "and")
    if connection.vendor == "sqlite":
        assert shortcut is not None
    else:
        assert connection.vendor == "postgresql"
        assert shortcut is None  # FTS5 is SQLite's: Wagtail's own query runs
        assert "postgres" in type(backend).__module__
    response = query.search_articles("cramp")
    assert response.backend == "database"


def test_reduced_forms_word_starts_and_title_first(pages):
    found = ids("cramp")
    assert found[0] == pages["title"].pk
    assert pages["plural"].pk in found  # "cramps"
    assert pages["body"].pk in found
    assert pages["other"].pk not in found
    if connection.vendor == "postgresql":
        # PostgreSQL's English configuration stems: the plural finds the
        # singular too (SQLite's FTS5 table here matches word starts only).
        assert pages["title"].pk in ids("cramps")
    assert pages["other"].pk in ids("hear")  # a word start, as typed so far


def test_unpublished_pages_never_appear(pages):
    assert pages["other"].pk in ids("heart")
    pages["other"].unpublish()
    sync_index()
    assert pages["other"].pk not in ids("heart")
