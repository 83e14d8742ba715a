"""Shared bits of the WordPress import tests: fixture paths and lookups."""

from pathlib import Path

from health_articles.models import HealthArticlePage

WXR_DIR = Path(__file__).resolve().parent / "fixtures" / "wxr"
UPLOADS = Path(__file__).resolve().parent / "fixtures" / "uploads"
WORDPRESS_COM = WXR_DIR / "wordpress-com.xml"
CLASSIC = WXR_DIR / "self-hosted-classic-1.1.xml"
WXR_1_0 = WXR_DIR / "self-hosted-1.0.xml"
BLOCKS = WXR_DIR / "self-hosted-blocks-1.2.xml"
COM_GUID = "https://healthnotes.example.com/?p={}"
COM_PAGE_GUID = "https://healthnotes.example.com/?page_id={}"

#: wordpress-com.xml: the items that never become articles, by kind.
COM_SKIPPED = (
    "skipped 12 (attachment 3, jetpack-testimonial 1, nav_menu_item 2, "
    "revision 1, trash 1, wp_block 1, wp_global_styles 1, wp_navigation 1, "
    "wp_template 1)"
)


def post(post_id) -> HealthArticlePage:
    return HealthArticlePage.objects.get(source_id=COM_GUID.format(post_id))


def wp_page(post_id) -> HealthArticlePage:
    return HealthArticlePage.objects.get(source_id=COM_PAGE_GUID.format(post_id))
