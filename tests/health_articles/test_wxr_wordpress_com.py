"""A WordPress.com export (https:// namespace): statuses, post types, edge cases,
re-import and the report."""

import csv
from datetime import UTC, datetime

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from health_articles.models import HealthArticlePage

from .test_import_command import run_import
from .wxr_helpers import COM_GUID, COM_SKIPPED, WORDPRESS_COM, post, wp_page

LIVE_PUBLIC = [10, 11, 18, 19, 21, 22, 23]
LIVE_PAGES = [20, 24, 25, 26]


@pytest.mark.django_db
def test_only_posts_and_pages_become_articles_and_exit_status_is_zero(site_tree):
    out, err, error = run_import(WORDPRESS_COM)

    assert error is None, err
    assert f"created 16, updated 0, unchanged 0, {COM_SKIPPED}, failed 0" in out, out
    assert HealthArticlePage.objects.count() == 16
    titles = set(HealthArticlePage.objects.values_list("title", flat=True))
    for not_an_article in (
        "calf-stretch", "heart-sounds", "water-glass", "Medical disclaimer",
        "Navigation", "Single Posts", "Custom Styles", "Great clinic",
        "Old leaflet about measles",
    ):  # fmt: skip
        assert not_an_article not in titles
    # The revision of post 10 did not become a second "Calf cramps" article.
    assert (
        HealthArticlePage.objects.filter(title__startswith="Calf cramps").count() == 1
    )


@pytest.mark.django_db
def test_each_status_decides_visibility(site_tree):
    run_import(WORDPRESS_COM)

    for post_id in LIVE_PUBLIC:
        page = post(post_id)
        assert page.live and not page.get_view_restrictions().exists(), post_id
    for page_id in LIVE_PAGES:
        assert wp_page(page_id).live
    published = post(10)
    assert published.first_published_at == datetime(2024, 5, 12, 7, 30, tzinfo=UTC)
    assert published.last_published_at == datetime(2024, 5, 20, 9, 0, tzinfo=UTC)
    assert published.author == "Ada Okafor"

    for draft_id in (12, 16):  # draft, pending
        page = post(draft_id)
        assert not page.live and page.first_published_at is None

    scheduled = post(13)
    assert not scheduled.live and scheduled.first_published_at is None
    go_live = datetime(2099, 1, 15, 8, 0, tzinfo=UTC)
    assert scheduled.go_live_at == go_live
    assert scheduled.get_latest_revision().approved_go_live_at == go_live

    private = post(14)
    restriction = PageViewRestriction.objects.get(page=private)
    assert private.live
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert set(restriction.groups.values_list("name", flat=True)) == {
        "Editors",
        "Moderators",
    }
    password = post(15)
    restriction = PageViewRestriction.objects.get(page=password)
    assert password.live
    assert restriction.restriction_type == PageViewRestriction.PASSWORD
    assert restriction.password == "members2024"

    assert not HealthArticlePage.objects.filter(
        source_id=COM_GUID.format(17)
    ).exists()  # trash


@pytest.mark.django_db
def test_restricted_pages_are_not_served_to_visitors(site_tree, client):
    run_import(WORDPRESS_COM)

    private = client.get(post(14).url)
    password = client.get(post(15).url)

    assert private.status_code == 302 and "/login/" in private["Location"]
    assert password.status_code == 200
    assert "Tranexamic" not in private.content.decode()
    assert "ophthalmoscope clinic runs" not in password.content.decode()
    assert "password" in password.content.decode().lower()
    assert client.get(post(13).url).status_code == 404  # scheduled, not live yet
    assert client.get(post(12).url).status_code == 404  # draft


@pytest.mark.django_db
def test_edge_cases(site_tree):
    out, err, _ = run_import(WORDPRESS_COM)

    untitled = post(19)
    assert untitled.title == "Quick tip: keep a water bottle by the bed if…"
    assert "post has no title" in err
    empty = post(21)
    assert empty.live and list(empty.body.raw_data) == [] and empty.summary == ""
    assert "has no content" in err
    assert post(22).slug == "back-pain" and post(23).slug == "back-pain-2"
    assert "duplicate slug 'back-pain'" in err
    sticky = post(10)
    assert sticky.live and "was sticky at the source" in err
    assert sorted(t.name for t in sticky.tags.all()) == [
        "Muscles",
        "Running",
        "Sport",
        "cramps",
    ]
    assert [t.name for t in post(11).tags.all()] == ["water"]  # not Uncategorized
    # No excerpt and no paragraph (heading and list only): an empty summary.
    assert post(18).summary == ""
    assert post(11).summary == "How much to drink, and when."  # the excerpt
    assert post(10).summary.startswith("A calf cramp is a sudden, hard tightening")


@pytest.mark.django_db
def test_pages_import_flat_with_their_old_parent_noted(site_tree):
    out, err, _ = run_import(WORDPRESS_COM)

    about, clinics, north, hours = (wp_page(n) for n in (20, 24, 25, 26))
    for page in (about, clinics, north, hours):
        assert page.get_parent().specific == site_tree["index"]
    assert about.source_parent == ""
    assert clinics.source_parent == "https://healthnotes.example.com/?page_id=20"
    assert north.source_parent == "https://healthnotes.example.com/?page_id=24"
    assert hours.source_parent == "https://healthnotes.example.com/?page_id=25"
    assert "'Opening hours' was under 'North clinic' at the source" in err


@pytest.mark.django_db
def test_reimport_is_unchanged(site_tree):
    run_import(WORDPRESS_COM)
    revisions = {p.pk: p.revisions.count() for p in HealthArticlePage.objects.all()}
    redirects = sorted(Redirect.objects.values_list("old_path", "redirect_page_id"))
    restrictions = PageViewRestriction.objects.count()

    out, err, error = run_import(WORDPRESS_COM)

    assert error is None, err
    assert f"created 0, updated 0, unchanged 16, {COM_SKIPPED}, failed 0" in out
    assert {p.pk: p.revisions.count() for p in HealthArticlePage.objects.all()} == (
        revisions
    )
    assert (
        sorted(Redirect.objects.values_list("old_path", "redirect_page_id"))
        == redirects
    )
    assert PageViewRestriction.objects.count() == restrictions
    assert not post(13).live and not post(12).live


@pytest.mark.django_db
def test_a_post_trashed_or_drafted_since_the_last_import_is_unpublished(
    site_tree, tmp_path
):
    run_import(WORDPRESS_COM)
    assert post(22).live and post(23).live
    text = WORDPRESS_COM.read_text()
    text = text.replace(
        "<wp:post_name><![CDATA[back-pain]]></wp:post_name>\n"
        "\t\t<wp:status><![CDATA[publish]]>",
        "<wp:post_name><![CDATA[back-pain]]></wp:post_name>\n"
        "\t\t<wp:status><![CDATA[trash]]>",
        1,
    ).replace(
        "<wp:post_name><![CDATA[back-pain]]></wp:post_name>\n"
        "\t\t<wp:status><![CDATA[publish]]>",
        "<wp:post_name><![CDATA[back-pain]]></wp:post_name>\n"
        "\t\t<wp:status><![CDATA[draft]]>",
        1,
    )
    path = tmp_path / "later.xml"
    path.write_text(text)

    out, err, error = run_import(path)

    assert error is None, err
    assert "updated 2" in out
    assert not post(22).live  # trashed
    assert not post(23).live  # back to draft


@pytest.mark.django_db
def test_report_has_one_row_per_item(site_tree, tmp_path):
    report = tmp_path / "report.csv"

    out, err, error = run_import(WORDPRESS_COM, "--report", report)

    assert error is None, err
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert len(rows) == 28  # every <item>
    by_key = {row["source_key"]: row for row in rows}
    cramps = by_key["10"]
    assert cramps["outcome"] == "created" and cramps["status"] == "live"
    assert cramps["old_url"] == (
        "https://healthnotes.example.com/2024/05/12/calf-cramps-after-running/"
    )
    assert cramps["new_url"] == post(10).url
    assert "sticky" in cramps["reason"]
    assert by_key["13"]["status"] == "scheduled 2099-01-15 08:00 UTC"
    assert by_key["14"]["status"] == "live, restricted (private)"
    assert by_key["12"]["status"] == "draft"
    menu = by_key["41"]
    assert (menu["outcome"], menu["kind"], menu["new_url"]) == (
        "skipped",
        "nav_menu_item",
        "",
    )
    assert "only posts and pages" in menu["reason"]
    assert by_key["17"]["outcome"] == "skipped" and by_key["17"]["kind"] == "trash"
    assert by_key["30"]["kind"] == "attachment"
