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
