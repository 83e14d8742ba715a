"""How a result is shown: review date, tag names and order, why it matched,
notes for same-titled results, filter chips (search/templatetags/search_tags.py)."""

import datetime

import pytest

from search.templatetags.search_tags import (
    applied_filters,
    duplicate_notes,
    match_reason,
    reviewed_date,
    sorted_facets,
    tag_label,
)
from tests.conftest import make_article


def item(title, aka=(), tags=()):
    return {"id": 1, "title": title, "also_known_as": list(aka), "tags": list(tags)}


def test_reviewed_date_one_format():
    assert reviewed_date("2025-03-12") == "12 March 2025"
    assert reviewed_date(datetime.date(2025, 2, 1)) == "1 February 2025"
    assert reviewed_date(None) == "" and reviewed_date("not a date") == ""


def test_tag_names_normalised_and_sorted_case_insensitively():
    assert tag_label("muscles") == "Muscles"
    assert tag_label("  Bones,  Joints and Muscles ") == "Bones, Joints and Muscles"
    facets = [
        {"slug": "women", "name": "Women", "count": 1},
        {"slug": "muscles", "name": "muscles", "count": 9},
        {"slug": "bones", "name": "Bones, Joints and Muscles", "count": 2},
    ]
    assert [f["slug"] for f in sorted_facets(facets)] == ["bones", "muscles", "women"]


@pytest.mark.django_db
def test_match_reason():
    cramps = item("Muscle cramps", aka=["leg cramps at night", "charley horse"])
    assert match_reason(cramps, "charley horse") == {
        "label": "Also called",
        "text": "charley horse",
    }
    assert match_reason(cramps, "charley") == {
        "label": "Also called",
        "text": "charley horse",
    }
    # The title shows why: nothing to add.
    assert match_reason(cramps, "muscle cramp") is None
    assert match_reason(cramps, "what is a cramp") is None
    # Through a synonym (search/synonyms_data.py: fast heartbeat = tachycardia).
    assert match_reason(item("Tachycardia"), "fast heartbeat") == {
        "label": "Matched",
        "text": "tachycardia",
    }
    assert match_reason(item("Sprains", tags=["Sports injuries"]), "injuries") == {
        "label": "Topic",
        "text": "Sports injuries",
    }
    assert match_reason(item("Back pain"), "qqxzv") is None


@pytest.mark.django_db
def test_duplicate_notes_tell_same_titles_apart(site_tree):
    ours = make_article(site_tree["index"], "Muscle cramps", tags=["muscles"])
    theirs = make_article(site_tree["index"], "Muscle Cramps", slug="muscle-cramps-2")
    theirs.source_credit = "Courtesy of MedlinePlus"
    theirs.save()
    other = make_article(site_tree["index"], "Back pain")
    results = [
        {"id": ours.pk, "title": ours.title, "tags": ["muscles"]},
        {"id": theirs.pk, "title": theirs.title, "tags": []},
        {"id": other.pk, "title": other.title, "tags": []},
    ]
    assert duplicate_notes(results) == {
        ours.pk: "Our article · Muscles",
        theirs.pk: "Source: MedlinePlus",
    }


@pytest.mark.django_db
def test_applied_filters_remove_one_tag_each():
    facets = [{"slug": "pain", "name": "pain", "count": 3}]
    chips = applied_filters(["pain", "muscles"], facets, "cramp", "reviewed")
    assert chips[0] == {
        "slug": "pain",
        "name": "Pain",
        "url": "/search/?q=cramp&sort=reviewed&tag=muscles",
    }
    assert chips[1]["url"] == "/search/?q=cramp&sort=reviewed&tag=pain"
