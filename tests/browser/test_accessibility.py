"""axe-core scans of the pages visitors search from and land on.

Fails on violations of impact "serious" or "critical"; lesser ones are
printed (visible with -rA / -s) so they can be triaged.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SPASMS_TITLE

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def run_axe(page, axe_source):
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """() => axe.run(document, {resultTypes: ["violations"]})
              .then(r => r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => n.target.join(" "))})))"""
    )


def describe(violations):
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['nodes'])}"
        for v in violations
    )


def assert_no_blocking_violations(page, axe_source):
    violations = run_axe(page, axe_source)
    if violations:
        print(f"\naxe on {page.url}:\n{describe(violations)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


def _url(live_server, site_content, which):
    if which == "home":
        return live_server.url + "/"
    if which == "article":
        return live_server.url + site_content["pages"][SPASMS_TITLE].url
    return live_server.url + "/search/?q=muscle"


@pytest.mark.parametrize("which", ["home", "article", "results"])
def test_page_has_no_serious_violations(
    axe_source, page, live_server, site_content, which
):
    page.goto(_url(live_server, site_content, which))
    expect(page.locator("form[data-live-search]").first).to_have_attribute(
        "data-live-search-enhanced", "true"
    )
    assert_no_blocking_violations(page, axe_source)


def test_open_dropdown_has_no_serious_violations(
    axe_source, page, live_server, site_content
):
    page.emulate_media(reduced_motion="reduce")  # no fade while axe measures
    page.goto(_url(live_server, site_content, "article"))
    form = page.locator(".site-header form[data-live-search]")
    combobox = form.get_by_role("combobox")
    combobox.press_sequentially("mus")
    expect(form.get_by_role("option").last).to_contain_text("See all results")
    combobox.press("ArrowDown")
    assert_no_blocking_violations(page, axe_source)


def test_no_results_dropdown_has_no_serious_violations(
    axe_source, page, live_server, site_content
):
    page.emulate_media(reduced_motion="reduce")
    page.goto(_url(live_server, site_content, "home"))
    form = page.locator("form[data-live-search]").first
    form.get_by_role("combobox").press_sequentially("qqxzv")
    expect(form.get_by_role("alert")).to_contain_text("No results")
    assert_no_blocking_violations(page, axe_source)
