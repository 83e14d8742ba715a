"""The live-search combobox in a real browser (search/static/search/live-search.js)."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SPASMS_TITLE

pytestmark = pytest.mark.browser

HEADER = ".site-header form[data-live-search]"


def open_article(page, live_server, site_content, title="Heart attack"):
    """Load an article page (it has the header search) and return its widget."""
    page.goto(live_server.url + site_content["pages"][title].url)
    form = page.locator(HEADER)
    expect(form).to_have_attribute("data-live-search-enhanced", "true")
    return form


def widget_parts(form):
    return {
        "input": form.get_by_role("combobox"),
        "listbox": form.locator("[role=listbox]"),
        "options": form.get_by_role("option"),
        "popup": form.locator(".live-search__popup"),
        "status": form.get_by_role("status"),
        "alert": form.get_by_role("alert"),
    }


def autocomplete_queries(requests):
    return [
        parse_qs(urlsplit(url).query).get("q", [""])[0]
        for url in requests
        if "/api/search/autocomplete/" in url
    ]


def test_typing_shows_suggestions(page, live_server, site_content, screenshot_dir):
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    listbox_id = w["listbox"].get_attribute("id")
    expect(w["input"]).to_have_attribute("aria-autocomplete", "list")
    expect(w["input"]).to_have_attribute("aria-controls", listbox_id)
    expect(w["input"]).to_have_attribute("aria-expanded", "false")

    w["input"].press_sequentially("spas")

    option = w["options"].filter(has_text=SPASMS_TITLE)
    expect(option).to_be_visible()
    expect(w["input"]).to_have_attribute("aria-expanded", "true")
    expect(w["status"]).to_contain_text(re.compile(r"\d+ results? available"))
    # The typed text is marked inside the title (built from text nodes).
    expect(option.locator(".live-search__title mark")).to_have_text(
        re.compile("spas", re.I)
    )
    # Tags under the title; a final "See all results" option to /search/.
    expect(option.locator(".live-search__tags")).to_contain_text("Muscles")
    expect(w["options"].last).to_have_text("See all results for \u201cspas\u201d")
    # Every option has an id (for aria-activedescendant) and aria-selected.
    for i in range(w["options"].count()):
        item = w["options"].nth(i)
        assert item.get_attribute("id")
        assert item.get_attribute("aria-selected") == "false"

    page.screenshot(path=str(screenshot_dir / "live-search-dropdown.png"))


def test_arrow_down_then_enter_opens_the_article(page, live_server, site_content):
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("spas")
    expect(w["options"].first).to_contain_text(SPASMS_TITLE)

    w["input"].press("ArrowDown")
    first = w["options"].first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(w["input"]).to_have_attribute(
        "aria-activedescendant", first.get_attribute("id")
    )
    w["input"].press("Enter")

    article = site_content["pages"][SPASMS_TITLE]
    page.wait_for_url(live_server.url + article.url)
    expect(page.locator("h1")).to_have_text(SPASMS_TITLE)


def test_arrow_keys_wrap_and_home_end(page, live_server, site_content):
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("mus")
    expect(w["options"].last).to_contain_text("See all results")
    count = w["options"].count()
    assert count >= 3

    def active_index():
        active = w["input"].get_attribute("aria-activedescendant")
        ids = [w["options"].nth(i).get_attribute("id") for i in range(count)]
        return ids.index(active) if active else None

    w["input"].press("ArrowUp")  # from nothing: the last option
    assert active_index() == count - 1
    w["input"].press("ArrowDown")  # wraps to the first
    assert active_index() == 0
    w["input"].press("End")
    assert active_index() == count - 1
    w["input"].press("Home")
    assert active_index() == 0
    w["input"].press("ArrowLeft")  # back to editing the text
    assert active_index() is None
    # No option active: Home moves the caret, the list stays as it is.
    w["input"].press("Home")
    assert active_index() is None
    assert w["input"].evaluate("el => el.selectionStart") == 0


def test_escape_closes_then_clears(page, live_server, site_content):
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("spas")
    expect(w["popup"]).to_be_visible()

    w["input"].press("Escape")
    expect(w["input"]).to_have_attribute("aria-expanded", "false")
    expect(w["popup"]).to_be_hidden()
    expect(w["input"]).to_have_value("spas")

    w["input"].press("Escape")
    expect(w["input"]).to_have_value("")
    expect(w["input"]).to_be_focused()


def test_tab_and_outside_click_close_the_list(page, live_server, site_content):
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("spas")
    expect(w["popup"]).to_be_visible()
    w["input"].press("Tab")
    expect(w["popup"]).to_be_hidden()

    w["input"].focus()
    w["input"].press("ArrowDown")  # reopens the list it already has
    expect(w["popup"]).to_be_visible()
    page.locator("h1").click()
    expect(w["popup"]).to_be_hidden()
    expect(w["input"]).to_have_attribute("aria-expanded", "false")


def test_stale_requests_are_aborted(page, live_server, site_content):
    """Only the newest query's answer is shown; older requests are aborted.

    The answers for "m" and "mu" are held back (never released), so the only
    way they can end is the widget aborting them.
    """
    held = []

    def hold_or_continue(route):
        q = parse_qs(urlsplit(route.request.url).query).get("q", [""])[0]
        if q in ("m", "mu"):
            held.append(route)  # never answered
        else:
            route.continue_()

    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.route("**/api/search/autocomplete/**", hold_or_continue)

    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    # Slower than the debounce, so each prefix sends its own request.
    w["input"].press_sequentially("mus", delay=300)

    expect(w["options"].last).to_have_text("See all results for \u201cmus\u201d")
    topics = form.get_by_role("group", name="Topics").get_by_role("option")
    titles = topics.locator(".live-search__title").all_inner_texts()
    assert SPASMS_TITLE in titles
    # Exactly what the API answers for "mus", nothing left over from "m"/"mu".
    page.unroute("**/api/search/autocomplete/**")
    expected = page.request.get(
        live_server.url + "/api/search/autocomplete/?q=mus&limit=8"
    ).json()
    assert titles == [item["title"] for item in expected["results"]]
    searches = form.get_by_role("group", name="Suggested searches")
    assert searches.locator(".live-search__title").all_inner_texts() == [
        s["query"] for s in expected["suggestions"]
    ]
    assert sorted(autocomplete_queries(failed)) == ["m", "mu"]


def test_quick_typing_sends_one_request(page, live_server, site_content):
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("mus")  # faster than the 150 ms debounce
    expect(w["options"].last).to_contain_text("\u201cmus\u201d")
    assert autocomplete_queries(sent) == ["mus"]
    assert re.search(r"[?&]limit=8(&|$)", [u for u in sent if "autocomplete" in u][0])


def test_no_results_are_announced(page, live_server, site_content):
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("qqxzv")
    expect(w["alert"]).to_have_text("No results for \u201cqqxzv\u201d")
    expect(w["status"]).to_have_text("")
    # The only option left is the full search, which is more forgiving.
    expect(w["options"]).to_have_count(1)
    expect(w["options"].first).to_contain_text("See all results")


def test_click_on_option_navigates_and_sends_beacon(page, live_server, site_content):
    beacons = []

    def record(route):
        beacons.append(route.request)
        route.fulfill(status=204, body="")

    page.route("**/api/search/click/", record)
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("spas")
    w["options"].filter(has_text=SPASMS_TITLE).click()

    article = site_content["pages"][SPASMS_TITLE]
    page.wait_for_url(live_server.url + article.url)
    expect(page.locator("h1")).to_have_text(SPASMS_TITLE)
    assert len(beacons) == 1
    assert beacons[0].method == "POST"
    assert beacons[0].headers.get("content-type", "").startswith("application/json")
    assert json.loads(beacons[0].post_data) == {
        "q": "spas",
        "id": article.pk,
        "position": 1,
        "source": "autocomplete",
    }


def test_see_all_option_opens_the_results_page(page, live_server, site_content):
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("spas")
    expect(w["options"].last).to_contain_text("See all results")
    w["input"].press("ArrowUp")  # the last option
    w["input"].press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=spas$"))
    expect(page.locator(".search-results")).to_contain_text(SPASMS_TITLE)


def test_enter_without_active_option_submits_the_form(page, live_server, site_content):
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("muscle spasms")
    expect(w["popup"]).to_be_visible()
    w["input"].press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=muscle\+spasms$"))
    expect(page.locator(".search-results")).to_contain_text(SPASMS_TITLE)


def test_fetch_errors_close_the_list_quietly(page, live_server, site_content):
    errors = []
    page.on("pageerror", lambda exc: errors.append(exc))
    page.route(
        "**/api/search/autocomplete/**",
        lambda route: route.fulfill(status=500, body="oops"),
    )
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("spas")
    page.wait_for_timeout(500)
    expect(w["popup"]).to_be_hidden()
    expect(w["input"]).to_have_attribute("aria-expanded", "false")
    assert errors == []


def test_script_included_twice_enhances_once(page, live_server, site_content):
    """The 404 page has two widgets, hence two <script> tags."""
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    page.goto(live_server.url + "/no-such-page/")
    forms = page.locator("form[data-live-search]")
    assert forms.count() >= 1
    for i in range(forms.count()):
        expect(forms.nth(i)).to_have_attribute("data-live-search-enhanced", "true")
    # Load the script once more, as another include would.
    page.add_script_tag(url="/static/search/live-search.js")
    form = forms.first
    w = widget_parts(form)
    w["input"].press_sequentially("spas")
    expect(w["options"].filter(has_text=SPASMS_TITLE)).to_be_visible()
    page.wait_for_timeout(300)
    assert autocomplete_queries(sent) == ["spas"]
    # Markup is not duplicated either.
    assert form.locator(".live-search__empty").count() == 1


def test_phone_layout(phone_page, live_server, site_content, screenshot_dir):
    page = phone_page
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    font_size = w["input"].evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert font_size >= 16  # no iOS zoom on focus
    assert w["input"].bounding_box()["height"] >= 44

    main_before = page.locator("main").bounding_box()
    w["input"].tap()
    w["input"].press_sequentially("mus")
    expect(w["options"].last).to_contain_text("See all results")
    # Opening the popup moves nothing on the page.
    assert page.locator("main").bounding_box() == main_before

    for i in range(w["options"].count()):
        assert w["options"].nth(i).bounding_box()["height"] >= 44
    popup = w["popup"].bounding_box()
    form_box = form.bounding_box()
    assert popup["width"] >= form_box["width"] - 1
    assert popup["width"] >= 375 * 0.85
    page.screenshot(path=str(screenshot_dir / "live-search-dropdown-phone.png"))

    w["options"].filter(has_text=SPASMS_TITLE).tap()
    page.wait_for_url(live_server.url + site_content["pages"][SPASMS_TITLE].url)


def test_results_page_works_without_javascript(
    browser, live_server, site_content, screenshot_dir
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        search_input = page.locator("form[data-live-search] input[name=q]").first
        # Not enhanced: a plain search field.
        assert search_input.get_attribute("role") is None
        search_input.fill("muscle spasms")
        search_input.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q=muscle\+spasms"))
        results = page.locator(".search-results")
        expect(results.get_by_role("link", name=SPASMS_TITLE)).to_be_visible()
        page.screenshot(
            path=str(screenshot_dir / "search-results-no-js.png"), full_page=True
        )
    finally:
        context.close()


def test_results_page_screenshot(page, live_server, site_content, screenshot_dir):
    page.goto(live_server.url + "/search/?q=muscle")
    expect(page.locator(".search-results")).to_contain_text(SPASMS_TITLE)
    # The header widget shows the query and is enhanced here too.
    expect(page.locator(HEADER).get_by_role("combobox")).to_have_value("muscle")
    page.screenshot(path=str(screenshot_dir / "search-results.png"), full_page=True)


def test_server_text_is_never_markup_and_promoted_has_badge(
    page, live_server, site_content
):
    payload = {
        "query": "<b>",
        "results": [
            {
                "id": 1,
                "title": '<img src=x onerror="window.pwned=1"> <b>bold</b>',
                "url": "/articles/x/",
                "tags": ["<i>tag</i>"],
                "promoted": True,
            }
        ],
    }
    page.route(
        "**/api/search/autocomplete/**",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(payload)
        ),
    )
    form = open_article(page, live_server, site_content)
    w = widget_parts(form)
    w["input"].press_sequentially("<b>")
    option = w["options"].first
    expect(option.locator(".live-search__badge")).to_have_text("Recommended")
    expect(option.locator(".live-search__title")).to_have_text(
        '<img src=x onerror="window.pwned=1"> <b>bold</b>'
    )
    expect(option.locator(".live-search__tags")).to_have_text("<i>tag</i>")
    # The query "<b>" is marked as text, not parsed.
    expect(option.locator(".live-search__title mark")).to_have_text("<b>")
    assert form.locator("img, b, i").count() == 0
    assert page.evaluate("window.pwned") is None
    expect(w["options"].last).to_have_text("See all results for \u201c<b>\u201d")
