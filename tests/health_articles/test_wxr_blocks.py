"""Block-editor and classic-editor content mapped onto the article's blocks."""

import pytest

from health_articles.blocks import ArticleBodyBlock
from health_articles.importers import parse_file
from health_articles.importers.base import IMAGE_PLACEHOLDER

from .wxr_helpers import CLASSIC, WORDPRESS_COM


def article(path, title):
    _, result = parse_file(path)
    return next(a for a in result.articles if a.title == title)


def strings(value):
    """Every string in a block structure (text, HTML, URLs)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def by_type(article, kind):
    return [b["value"] for b in article.body_blocks if b["type"] == kind]


def test_block_editor_post():
    cramps = article(WORDPRESS_COM, "Calf cramps after running")

    assert [b["type"] for b in cramps.body_blocks] == [
        "paragraph",
        "heading",
        "heading",
        "paragraph",  # the list
        "quote",
        "table",
        IMAGE_PLACEHOLDER,
        "paragraph",  # the unknown jetpack/contact-info block's text
        "paragraph",
    ]
    assert by_type(cramps, "paragraph")[0] == (
        "<p>A calf cramp is a <b>sudden</b>, hard tightening of the muscle at the "
        "back of the leg.</p>"
    )
    headings = by_type(cramps, "heading")
    assert [(h["text"], h["level"]) for h in headings] == [
        ("Why it happens", "h2"),
        ("After a long run", "h3"),
    ]
    assert by_type(cramps, "paragraph")[1].startswith("<ul><li>Tired muscles</li>")
    assert by_type(cramps, "quote") == [
        {
            "quote": "Stretching before bed stopped my cramps.",
            "attribution": "A reader from Leeds",
        }
    ]
    assert by_type(cramps, "table") == [
        {
            "data": [
                ["Stretch", "Hold"],
                ["Wall lean", "30 seconds"],
                ["Towel pull", "20 seconds"],
            ],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Stretches to try",
        }
    ]
    (image,) = by_type(cramps, IMAGE_PLACEHOLDER)
    assert image["alt"] == "A runner stretching her calf against a wall"
    assert image["caption"] == "Lean into the wall for thirty seconds."
    assert image["fallback_url"].endswith("/2024/05/calf-stretch.png")
    assert "Call the clinic on 0113 496 0000" in by_type(cramps, "paragraph")[2]
    text = " ".join(strings(cramps.body_blocks))
    for gone in ("[", "wp:", "wp-block", "<hr", "latest-posts", "ad_1"):
        assert gone not in text, gone


def test_classic_editor_post():
    hygiene = article(CLASSIC, "Sleep hygiene basics")

    assert [b["type"] for b in hygiene.body_blocks] == [
        "paragraph",
        "paragraph",
        IMAGE_PLACEHOLDER,
        "heading",
        "quote",
        "table",
        "paragraph",
    ]
    assert by_type(hygiene, "paragraph")[1] == (
        "<p>Keep the bedroom cool, dark and quiet.<br>Put screens away an hour "
        "before bed.</p>"
    )
    (image,) = by_type(hygiene, IMAGE_PLACEHOLDER)  # from [caption]...[/caption]
    assert image["alt"] == "A tidy bedroom with blackout curtains"
    assert image["caption"] == "A dark room helps you fall asleep."
    assert by_type(hygiene, "quote")[0]["attribution"] == "Sleep Council"
    assert by_type(hygiene, "table")[0]["data"][1] == ["Teenagers", "8 to 10"]
    assert "[" not in " ".join(strings(hygiene.body_blocks))
    assert hygiene.summary == "Good sleep starts with a regular bedtime."


@pytest.mark.django_db
def test_mapped_blocks_are_valid_stream_data(site_tree):
    """Every block the importer writes is one ArticleBodyBlock accepts and renders."""
    from .test_import_command import run_import
    from .wxr_helpers import post

    run_import(WORDPRESS_COM)
    page = post(10)
    stream = ArticleBodyBlock().to_python(page.body.raw_data)
    ArticleBodyBlock().clean(stream)
    html = stream.render_as_block()
    assert "A reader from Leeds" in html and "Towel pull" in html
