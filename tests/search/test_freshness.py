"""Per-process caches of derived search data (search/freshness.py): built once,
kept while nothing changes, rebuilt when another process changes content."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from health_articles.models import HealthArticlePage
from search import freshness, query
from search.models import Synonym
from tests.conftest import make_article, restrict


@pytest.fixture
def counting_cache():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    return freshness.DerivedCache(build), calls


def test_value_is_kept_while_nothing_changes(db, site_tree, counting_cache):
    cache, calls = counting_cache
    assert cache.get() == 1
    for _ in range(20):
        freshness.recheck()  # the fingerprint is read again every time
        assert cache.get() == 1
    assert len(calls) == 1


def test_change_made_elsewhere_is_seen_after_the_check_interval(
    db, site_tree, counting_cache, monkeypatch
):
    cache, calls = counting_cache
    assert cache.get() == 1
    # bulk_create sends no signals: as if another process saved the rule.
    Synonym.objects.bulk_create([Synonym(terms="zzfoo, zzbar")])
    assert cache.get() == 1, "within CHECK_SECONDS the fingerprint is not re-read"
    monkeypatch.setattr(freshness, "CHECK_SECONDS", 0.0)
    assert cache.get() == 2


@pytest.mark.parametrize(
    "change",
    ["publish", "unpublish", "synonym", "restriction", "promotion"],
)
def test_fingerprint_moves_on_every_kind_of_change(db, site_tree, change):
    page = make_article(site_tree["index"], "Fingerprint topic")
    freshness.recheck()
    before = freshness.fingerprint()
    if change == "publish":
        make_article(site_tree["index"], "Another topic")
    elif change == "unpublish":
        page.unpublish()
    elif change == "synonym":
        Synonym.objects.create(terms="aa, bb")
    elif change == "restriction":
        restrict(page, "login")
    else:
        SearchPromotion.objects.create(query=Query.get("topic"), page=page)
    freshness.recheck()
    assert freshness.fingerprint() != before


def test_restriction_hides_page_from_engine_exclusions_at_once(db, site_tree):
    page = make_article(site_tree["index"], "Private topic")
    assert page.pk not in query.hidden_article_ids()
    restrict(page, "password")
    assert page.pk in query.hidden_article_ids()


def test_synonym_from_another_process_reaches_search(
    search_backend, site_tree, monkeypatch
):
    from tests.conftest import sync_index

    make_article(site_tree["index"], "Pertussis", summary="A cough illness.")
    sync_index()
    assert query.search_articles("qqwhoop").total == 0
    Synonym.objects.bulk_create([Synonym(terms="qqwhoop, pertussis")])
    monkeypatch.setattr(freshness, "CHECK_SECONDS", 0.0)
    titles = [r["title"] for r in query.search_articles("qqwhoop").results]
    assert titles == ["Pertussis"]


def test_visible_articles_is_wagtails_live_public(db, site_tree):
    index = site_tree["index"]
    shown = make_article(index, "Shown topic")
    hidden = make_article(index, "Hidden topic")
    restrict(hidden, "login")
    # A restricted section: the index page's sibling subtree.
    section = site_tree["home"].add_child(
        instance=type(site_tree["index"])(title="Members", slug="members")
    )
    inside = make_article(section, "Members topic")
    restrict(Page.objects.get(pk=section.pk), "groups")
    draft = make_article(index, "Draft topic", publish=False)
    ours = set(query.visible_articles().values_list("pk", flat=True))
    wagtails = set(
        HealthArticlePage.objects.live().public().values_list("pk", flat=True)
    )
    assert ours == wagtails
    assert shown.pk in ours
    assert not ours & {hidden.pk, inside.pk, draft.pk}
    # Same rule applied to one page at a time, as load_pages does.
    assert query.load_pages([inside.pk, shown.pk, hidden.pk]) == [shown]


def test_an_aged_out_value_is_served_while_one_thread_rebuilds_it(db, site_tree):
    import threading

    building = threading.Event()
    release = threading.Event()
    values = iter([1, 2])

    def build():
        value = next(values)
        if value == 2:  # the rebuild after max_age: slow
            building.set()
            assert release.wait(10)
        return value

    derived = freshness.DerivedCache(build, max_age=0.05)
    assert derived.get() == 1
    import time

    time.sleep(0.1)  # aged out; the content has not changed
    rebuilt = []
    rebuilder = threading.Thread(target=lambda: rebuilt.append(derived.get()))
    rebuilder.start()
    assert building.wait(10)
    # Another request meanwhile: the old value at once, not a wait.
    assert derived.get() == 1
    release.set()
    rebuilder.join(10)
    assert rebuilt == [2] and derived.get() == 2
    # A change of content is never answered from the old value.
    derived.invalidate()
    with pytest.raises(StopIteration):
        derived.get()
