"""The WXR parser's defined behaviour for items real exports contain."""

from pathlib import Path

import pytest

from health_articles.importers import parse_file

from .test_import_command import run_import


def export(tmp_path: Path, *items: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>x</title>'
        "<link>https://edge.example</link>"
        "<wp:base_blog_url>https://edge.example</wp:base_blog_url>"
        + "".join(items)
        + "</channel></rss>"
    )
    return path


def item(n, title="Post", status="publish", content="<p>Text.</p>", extra=""):
    return (
        f"<item><title>{title}</title><link>https://edge.example/p{n}/</link>"
        f"<guid>https://edge.example/?p={n}</guid>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<wp:post_id>{n}</wp:post_id><wp:status>{status}</wp:status>{extra}</item>"
    )


def parse(path):
    return parse_file(path)[1]


def test_statuses_map_to_what_the_site_does(tmp_path):
    result = parse(
        export(
            tmp_path,
            item(1, status="publish"),
            item(2, status="draft"),
            item(3, status="pending"),
            item(4, status="private"),
            item(5, extra="<wp:post_password>pw</wp:post_password>"),
            item(6, status="trash"),
            item(
                7,
                status="future",
                extra="<wp:post_date_gmt>2099-02-01 10:00:00</wp:post_date_gmt>",
            ),
            item(8, status="auto-draft"),
            item(9, status="some-plugin-status"),
            item(10, status="private", extra="<wp:post_password>pw</wp:post_password>"),
        )  # fmt: skip
    )

    got = {a.source_key: (a.status, a.restriction, a.password) for a in result.articles}
    assert got == {
        "1": ("publish", "", ""),
        "2": ("draft", "", ""),
        "3": ("draft", "", ""),
        "4": ("publish", "private", ""),
        "5": ("publish", "password", "pw"),
        "6": ("trash", "", ""),
        "7": ("future", "", ""),
        "9": ("draft", "", ""),  # unknown: never live
        "10": ("publish", "private", ""),  # private wins over a password
    }
    assert [(s.kind, s.source_key) for s in result.skipped] == [("auto-draft", "8")]
    assert any("unknown wp:status 'some-plugin-status'" in w for w in result.warnings)
    assert result.errors == []


def test_only_published_and_scheduled_items_bring_old_addresses(tmp_path):
    result = parse(
        export(
            tmp_path,
            item(1),
            item(2, status="draft"),
            item(
                3,
                status="future",
                extra="<wp:post_date_gmt>2099-02-01 10:00:00</wp:post_date_gmt>",
            ),
            item(4, status="trash"),
        )  # fmt: skip
    )

    urls = {a.source_key: a.old_urls for a in result.articles}
    assert urls["1"] == ["https://edge.example/p1/", "https://edge.example/?p=1"]
    assert urls["2"] == [] and urls["4"] == []
    assert urls["3"] == ["https://edge.example/p3/", "https://edge.example/?p=3"]


def test_items_with_nothing_in_them_are_skipped_not_failed(tmp_path):
    result = parse(export(tmp_path, item(1, title="", content="")))

    assert result.articles == [] and result.errors == []
    assert result.skipped[0].kind == "empty"


def test_long_titles_are_shortened_with_a_warning(tmp_path):
    result = parse(export(tmp_path, item(1, title="Word " * 80)))

    (article,) = result.articles
    assert len(article.title) <= 255 and article.title.endswith("…")
    assert any("title shortened" in w for w in result.warnings)


def test_invalid_dates_are_left_out_with_a_warning(tmp_path):
    result = parse(
        export(
            tmp_path,
            item(1, extra="<wp:post_date_gmt>yesterday</wp:post_date_gmt>"),
            item(2, status="future", extra="<wp:post_date_gmt>soon</wp:post_date_gmt>"),
        )  # fmt: skip
    )

    live, scheduled = result.articles
    assert live.status == "publish" and live.published_at is None
    assert scheduled.status == "draft"  # cannot be scheduled: never live
    assert any("invalid date in <wp:post_date_gmt>" in w for w in result.warnings)


@pytest.mark.django_db
def test_a_missed_schedule_publishes_at_once(site_tree, tmp_path):
    """WordPress leaves a post "future" when its cron missed the date; it would
    publish it on its next run, and so does the import."""
    from health_articles.models import HealthArticlePage

    path = export(
        tmp_path,
        item(1, status="future",
             extra="<wp:post_date_gmt>2021-02-01 10:00:00</wp:post_date_gmt>"),
    )  # fmt: skip

    out, err, error = run_import(path)

    assert error is None, err
    assert HealthArticlePage.objects.get().live


@pytest.mark.django_db
def test_dry_run_with_media_writes_no_files(site_tree, tmp_path, settings):
    from wagtail.images import get_image_model

    from .wxr_helpers import UPLOADS, WORDPRESS_COM

    settings.MEDIA_ROOT = tmp_path / "media"

    out, err, error = run_import(WORDPRESS_COM, "--media", UPLOADS, "--dry-run")

    assert error is None, err
    assert out.strip().splitlines()[-1].startswith("Dry run, nothing written")
    assert not get_image_model().objects.exists()
    assert not (tmp_path / "media").exists()
