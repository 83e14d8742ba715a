"""Both forms of the wp: namespace (http and https) in WXR 1.0, 1.1 and 1.2."""

import pytest

from health_articles.models import HealthArticlePage

from .test_import_command import run_import
from .wxr_helpers import CLASSIC, WXR_1_0

EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{scheme}://wordpress.org/export/{v}/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="{scheme}://wordpress.org/export/{v}/">
<channel><title>Site</title><link>https://ns.example</link>
<wp:wxr_version>{v}</wp:wxr_version>
<wp:base_blog_url>https://ns.example</wp:base_blog_url>
<item><title>Live post</title><link>https://ns.example/live/</link>
<guid isPermaLink="false">https://ns.example/?p=1</guid>
<content:encoded><![CDATA[Published text.]]></content:encoded>
<excerpt:encoded><![CDATA[The excerpt.]]></excerpt:encoded>
<wp:post_id>1</wp:post_id><wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>Draft post</title><link>https://ns.example/?p=2</link>
<guid isPermaLink="false">https://ns.example/?p=2</guid>
<content:encoded><![CDATA[Draft text.]]></content:encoded>
<wp:post_id>2</wp:post_id><wp:status>draft</wp:status>
<wp:post_type>post</wp:post_type></item>
<item><title>Scheduled post</title><link>https://ns.example/later/</link>
<guid isPermaLink="false">https://ns.example/?p=3</guid>
<content:encoded><![CDATA[Later text.]]></content:encoded>
<wp:post_id>3</wp:post_id><wp:post_date_gmt>2099-05-01 10:00:00</wp:post_date_gmt>
<wp:status>future</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>photo</title><guid isPermaLink="false">https://ns.example/p.jpg</guid>
<wp:post_id>4</wp:post_id><wp:status>inherit</wp:status>
<wp:post_type>attachment</wp:post_type></item>
<item><title></title><guid isPermaLink="false">https://ns.example/?p=5</guid>
<content:encoded><![CDATA[]]></content:encoded>
<wp:post_id>5</wp:post_id><wp:status>publish</wp:status>
<wp:post_type>nav_menu_item</wp:post_type></item>
</channel></rss>
"""


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.django_db
def test_every_namespace_form_reads_status_and_type(
    site_tree, tmp_path, scheme, version
):
    path = tmp_path / "export.xml"
    path.write_text(EXPORT.format(scheme=scheme, v=version))

    out, err, error = run_import(path)

    assert error is None, err
    assert (
        "created 3, updated 0, unchanged 0, skipped 2 (attachment 1, "
        "nav_menu_item 1), failed 0" in out
    )
    live = HealthArticlePage.objects.get(title="Live post")
    assert live.live and live.summary == "The excerpt."
    assert not HealthArticlePage.objects.get(title="Draft post").live
    scheduled = HealthArticlePage.objects.get(title="Scheduled post")
    assert not scheduled.live and scheduled.go_live_at.year == 2099


@pytest.mark.django_db
def test_self_hosted_exports_import_with_exit_status_zero(site_tree):
    out, err, error = run_import(WXR_1_0, CLASSIC)

    assert error is None, err
    assert (
        "created 5, updated 0, unchanged 0, skipped 3 (attachment 2, "
        "auto-draft 1), failed 0" in out
    )
    assert HealthArticlePage.objects.get(title="Hay fever in spring").live
    assert not HealthArticlePage.objects.get(title="Antihistamine draft").live
    assert not HealthArticlePage.objects.get(title="Draft: melatonin").live
