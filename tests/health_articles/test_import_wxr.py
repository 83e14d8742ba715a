"""Importing a WordPress export (WXR): tags, statuses, dates, malformed items."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from health_articles.models import HealthArticlePage

from .test_import_command import FIXTURES, run_import

WXR = FIXTURES / "wordpress-export.xml"


@pytest.mark.django_db
def test_posts_become_articles_with_tags_status_and_dates(site_tree):
    out, err, error = run_import(WXR, "--publish")

    assert error is None, err
    assert (
        "created 4, updated 0, unchanged 0, skipped 1 (attachment 1), failed 0" in out
    )
    posted = HealthArticlePage.objects.get(
        source_id="https://health.example.org/?p=101"
    )
    assert posted.live
    assert posted.slug == "night-leg-cramps"
    assert sorted(t.name for t in posted.tags.all()) == ["Muscles", "cramps", "sleep"]
    published = datetime(2019, 3, 4, 10, 22, 33, tzinfo=UTC)
    assert posted.first_published_at == published
    assert posted.last_published_at == published
    assert posted.author == "Marta Reyes"
    assert posted.source_url == "https://health.example.org/2019/03/night-leg-cramps/"
    body = str(posted.body.raw_data)
    assert "[" not in "".join(str(b["value"]) for b in posted.body.raw_data)
    assert "adsbygoogle" not in body and "Sponsored" not in body

    # draft and pending stay drafts even with --publish
    for title in ("Drinking enough water in hot weather", "Choosing walking shoes"):
        page = HealthArticlePage.objects.get(title=title)
        assert not page.live
        assert page.first_published_at is None
    assert HealthArticlePage.objects.get(title="About this site").live  # a page


@pytest.mark.django_db
def test_reimport_changes_nothing(site_tree):
    run_import(WXR, "--publish")
    revisions = {p.pk: p.revisions.count() for p in HealthArticlePage.objects.all()}

    out, err, error = run_import(WXR, "--publish")

    assert error is None, err
    assert (
        "created 0, updated 0, unchanged 4, skipped 1 (attachment 1), failed 0" in out
    )
    assert {p.pk: p.revisions.count() for p in HealthArticlePage.objects.all()} == (
        revisions
    )
    posted = HealthArticlePage.objects.get(slug="night-leg-cramps")
    assert posted.first_published_at == datetime(2019, 3, 4, 10, 22, 33, tzinfo=UTC)


@pytest.mark.django_db
def test_unidentifiable_item_fails_and_the_rest_import(site_tree, tmp_path):
    good = """<item><title>Back pain</title><guid>https://x.example/?p=1</guid>
    <content:encoded><![CDATA[Text.]]></content:encoded>
    <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""
    # No guid, no link and no post id: nothing to match a re-import against.
    anonymous = """<item><title>Neck pain</title>
    <content:encoded><![CDATA[Text.]]></content:encoded>
    <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""
    path = _wxr(tmp_path, good + anonymous)

    out, err, error = run_import(path)

    assert error is not None  # non-zero exit status
    assert f"{path}: item 2 (line 4): post has no <guid>, <link> or <wp:post_id>" in err
    assert "created 1, updated 0, unchanged 0, skipped 0, failed 1" in out
    assert list(HealthArticlePage.objects.values_list("title", flat=True)) == [
        "Back pain"
    ]


@pytest.mark.django_db
def test_duplicate_slugs_in_one_input_get_numbered_slugs(site_tree, tmp_path):
    item = """<item><title>Back pain</title><guid>https://x.example/?p={n}</guid>
    <content:encoded><![CDATA[Text {n}.]]></content:encoded>
    <wp:post_name>back-pain</wp:post_name><wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type></item>"""
    path = _wxr(tmp_path, item.format(n=1) + item.format(n=2))

    out, err, error = run_import(path)

    assert error is None, err
    assert "duplicate slug 'back-pain'" in err and "item 2" in err
    assert "created 2" in out
    assert sorted(HealthArticlePage.objects.values_list("slug", flat=True)) == [
        "back-pain",
        "back-pain-2",
    ]


@pytest.mark.django_db
def test_duplicate_source_in_one_input_fails_the_second(site_tree, tmp_path):
    item = """<item><title>Back pain {n}</title><guid>https://x.example/?p=1</guid>
    <content:encoded><![CDATA[Text.]]></content:encoded>
    <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""
    path = _wxr(tmp_path, item.format(n=1) + item.format(n=2))

    out, err, error = run_import(path)

    assert error is not None
    assert "item 2" in err and "duplicate source id" in err
    assert "created 1, updated 0, unchanged 0, skipped 0, failed 1" in out


def _wxr(tmp_path: Path, items: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"<title>x</title>{items}</channel></rss>"
    )
    return path
