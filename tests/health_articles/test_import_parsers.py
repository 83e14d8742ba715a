"""The importers' pure parsing: text, HTML cleaning, WXR and MedlinePlus XML."""

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from health_articles.importers import parse_file
from health_articles.importers.base import (
    ImportInputError,
    detect_format,
    summarise,
)
from health_articles.importers.html import autop, html_to_raw_blocks, strip_shortcodes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_b43158e8cfc293fb.txt"


def seed_paragraphs():
    """The seed's paragraphs, read independently of the importer: blank-line
    blocks minus shortcode/ad marker lines and the question used as title."""
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", SEED.read_text())]
    return [b for b in blocks if b and not b.startswith("[") and not b.endswith("?")]


def block_texts(article, kind="paragraph"):
    texts = []
    for block in article.body_blocks:
        if block["type"] == kind:
            value = block["value"] if kind == "paragraph" else block["value"]["text"]
            texts.append(html.unescape(re.sub(r"<[^>]+>", "", value)))
    return texts


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_seed_text_keeps_title_and_all_paragraphs_in_order():
    fmt, result = parse_file(SEED)

    assert fmt == "text"
    assert result.errors == []
    [article] = result.articles
    expected = seed_paragraphs()
    assert len(expected) == 6
    assert article.title == "What are muscle spasms?"
    assert block_texts(article) == expected
    assert article.summary and expected[0].startswith(article.summary[:-1])
    values = [b["value"] for b in article.body_blocks]
    for text in [article.title, article.summary, *values]:
        assert "[" not in text and "ad_" not in text


def test_shortcodes_are_removed():
    text = (
        "[wpdreams_ajaxsearchpro_results id=1 element='div']a[ad_1]b[/caption]"
        'c[x y="]"]'
    )
    assert strip_shortcodes(text) == "abc"
    assert strip_shortcodes("see note [1] and [2]") == "see note [1] and [2]"


def test_text_headings_and_lists(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(
        "# Heat rash\n\nHeat rash is an itchy rash in hot weather.\n\n"
        "What helps\n\nThese things help:\n- cool showers\n- loose clothes\n"
    )
    [article] = parse_file(path)[1].articles

    assert article.title == "Heat rash"
    assert [b["type"] for b in article.body_blocks] == [
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
    ]
    assert article.body_blocks[1]["value"] == {
        "text": "What helps",
        "level": "h2",
        "anchor": "what-helps",
    }
    assert article.body_blocks[3]["value"] == (
        "<ul><li>cool showers</li><li>loose clothes</li></ul>"
    )


def test_html_cleaner_drops_scripts_ads_iframes_and_unsafe_links():
    blocks = html_to_raw_blocks(
        '<div class="entry"><p>Keep <strong>this</strong> and <em>this</em>.</p>'
        "<script>alert(1)</script><style>p{}</style>"
        '<div class="ad-slot"><p>Advert</p></div><ins class="adsbygoogle"></ins>'
        '<div id="ad_2">Advert two</div><iframe src="https://x.example"></iframe>'
        '<p class="header">Header-ish class is fine <a href="javascript:x()">js</a> '
        '<a href="https://ok.example/" onclick="x()" class="c">ok</a>'
        '<img src="x" onerror="alert(1)"></p>'
        "<h4>Small heading</h4><h2>Big heading</h2><h5>Tiny</h5></div>"
    )

    assert [(b.kind, b.html) for b in blocks] == [
        ("paragraph", "<p>Keep <b>this</b> and <i>this</i>.</p>"),
        (
            "paragraph",
            '<p>Header-ish class is fine js <a href="https://ok.example/">ok</a></p>',
        ),
        ("heading", "Small heading"),
        ("heading", "Big heading"),
        ("heading", "Tiny"),
    ]


def test_autop_wraps_wordpress_paragraphs():
    content = "First line\nsecond line\n\nNew paragraph\n<h2>Title</h2>\nAfter"
    assert autop(content) == (
        "<p>First line<br>second line</p>\n<p>New paragraph</p>\n<h2>Title</h2>\n"
        "<p>After</p>"
    )


def test_scraped_html_file():
    fmt, result = parse_file(FIXTURES / "scraped-article.html")

    assert fmt == "html"
    [article] = result.articles
    assert article.title == "Shin splints"
    assert article.source_id == "https://health.example.org/shin-splints/"
    assert article.summary.startswith("Shin splints are pain")
    body = " ".join(str(b["value"]) for b in article.body_blocks)
    for unwanted in ("[", "script", "adsbygoogle", "insoles", "iframe", "javascript"):
        assert unwanted not in body
    assert block_texts(article, "heading") == ["Common causes", "Who gets them"]
    headings = [
        b["value"]["level"] for b in article.body_blocks if b["type"] == "heading"
    ]
    assert headings == ["h2", "h3"]
    assert '<a href="https://health.example.org/relative/">' in body


def test_wxr_fixture():
    fmt, result = parse_file(FIXTURES / "wordpress-export.xml")

    assert fmt == "wxr"
    assert result.errors == []
    assert [item.kind for item in result.skipped] == ["attachment"]
    posted, draft, pending, page = result.articles
    assert (page.kind, page.title) == ("page", "About this site")
    assert posted.title == "Why do my legs cramp at night?"
    assert posted.tags == ["Muscles", "cramps", "sleep"]
    assert posted.status == "publish"
    assert posted.published_at == datetime(2019, 3, 4, 10, 22, 33, tzinfo=UTC)
    assert posted.source_id == "https://health.example.org/?p=101"
    assert posted.slug == "night-leg-cramps"
    assert posted.author == "Marta Reyes"
    assert "item 1 (line" in posted.position
    assert block_texts(posted)[0].startswith("Night cramps are sudden")
    assert not any("[" in str(b["value"]) for b in posted.body_blocks)
    assert (draft.status, pending.status) == ("draft", "draft")
    assert draft.published_at is None
    assert draft.summary == "How much to drink when it is hot."


def test_medlineplus_fixture():
    fmt, result = parse_file(FIXTURES / "medlineplus-topics.xml")

    assert fmt == "medlineplus"
    assert [a.title for a in result.articles] == [
        "Leg Cramps",
        "Dehydration",
        "Sunburn",
    ]
    assert "Spanish" in str(result.skipped[0])
    cramps = result.articles[0]
    assert cramps.source_id == "medlineplus:9001"
    assert cramps.source_url == "https://medlineplus.example/legcramps.html"
    assert cramps.also_known_as == [
        "Charley horse",
        "Muscle cramp in the leg",
        "Night cramps",
    ]
    assert cramps.tags == ["Bones, Joints and Muscles", "Symptoms"]
    # MeSH headings, less those already among the names ("Charley Horse").
    assert cramps.clinical_terms == ["Muscle Cramp"]
    assert result.articles[1].clinical_terms == []
    assert cramps.related_source_ids == ["medlineplus:9002", "medlineplus:9999"]
    assert (
        cramps.credit == "Courtesy of MedlinePlus from the National Library of Medicine"
    )
    assert cramps.published_at == datetime(2004, 3, 15, tzinfo=UTC)
    assert cramps.body_blocks[0] == {
        "type": "heading",
        "value": {
            "text": "What are leg cramps?",
            "level": "h2",
            "anchor": "what-are-leg-cramps",
        },
    }
    # No meta-desc: the summary comes from the first paragraph.
    assert result.articles[1].summary.startswith("Dehydration means")
    assert "alert" not in str(result.articles[2].body_blocks)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", b"Title?\n\nText.", "text"),
        ("a", b"Title?\n\nText.", "text"),
        ("a.html", b"<p>Hello</p>", "html"),
        (
            "a.xml",
            b'<?xml version="1.0"?><health-topics></health-topics>',
            "medlineplus",
        ),
        (
            "a.xml",
            b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel/></rss>',
            "wxr",
        ),
    ],
)
def test_detect_format(name, content, expected):
    assert detect_format(Path(name), content) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.json", b'{"title": "x"}'),
        ("a.txt", b'[{"title": "x"}]'),
        ("a.xml", b"<?xml version='1.0'?><catalog><book/></catalog>"),
        ("a.csv", b"a,b,c,d\n1,2,3,4\n5,6,7,8\n"),
    ],
)
def test_detect_format_refuses_unknown_content(name, content):
    with pytest.raises(ImportInputError, match="format"):
        detect_format(Path(name), content)


def test_summarise_keeps_whole_sentences():
    text = "One short sentence. " * 30
    summary = summarise(text, limit=60)
    assert summary == "One short sentence. One short sentence. One short sentence."
    assert summarise("x" * 400, limit=50).endswith("…")


def test_text_title_directly_above_the_first_paragraph(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("What is heat rash?\nAn itchy rash in hot weather.\n\nIt fades.\n")
    [article] = parse_file(path)[1].articles

    assert article.title == "What is heat rash?"
    assert [b["value"] for b in article.body_blocks] == [
        "<p>An itchy rash in hot weather.</p>",
        "<p>It fades.</p>",
    ]
