"""The A-Z of topics: live, public articles by letter, with cross-references."""

import re

import pytest

from search.a_z import a_z_entries, letter_for
from tests.conftest import make_article, restrict


@pytest.fixture
def topics(site_tree):
    index = site_tree["index"]
    pages = {
        "cramps": make_article(
            index,
            "Muscle cramps",
            also_known_as="charley horse\nLeg cramps\nmuscle cramps",
        ),
        "attack": make_article(
            index, "Heart attack", also_known_as="Myocardial infarction"
        ),
        "oedema": make_article(index, "Œdema", slug="oedema"),
        "elbow": make_article(
            index, "Épicondylitis", also_known_as="tennis elbow", slug="epicondylitis"
        ),
        "diet": make_article(index, "5:2 diet", slug="five-two-diet"),
        "draft": make_article(
            index, "Draft topic", also_known_as="dracula", publish=False
        ),
        "private": make_article(index, "Private topic", also_known_as="prickly"),
    }
    restrict(pages["private"], "password")
    gone = make_article(index, "Gone topic")
    gone.unpublish()
    return pages


def _sections(html):
    return re.findall(r'<h2 id="(letter-[a-z]+)">(.)</h2>', html)


def test_page_lists_articles_and_cross_references(client, topics):
    response = client.get("/a-z/")
    assert response.status_code == 200
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    text = " ".join(text.split())
    assert "Charley horse see Muscle cramps" in text
    assert "Leg cramps see Muscle cramps" in text
    assert "Myocardial infarction see Heart attack" in text
    assert "Tennis elbow see Épicondylitis" in text
    assert "Muscle cramps see" not in text  # a name equal to the title is skipped
    for hidden in (
        "Draft topic",
        "dracula",
        "Dracula",
        "Private topic",
        "Prickly",
        "Gone topic",
    ):
        assert hidden not in text
    cramps_url = topics["cramps"].url
    assert f'<a href="{cramps_url}">Muscle cramps</a>' in html
    assert html.count(f'href="{cramps_url}"') == 3  # title and two cross-references


def test_letters_navigation_and_headings(client, topics):
    html = client.get("/a-z/").content.decode()
    nav = re.search(
        r'<nav class="a-z__letters" aria-label="Letters">(.*?)</nav>', html, re.S
    )
    assert nav
    links = re.findall(r'<a href="#(letter-[a-z]+)">(.)</a>', nav.group(1))
    sections = _sections(html)
    assert links == sections
    # Accents folded: Épicondylitis under E, Œdema under O; digits under "#".
    assert [letter for _, letter in sections] == [
        "C",
        "E",
        "H",
        "L",
        "M",
        "O",
        "T",
        "#",
    ]
    assert 'id="letter-other"' in html
    assert (
        '<span aria-disabled="true" class="a-z__letter--empty">Z</span>' in nav.group(1)
    )
    assert html.count('<h2 id="letter-m">') == 1


def test_entries_sorted_within_letters(topics):
    groups = dict(a_z_entries())
    assert [e["title"] for e in groups["M"]] == [
        "Muscle cramps",
        "Myocardial infarction",
    ]
    assert letter_for("  élan") == "E"
    assert letter_for("42") == "#"


def test_no_results_page_links_to_a_z(client, topics):
    html = client.get("/search/?q=zorbleflux").content.decode()
    assert 'href="/a-z/"' in html


def test_empty_site(client, site_tree):
    html = client.get("/a-z/").content.decode()
    assert "No topics have been published yet." in html


def test_many_entries_show_one_letter_at_a_time(client, topics, monkeypatch):
    from search import a_z

    monkeypatch.setattr(a_z, "ONE_LETTER_ABOVE", 3)
    html = client.get("/a-z/", {"letter": "m"}).content.decode()
    assert [letter for _, letter in _sections(html)] == ["M"]
    assert '<a href="?letter=m" aria-current="page">M</a>' in html
    assert '<a href="?letter=c">C</a>' in html
    # No letter (or one with no entries): the first letter with entries.
    for params in ({}, {"letter": "z"}, {"letter": "<b>"}):
        html = client.get("/a-z/", params).content.decode()
        assert [letter for _, letter in _sections(html)] == ["C"]
    other = client.get("/a-z/", {"letter": "other"}).content.decode()
    assert [letter for _, letter in _sections(other)] == ["#"]
