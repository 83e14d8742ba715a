"""Fixtures for the browser tests: a real headless Chromium (Debian's, not a
Playwright download) driving the site served by pytest-django's live server.

- Chromium missing: the tests are skipped, or fail under CI=true.
- axe-core missing (``npm ci`` not run): the accessibility tests are skipped,
  or fail under CI=true.
- Search uses the embedded database backend (the default settings). The live
  server needs a transactional database; ``django_db_serialized_rollback``
  restores the rows created by migrations (Wagtail's root page, default Site,
  Locale) that the flush after each transactional test removes.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import make_article, sync_index
from tests.search.corpus import ARTICLES

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

SPASMS_TITLE = "What are muscle spasms?"
# A few other articles from the shared corpus, so suggestions have company.
OTHER_TITLES = ["Muscle cramps", "Diarrhoea", "Heart attack", "Back pain"]


def _in_ci():
    return os.environ.get("CI", "").lower() == "true"


def _unavailable(reason):
    if _in_ci():
        pytest.fail(f"{reason} (required under CI=true)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)) and not shutil.which(
        path
    ):
        _unavailable(f"Chromium not found at {path} (set CHROMIUM_PATH)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop registered as running on
    # the main thread, so Django would refuse the tests' own ORM calls
    # (fixtures, database flush) with SynchronousOnlyOperation. Nothing here
    # is actually async; allow it while the browser session lasts.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def phone_page(browser):
    """A small touch screen (roughly an iPhone 13 mini)."""
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_source():
    if not AXE_PATH.is_file():
        _unavailable(f"axe-core not installed ({AXE_PATH} missing: run `npm ci`)")
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def database_search(settings):
    """Force the embedded database backend, whatever the environment says."""
    from search import outbox, related, synonyms, vocabulary
    from search.conf import search_backends_from_env

    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env()
    outbox.forget_ensured_indexes()
    synonyms.invalidate()
    vocabulary.invalidate()
    related.invalidate()
    return "database"


@pytest.fixture
def site_content(
    transactional_db, django_db_serialized_rollback, database_search, site_tree
):
    """The site tree plus "What are muscle spasms?" and a few corpus articles."""
    by_title = {data["title"]: data for data in ARTICLES}
    spasms = dict(by_title["Muscle spasms"], title=SPASMS_TITLE)
    pages = {SPASMS_TITLE: make_article(site_tree["index"], **spasms)}
    for title in OTHER_TITLES:
        pages[title] = make_article(site_tree["index"], **by_title[title])
    # On-commit delivery already ran (transactional test); this is a no-op
    # safety net that also clears the search module's caches.
    sync_index()
    return {"home": site_tree["home"], "index": site_tree["index"], "pages": pages}
