"""Related reading blends embedding similarity, shared tags and (on the
engine) more-like-this after the editor's picks (search/related.py)."""

from search import freshness
from search.related import related_ids
from tests.conftest import make_article, sync_index


def test_blend_finds_a_topic_by_meaning_and_keeps_picks_first(site_tree):
    index = site_tree["index"]
    gout = make_article(
        index,
        "Gout",
        summary="Sudden, painful swelling of a joint, often the big toe.",
        tags=["x"],
    )
    arthritis = make_article(
        index, "Arthritis", summary="Painful, stiff and swollen joints."
    )
    tagged = make_article(index, "Foot care", summary="Shoes and socks.", tags=["x"])
    make_article(index, "Tax returns", summary="Forms to file each April.")
    sync_index()
    freshness.content_changed()
    # No tag in common and no shared words in the bodies: found by meaning.
    found = related_ids(gout, 3)
    assert arthritis.pk in found and tagged.pk in found
    assert gout.pk not in found
    gout.related_links.create(page=tagged)
    sync_index()
    assert related_ids(gout, 3)[0] == tagged.pk


def test_shared_tags_rank_by_tags_in_common_counted_in_memory(site_tree):
    """Most tags in common first, then the most recently reviewed. The count
    comes from the in-memory tag index: once it is built a call reads only
    the page's own tags (the same count in SQL cost about 40 ms per call on
    SQLite at 20,000 articles)."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.query.database import shared_tag_ids

    index = site_tree["index"]
    page = make_article(index, "Gout", tags=["joints", "pain", "diet"])
    two = make_article(index, "Arthritis", tags=["joints", "pain"])
    one_old = make_article(
        index, "Bunions", tags=["joints"], last_reviewed=datetime.date(2020, 1, 1)
    )
    one_new = make_article(
        index, "Sprains", tags=["pain"], last_reviewed=datetime.date(2025, 1, 1)
    )
    make_article(index, "Tax returns", tags=["forms"])
    freshness.content_changed()
    assert shared_tag_ids(page, [page.pk], 10) == [two.pk, one_new.pk, one_old.pk]
    assert shared_tag_ids(page, [page.pk], 2) == [two.pk, one_new.pk]
    with CaptureQueriesContext(connection) as queries:
        found = shared_tag_ids(page, [page.pk, two.pk], 10)
    assert found == [one_new.pk, one_old.pk]
    assert [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]] == []
    assert len(queries.captured_queries) <= 2  # the page's tags (and a fingerprint)


def test_shared_tags_follow_publishes_and_restrictions(site_tree):
    """The tag index is rebuilt with the content: a newly published article
    with the tags joins, and a restricted one leaves, in the next call."""
    from wagtail.models import PageViewRestriction

    from search.query.database import shared_tag_ids

    index = site_tree["index"]
    page = make_article(index, "Gout", tags=["joints"])
    other = make_article(index, "Arthritis", tags=["joints"])
    assert shared_tag_ids(page, [page.pk], 10) == [other.pk]
    later = make_article(index, "Bunions", tags=["joints"])
    freshness.content_changed()
    assert set(shared_tag_ids(page, [page.pk], 10)) == {other.pk, later.pk}
    PageViewRestriction.objects.create(page=other, restriction_type="login")
    freshness.content_changed()
    assert shared_tag_ids(page, [page.pk], 10) == [later.pk]
