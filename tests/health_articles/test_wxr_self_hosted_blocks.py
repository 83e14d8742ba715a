"""A self-hosted block-editor export (http:// namespace, /wp-content/uploads/)."""

import pytest
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from health_articles.models import HealthArticlePage

from .test_import_command import run_import
from .wxr_helpers import BLOCKS, UPLOADS


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_block_editor_export_imports_with_exit_status_zero(site_tree, client):
    out, err, error = run_import(BLOCKS, "--media", UPLOADS)

    assert error is None, err
    assert (
        "created 4, updated 0, unchanged 0, skipped 5 (attachment 1, "
        "nav_menu_item 1, product 1, wp_font_family 1, wp_template_part 1), "
        "failed 0" in out
    )
    warm = HealthArticlePage.objects.get(slug="warming-up")
    services = HealthArticlePage.objects.get(slug="services")
    rota = HealthArticlePage.objects.get(slug="team-rota")
    marathon = HealthArticlePage.objects.get(slug="marathon-season")
    assert warm.live and services.live
    assert rota.live and PageViewRestriction.objects.filter(page=rota).exists()
    assert rota.source_parent == "https://runclinic.example/?page_id=103"
    assert not marathon.live and marathon.go_live_at.year == 2098

    types = [b["type"] for b in warm.body.raw_data]
    assert types == [
        "heading",  # h4 inside a group: the shallowest heading becomes h2
        "paragraph",
        "image",
        "quote",  # pull quote
        "paragraph",  # custom HTML block's text
        "paragraph",  # the embed's URL as text
        "paragraph",  # ordered list
        "paragraph",
    ]
    assert warm.body.raw_data[0]["value"]["level"] == "h2"
    image = warm.body.raw_data[2]["value"]
    # calf-stretch-1024x768.png is not in uploads: the original file is used, and
    # the alt text the block lacked comes from the attachment.
    stored = get_image_model().objects.get(pk=image["image"])
    assert image["alt_text"] == stored.description == "Stretching the calf on a step"
    assert image["caption"] == "Hold each stretch gently."
    assert warm.hero_image_id == stored.pk
    assert warm.body.raw_data[3]["value"] == {
        "quote": "Warm muscles cramp less.",
        "attribution": "Sam Patel",
    }
    assert "stretch after the run" in warm.body.raw_data[4]["value"]
    assert "<ol><li>Walk</li>" in warm.body.raw_data[6]["value"]
    last = warm.body.raw_data[7]["value"]
    assert f'<a linktype="page" id="{services.pk}">our services</a>' in last
    assert '<a href="https://runclinic.example/">the home page</a>' in last
    assert warm.summary == "Walk briskly, then jog slowly before you speed up."

    for old, page in {
        "/warming-up/": warm,
        "/?p=101": warm,
        "/services/": services,
        "/services/team-rota/": rota,
    }.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, page.url), old

    out, err, error = run_import(BLOCKS, "--media", UPLOADS)
    assert error is None, err
    assert "created 0, updated 0, unchanged 4" in out
