"""Urgent help in a real browser: the banner on the results page and at the top
of the live-search dropdown, at phone and desktop widths, axe clean, and its
live region filled once per query while the visitor types."""

import json

import pytest
from playwright.sync_api import expect

from search import freshness
from search.models import UrgentHelpEntry
from search.urgent_data import STARTER_URGENT_HELP
from tests.browser.test_accessibility import assert_no_blocking_violations
from tests.browser.test_live_search import open_article

pytestmark = pytest.mark.browser

CHEST = "Chest pain can be a heart attack"

# Counts every change of the urgent region's text (what screen readers hear).
WATCH_REGION = """form => {
    const region = form.querySelector("[data-urgent-region]");
    window.__urgentAnnouncements = [];
    new MutationObserver(() => {
        if (region.textContent) window.__urgentAnnouncements.push(region.textContent);
    }).observe(region, {childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture
def urgent_content(site_content):
    """The site content plus the starter entries migration 0009 loads (a
    flush after an earlier live-server test may have removed them)."""
    if not UrgentHelpEntry.objects.filter(starter=True).exists():
        for data in STARTER_URGENT_HELP:
            UrgentHelpEntry.objects.create(
                title=data["title"],
                priority=data["priority"],
                message=data["message"],
                phrases="\n".join(data["phrases"]),
                synonym_sets="\n".join(data["synonym_sets"]),
                exclusions="\n".join(data["exclusions"]),
                starter=True,
            )
    assert UrgentHelpEntry.objects.count() == len(STARTER_URGENT_HELP)
    freshness.content_changed()
    return site_content


def test_results_page_banner_first_at_phone_width(
    phone_page, live_server, urgent_content, axe_source, screenshot_dir
):
    page = phone_page
    page.goto(live_server.url + "/search/?q=my+chest+hurts+really+bad")
    banner = page.locator("main .urgent-help")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("heading", name=CHEST)).to_be_visible()
    expect(banner.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    # First on the screen: above the result count and the first result.
    top = banner.bounding_box()
    assert top["y"] + top["height"] <= 812
    assert top["width"] <= 375
    for other in (".search-page__count", ".search-results"):
        if page.locator(other).count():
            assert page.locator(other).bounding_box()["y"] > top["y"]
    page.screenshot(path=str(screenshot_dir / "urgent-help-results-phone.png"))
    assert_no_blocking_violations(page, axe_source)


def test_results_page_banner_desktop_and_filters(
    page, live_server, urgent_content, axe_source
):
    page.goto(live_server.url + "/search/?q=chest+pian&tag=muscles&page=2")
    expect(page.locator("main .urgent-help")).to_contain_text(CHEST)
    page.goto(live_server.url + "/search/?q=chest+of+drawers")
    expect(page.locator(".urgent-help")).to_have_count(0)
    page.goto(live_server.url + "/search/?q=heart+attack")
    expect(page.locator("main .urgent-help")).to_be_visible()
    assert_no_blocking_violations(page, axe_source)


@pytest.mark.parametrize("width", [375, 1280])
def test_dropdown_banner_announced_once_per_query(
    browser, live_server, urgent_content, axe_source, screenshot_dir, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 812 if width < 600 else 900},
        is_mobile=width < 600,
        has_touch=width < 600,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        form = open_article(page, live_server, urgent_content)
        form.evaluate(WATCH_REGION)
        box = form.get_by_role("combobox")
        box.click()
        answers = []
        page.on(
            "response",
            lambda r: answers.append(r.url) if "autocomplete" in r.url else None,
        )
        # Typed slowly enough that several answers come back and match.
        box.press_sequentially("my chest hurts", delay=40)
        banner = form.locator(".live-search__popup .urgent-help")
        expect(banner).to_contain_text(CHEST)
        box.press_sequentially(" really bad", delay=220)
        expect(form.get_by_role("option").last).to_contain_text("really bad")
        assert len(answers) >= 3, answers
        announcements = page.evaluate("window.__urgentAnnouncements")
        assert len(announcements) == 1, announcements
        assert announcements[0].startswith("Urgent: " + CHEST)
        assert "911" in announcements[0]
        # At the top of the popup, above every option, and on screen.
        popup = form.locator(".live-search__popup")
        assert (
            banner.bounding_box()["y"]
            < form.get_by_role("option").first.bounding_box()["y"]
        )
        assert (
            popup.bounding_box()["y"] + popup.bounding_box()["height"]
            <= page.viewport_size["height"]
        )
        expect(banner.get_by_role("link", name="911")).to_have_attribute(
            "href", "tel:911"
        )
        page.screenshot(path=str(screenshot_dir / f"urgent-help-dropdown-{width}.png"))
        assert_no_blocking_violations(page, axe_source)

        # A new query (box emptied, then typed again) is announced again;
        # a look-alike shows no banner.
        box.fill("")
        box.press_sequentially("chest of drawers", delay=30)
        expect(form.get_by_role("option").last).to_contain_text("chest of drawers")
        expect(banner).to_have_count(0)
        box.fill("")
        box.press_sequentially("chest pian", delay=30)
        expect(banner).to_contain_text(CHEST)
        assert len(page.evaluate("window.__urgentAnnouncements")) == 2
    finally:
        context.close()


def test_suggestions_show_the_review_date(page, live_server, urgent_content):
    form = open_article(page, live_server, urgent_content, title="Muscle cramps")
    form.get_by_role("combobox").press_sequentially("heart")
    option = form.get_by_role("option").filter(has_text="Heart attack")
    expect(option.locator(".live-search__reviewed")).to_have_text(
        "Reviewed 1 April 2026"
    )


def test_dropdown_rebuilds_the_message_from_allowed_elements_only(
    page, live_server, urgent_content
):
    payload = {
        "query": "x",
        "results": [],
        "suggestions": [],
        "urgent_help": {
            "title": '<img src=x onerror="window.pwned=1">Title',
            "message_html": (
                '<p onclick="window.pwned=2">Call <a href="tel:112" '
                'onmouseover="window.pwned=3">112</a> <img src=x '
                'onerror="window.pwned=4"><script>window.pwned=5</script>'
                '<a href="javascript:window.pwned=6">bad</a> <em>now</em></p>'
            ),
            "article": {"id": 1, "title": "Heart", "url": "javascript:alert(1)"},
        },
    }
    page.route(
        "**/api/search/autocomplete/**",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(payload)
        ),
    )
    form = open_article(page, live_server, urgent_content)
    form.get_by_role("combobox").press_sequentially("x")
    banner = form.locator(".live-search__popup .urgent-help")
    expect(banner).to_contain_text("Call 112")
    expect(banner.locator(".urgent-help__title")).to_contain_text(
        '<img src=x onerror="window.pwned=1">Title'
    )
    assert banner.locator("img, script, [onclick], [onmouseover]").count() == 0
    assert banner.locator("em").count() == 1
    hrefs = banner.locator("a").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))"
    )
    assert hrefs == ["tel:112", None, None]
    assert page.evaluate("window.pwned") is None
