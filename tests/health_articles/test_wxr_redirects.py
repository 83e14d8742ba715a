"""Old WordPress addresses redirect (301) to the new pages; links between
imported posts become page links."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from .test_import_command import run_import
from .wxr_helpers import CLASSIC, WORDPRESS_COM, post, wp_page


@pytest.mark.django_db
def test_old_permalinks_and_guids_redirect_permanently(site_tree, client):
    run_import(WORDPRESS_COM)
    cramps, about, hours = post(10), wp_page(20), wp_page(26)

    cases = {
        "/2024/05/12/calf-cramps-after-running/": cramps,
        "/2024/05/12/calf-cramps-after-running": cramps,
        "/?p=10": cramps,  # the guid: the home page would answer it with a 200
        "/?page_id=20": about,
        "/about/": about,
        "/about/clinics/north/hours/": hours,
        "/?p=26": hours,
        "/2024/04/02/staff-notes/": post(14),  # private: the page asks to log in
    }
    for old, page in cases.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == page.url, old

    assert client.get(cramps.url).status_code == 200
    assert all(r.is_permanent for r in Redirect.objects.all())


@pytest.mark.django_db
def test_home_page_still_answers_and_drafts_get_no_redirect(site_tree, client):
    run_import(WORDPRESS_COM)

    assert client.get("/").status_code == 200
    assert client.get("/?p=999").status_code == 200  # unknown id: the home page
    assert client.get("/?p=12").status_code == 200  # a draft had no public URL
    assert client.get("/?p=10&utm_source=x").status_code == 200
    assert not Redirect.objects.filter(old_path__contains="p=12").exists()
    assert not Redirect.objects.filter(old_path__contains="p=16").exists()
    assert not Redirect.objects.filter(old_path__contains="p=41").exists()  # menu


@pytest.mark.django_db
def test_scheduled_posts_redirect_to_a_page_that_is_not_live_yet(site_tree, client):
    run_import(WORDPRESS_COM)

    response = client.get("/2099/01/15/winter-flu/", follow=True)

    assert response.redirect_chain == [(post(13).url, 301)]
    assert response.status_code == 404  # nothing shown before its date


@pytest.mark.django_db
def test_links_between_posts_become_page_links(site_tree, client):
    run_import(WORDPRESS_COM)
    cramps, hydrated, about = post(10), post(11), wp_page(20)

    cramps_html = " ".join(
        str(b["value"]) for b in cramps.get_latest_revision_as_object().body.raw_data
    )
    # 10 links to 11, which came later in the file: rewritten at the end.
    assert f'<a linktype="page" id="{hydrated.pk}">' in cramps_html
    assert f'<a linktype="page" id="{about.pk}">' in cramps_html
    assert '<a href="https://nhs.example.org/cramps">' in cramps_html  # external
    assert "healthnotes.example.com" not in cramps_html
    hydrated_html = str(hydrated.body.raw_data)
    assert f'<a linktype="page" id="{cramps.pk}">' in hydrated_html

    page = client.get(cramps.url).content.decode()
    assert f'href="{hydrated.url}"' in page and f'href="{about.url}"' in page
    assert cramps.live and not cramps.has_unpublished_changes


@pytest.mark.django_db
def test_classic_export_relative_links_old_slugs_and_other_host_forms(
    site_tree, client
):
    out, err, error = run_import(CLASSIC)

    assert error is None, err
    from health_articles.models import HealthArticlePage

    hygiene = HealthArticlePage.objects.get(slug="sleep-hygiene")
    napping = HealthArticlePage.objects.get(slug="napping")
    body = str(hygiene.body.raw_data)
    # "/2013/03/napping/" and "http://sleepwell.example/?p=7" (no www.)
    assert body.count(f'<a linktype="page" id="{napping.pk}">') == 2
    for old in ("/2013/02/sleep-hygiene/", "/2013/02/sleep-tips/", "/?p=5"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, hygiene.url)
