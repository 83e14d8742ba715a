"""The search experience on a phone (390x844) and a wide screen (1280x800) in
real headless Chromium: results on the first screen, one search box, the
filter disclosure, the dropdown's groups and its keyboard path to "See all
results", axe on every page a visitor searches from or lands on, and the
search admin's buttons. Screenshots go to test-output/screenshots/."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_no_blocking_violations
from tests.conftest import make_article, sync_index
from tests.search.corpus import ARTICLES

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}

# Enough tags that, laid out as links before the results, they pushed the
# first result about two screens down (the problem this layout solves).
MANY_TAGS = [
    "Bones, Joints and Muscles",
    "Heart and Circulation",
    "Digestive System",
    "Blood, Heart and Circulation",
    "Metabolic Problems",
    "Women",
    "Men",
    "Seniors",
    "Children",
    "Sports",
    "Fitness and Exercise",
    "Symptoms",
    "Treatments and Therapies",
    "Diagnostic Tests",
    "Wellness and Lifestyle",
    "Kidneys",
    "Nerves",
    "Pain",
    "Disorders and Conditions",
    "Food and Nutrition",
]

EXTRA = [
    {
        "title": "High blood pressure",
        "summary": "Blood pressure that stays higher than it should, often "
        "without symptoms.",
        "also_known_as": "hypertension",
        "body_text": "High blood pressure strains the heart and arteries.",
        "tags": ["heart", "blood"],
        "last_reviewed": datetime.date(2026, 2, 12),
    },
    {
        "title": "Gout",
        "summary": "Sudden, very painful swelling of a joint, often the big "
        "toe, caused by uric acid crystals; it is treated with "
        "anti-inflammatory medicines.",
        "also_known_as": "gouty arthritis",
        "body_text": "Gout is treated with rest, ice and medicines.",
        "tags": ["joints", "pain"],
        "last_reviewed": datetime.date(2025, 12, 3),
    },
    # An imported topic with the same name as ours (told apart in results).
    {
        "title": "Muscle Cramps",
        "summary": "Have you ever had a sudden, painful muscle cramp?",
        "also_known_as": "Charley horse",
        "body_text": "Stretching may help a cramp.",
        "tags": ["Bones, Joints and Muscles"],
        "last_reviewed": datetime.date(2025, 3, 12),
        "slug": "muscle-cramps-2",
        "credit": "Courtesy of MedlinePlus from the National Library of Medicine",
    },
]

QUERIES = [
    "muscle cramps",
    "high blood pressure",
    "diarrhea",
    "what is gout and how is it treated",
]
ONE_RESULT = "lumbago"
NO_RESULT = "qqxzv"


@pytest.fixture
def phone_content(
    transactional_db, django_db_serialized_rollback, database_search, site_tree
):
    index = site_tree["index"]
    pages = {}
    for n, data in enumerate(ARTICLES + EXTRA):
        data = dict(data)
        credit = data.pop("credit", None)
        tags = list(data.pop("tags")) + MANY_TAGS[n % 5 :: 4][:4]
        page = make_article(index, tags=tags, **data)
        if credit:
            page.source_credit = credit
            page.save_revision().publish()
        pages[page.title] = page
    sync_index()
    return {"index": index, "pages": pages}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def wide(browser):
    context = browser.new_context(viewport=WIDE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def results_url(live_server, q, **extra):
    from urllib.parse import urlencode

    return live_server.url + "/search/?" + urlencode({"q": q, **extra})


def first_screen(page):
    return page.evaluate("() => window.innerHeight")


def slug(text):
    return "-".join(text.split())


# ---------------------------------------------------------------- results first


@pytest.mark.parametrize("q", QUERIES + [ONE_RESULT])
def test_first_result_is_on_the_first_phone_screen(
    phone, live_server, phone_content, screenshot_dir, q
):
    api = phone.request.get(live_server.url + "/api/search/?q=" + q).json()
    assert api["total"] >= 1
    if q == ONE_RESULT:
        # One topic matches its words (the semantic half may add neighbours):
        # that topic comes first.
        assert (
            "lumbago"
            in " ".join(
                [api["results"][0]["title"], *api["results"][0]["also_known_as"]]
            ).lower()
        ), api["results"][0]
    phone.goto(results_url(live_server, q))
    title = phone.locator(".search-result__title").first
    expect(title).to_be_visible()
    box = title.bounding_box()
    # The whole title of the first result is on the first screen, measured
    # against this browser's own viewport.
    assert box["y"] >= 0 and box["y"] + box["height"] <= first_screen(phone), box
    # Scrolled to the top: nothing above it pushed it down.
    assert phone.evaluate("() => window.scrollY") == 0
    phone.screenshot(path=str(screenshot_dir / f"phone-results-{slug(q)}.png"))


def test_no_results_help_is_on_the_first_phone_screen(
    phone, live_server, phone_content, screenshot_dir
):
    phone.goto(results_url(live_server, NO_RESULT))
    heading = phone.get_by_role("heading", name=f"No articles matched “{NO_RESULT}”")
    expect(heading).to_be_visible()
    assert heading.bounding_box()["y"] + 20 <= first_screen(phone)
    phone.screenshot(
        path=str(screenshot_dir / "phone-results-none.png"), full_page=True
    )


@pytest.mark.parametrize("viewport", ["phone", "wide"])
def test_one_search_box_and_label(request, live_server, phone_content, viewport):
    page = request.getfixturevalue(viewport)
    page.goto(results_url(live_server, "muscle cramps"))
    boxes = page.locator("input[type=search]")
    assert boxes.count() == 1
    expect(boxes).to_have_value("muscle cramps")
    expect(page.get_by_role("search")).to_have_count(1)
    expect(page.get_by_role("combobox", name="Search health topics")).to_have_count(1)
    assert page.get_by_text("Search health topics", exact=True).count() <= 1


def test_phone_filters_open_and_apply(
    phone, live_server, phone_content, screenshot_dir
):
    phone.goto(results_url(live_server, "muscle cramps"))
    count = phone.locator(".search-page__count")
    before = int(count.inner_text().split()[0])
    disclosure = phone.locator("details.search-filters")
    summary = disclosure.locator("summary")
    expect(summary).to_contain_text("Filter")
    # Collapsed: its checkboxes are not shown, the results come first.
    pain = disclosure.get_by_role("checkbox", name="Pain")
    expect(pain).to_be_hidden()
    summary.tap()
    expect(pain).to_be_visible()
    # Names normalised and sorted case-insensitively ("muscles" is "Muscles",
    # between "Metabolic Problems" and "Nerves", not after "Women").
    names = disclosure.locator(".search-filters__name").all_inner_texts()
    assert names == sorted(names, key=str.casefold)
    assert all(name[:1].isupper() for name in names)
    phone.screenshot(path=str(screenshot_dir / "phone-results-filters-open.png"))
    pain.check()
    disclosure.get_by_role("button", name="Show results").tap()
    phone.wait_for_url("**/search/?*tag=pain*")
    assert parse_qs(urlsplit(phone.url).query)["tag"] == ["pain"]
    after = int(count.inner_text().split()[0])
    assert 1 <= after < before
    chip = phone.locator(".filter-chip")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text("Pain")
    expect(disclosure.locator(".search-filters__badge")).to_contain_text("1")
    # The first result is still on the first screen with a filter applied.
    box = phone.locator(".search-result__title").first.bounding_box()
    assert box["y"] + box["height"] <= first_screen(phone)
    # The chip removes the filter.
    chip.tap()
    phone.wait_for_url(lambda url: "tag=" not in url)
    assert int(count.inner_text().split()[0]) == before


def test_wide_screen_filters_in_a_side_column(
    wide, live_server, phone_content, screenshot_dir
):
    wide.goto(results_url(live_server, "muscle cramps"))
    pain = wide.locator("details.search-filters").get_by_role("checkbox", name="Pain")
    expect(pain).to_be_visible()  # open without a click
    filters = wide.locator("details.search-filters").bounding_box()
    first = wide.locator(".search-result").first.bounding_box()
    assert filters["x"] + filters["width"] <= first["x"]
    assert abs(filters["y"] - first["y"]) < first["height"]
    wide.screenshot(path=str(screenshot_dir / "wide-results-muscle-cramps.png"))


def test_results_say_why_they_matched_and_tell_duplicates_apart(
    phone, live_server, phone_content
):
    phone.goto(results_url(live_server, "charley horse"))
    ours = phone.locator(".search-result").filter(
        has=phone.get_by_role("link", name="Muscle cramps", exact=True)
    )
    expect(ours.locator(".search-result__reason")).to_have_text(
        "Also called charley horse"
    )
    imported = phone.locator(".search-result").filter(
        has=phone.get_by_role("link", name="Muscle Cramps", exact=True)
    )
    expect(imported.locator(".search-result__source")).to_have_text(
        "Source: MedlinePlus from the National Library of Medicine"
    )
    expect(ours.locator(".search-result__source")).to_contain_text("Our article")


def test_reviewed_date_written_one_way_and_not_wrapped(
    phone, live_server, phone_content
):
    phone.goto(results_url(live_server, "muscle cramps"))
    dates = phone.locator(".search-result__reviewed")
    assert dates.count() >= 2
    for i in range(dates.count()):
        date = dates.nth(i)
        expect(date).to_have_text(re.compile(r"^Reviewed \d{1,2} [A-Z][a-z]+ \d{4}$"))
        # One line: its height is one line of its own text.
        height = date.evaluate(
            "el => el.getBoundingClientRect().height"
            " / parseFloat(getComputedStyle(el).lineHeight)"
        )
        assert height < 1.5
    article = phone_content["pages"]["Muscle cramps"]
    phone.goto(live_server.url + article.url)
    expect(phone.locator(".review-line time")).to_have_text("1 March 2026")
    phone.go_back()
    expect(
        phone.locator(".search-result")
        .filter(has=phone.get_by_role("link", name="Muscle cramps", exact=True))
        .locator(".search-result__reviewed")
    ).to_have_text("Reviewed 1 March 2026")


# ---------------------------------------------------------------- dropdown


def header_combobox(page):
    form = page.locator(".site-header form[data-live-search]")
    expect(form).to_have_attribute("data-live-search-enhanced", "true")
    return form, form.get_by_role("combobox")


@pytest.mark.parametrize("viewport", ["phone", "wide"])
def test_dropdown_groups_and_keyboard_path_to_see_all(
    request, live_server, phone_content, screenshot_dir, viewport
):
    page = request.getfixturevalue(viewport)
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_server.url + "/a-z/")
    form, combobox = header_combobox(page)
    combobox.press_sequentially("charl")
    topics = form.get_by_role("group", name="Topics")
    searches = form.get_by_role("group", name="Suggested searches")
    expect(topics.get_by_role("option").first).to_be_visible()
    expect(searches.get_by_role("option")).to_have_text(["charley horse"])
    # Why the topic matched, with the typed part marked.
    option = topics.get_by_role("option").filter(
        has=page.locator(".live-search__title", has_text=re.compile("^Muscle cramps$"))
    )
    expect(option.locator(".live-search__reason")).to_have_text(
        "Also called charley horse"
    )
    expect(option.locator(".live-search__reason mark")).to_have_text("charl")

    see_all = form.get_by_role("option", name="See all results for “charl”")
    expect(see_all).to_be_visible()
    # On screen without scrolling anything (the popup itself never scrolls).
    box = see_all.bounding_box()
    assert box["y"] + box["height"] <= first_screen(page)
    popup_scrolls = form.locator(".live-search__popup").evaluate(
        "el => el.scrollHeight > el.clientHeight + 1"
    )
    assert not popup_scrolls
    page.screenshot(path=str(screenshot_dir / f"{viewport}-dropdown-charl.png"))

    # Keyboard: Up from the input lands on "See all results"; Enter opens it.
    combobox.press("ArrowUp")
    expect(combobox).to_have_attribute(
        "aria-activedescendant", see_all.get_attribute("id")
    )
    expect(see_all).to_have_attribute("aria-selected", "true")
    combobox.press("Enter")
    page.wait_for_url("**/search/?q=charl")


def test_dropdown_see_all_by_pointer_on_phone(phone, live_server, phone_content):
    phone.goto(live_server.url + phone_content["pages"]["Gout"].url)
    form, combobox = header_combobox(phone)
    combobox.tap()
    combobox.press_sequentially("mus")
    see_all = form.get_by_role("option", name="See all results for “mus”")
    expect(see_all).to_be_visible()
    box = see_all.bounding_box()
    assert box["y"] + box["height"] <= first_screen(phone)
    see_all.tap()
    phone.wait_for_url("**/search/?q=mus")


# ---------------------------------------------------------------- accessibility

PAGES = {
    "home": lambda c: "/",
    "article": lambda c: c["pages"]["Muscle cramps"].url,
    "results": lambda c: "/search/?q=muscle+cramps",
    "results-filtered": lambda c: "/search/?q=muscle+cramps&tag=pain",
    "no-results": lambda c: f"/search/?q={NO_RESULT}",
    "a-z": lambda c: "/a-z/",
    "tag": lambda c: "/articles/tag/muscles/",
}


@pytest.mark.parametrize("viewport", ["phone", "wide"])
@pytest.mark.parametrize("which", list(PAGES))
def test_pages_have_no_serious_violations(
    request, axe_source, live_server, phone_content, screenshot_dir, which, viewport
):
    page = request.getfixturevalue(viewport)
    page.goto(live_server.url + PAGES[which](phone_content))
    expect(page.locator("form[data-live-search]").first).to_have_attribute(
        "data-live-search-enhanced", "true"
    )
    assert_no_blocking_violations(page, axe_source)
    page.screenshot(
        path=str(screenshot_dir / f"{viewport}-{which}.png"), full_page=False
    )


@pytest.mark.parametrize("viewport", ["phone", "wide"])
def test_open_dropdown_has_no_violations_at_all(
    request, axe_source, live_server, phone_content, viewport
):
    from tests.browser.test_accessibility import run_axe

    page = request.getfixturevalue(viewport)
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_server.url + phone_content["pages"]["Gout"].url)
    form, combobox = header_combobox(page)
    combobox.press_sequentially("mus")
    expect(form.get_by_role("option").last).to_contain_text("See all results")
    combobox.press("ArrowDown")
    ids = {v["id"] for v in run_axe(page, axe_source)}
    assert "scrollable-region-focusable" not in ids
    assert_no_blocking_violations(page, axe_source)


def test_phone_home_header_has_no_empty_band(phone, live_server, phone_content):
    phone.goto(live_server.url + "/")
    header = phone.locator(".site-header").bounding_box()
    name = phone.locator(".site-name").bounding_box()
    # The header is the site name's row and its padding, nothing more.
    assert header["height"] <= name["height"] + 40, (header, name)
    assert phone.locator(".site-header__search").count() == 0


def test_a_z_letters_sticky_on_phone_and_columns_wide(
    phone, wide, live_server, phone_content, screenshot_dir
):
    phone.goto(live_server.url + "/a-z/")
    phone.mouse.wheel(0, 600)
    phone.wait_for_function("() => window.scrollY > 100")
    letters = phone.locator(".a-z__letters").bounding_box()
    assert abs(letters["y"]) < 2  # stuck to the top while scrolling
    cross = phone.locator(".a-z__entry--see").filter(has_text="Charley horse").first
    expect(cross.locator("i")).to_have_text("Charley horse")
    phone.screenshot(path=str(screenshot_dir / "phone-a-z-scrolled.png"))
    wide.goto(live_server.url + "/a-z/")
    columns = wide.locator(".a-z__list").first.evaluate(
        "el => getComputedStyle(el).columnCount"
    )
    assert int(columns) >= 2


# ---------------------------------------------------------------- admin


def test_analytics_buttons_show_icon_and_label(
    wide, live_server, django_user_model, screenshot_dir
):
    django_user_model.objects.create_superuser("boss", "b@example.com", "pw-boss-1")
    wide.goto(live_server.url + "/admin/login/")
    wide.fill("#id_username", "boss")
    wide.fill("#id_password", "pw-boss-1")
    wide.click("button[type=submit]")
    wide.wait_for_url("**/admin/")
    wide.goto(live_server.url + "/admin/search/analytics/")
    for name in ("Export CSV", "Privacy and retention: 365 days"):
        button = wide.get_by_role("link", name=name)
        icon = button.locator("svg.icon").bounding_box()
        box = button.bounding_box()
        assert icon["width"] <= 32 and icon["height"] <= 32, icon
        label_width = button.evaluate(
            "el => { const r = document.createRange(); r.selectNodeContents(el);"
            " return r.getBoundingClientRect().width; }"
        )
        assert box["width"] <= label_width + 80
        assert box["height"] <= 48
    wide.screenshot(path=str(screenshot_dir / "admin-analytics.png"))
