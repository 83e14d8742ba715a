"""A page moved under a private section while another process serves
disappears from that process's every surface within seconds.

Real processes on a real database file: one serves (runserver), another
moves the page (manage.py shell), as an editor's admin process would. The
serving process learns of the move only through the database (the content
fingerprint in search/freshness.py). Runs on the database backend and on the
real engine.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.engine_fixture import REPO_ROOT

WORD = "Morvanexia"
TYPO = "morvanexa"
TAG = "morvan-tag"
DEADLINE_SECONDS = 45  # "within seconds": the fingerprint is read every 5 s

SETUP = f"""
from wagtail.models import PageViewRestriction
from health_articles.demo.site import setup_site
from health_articles.models import HealthArticleIndexPage, HealthArticlePage
home, index = setup_site()
section = home.add_child(instance=HealthArticleIndexPage(title="Staff", slug="staff"))
section.save_revision().publish()
PageViewRestriction.objects.create(page=section, restriction_type="login")
for title, tag in (("{WORD}", "{TAG}"), ("Muscle cramps", "legs")):
    page = HealthArticlePage(title=title, slug=title.lower().replace(" ", "-"),
                             summary="A rare ailment of the legs.")
    index.add_child(instance=page)
    page.tags.add(tag, "shared-topic")
    page.save_revision().publish()
"""

MOVE = f"""
from health_articles.models import HealthArticleIndexPage, HealthArticlePage
page = HealthArticlePage.objects.get(title="{WORD}")
page.move(HealthArticleIndexPage.objects.get(slug="staff"), pos="last-child")
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args, timeout=600):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


def _get(base, path, **params):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read().decode(), exc.code
    return status, (json.loads(body) if path.startswith("/api/") else body)


def _leaks(base, article_id):
    """What a visitor could still learn about the moved page."""
    leaks = []
    for text in (WORD, TYPO):
        _, answer = _get(base, "/api/search/", q=text)
        if answer["total"] or WORD.lower() in (answer["suggestion"] or ""):
            leaks.append(f"search {text!r}: {answer['total']}, {answer['suggestion']}")
    _, tagged = _get(base, "/api/search/", tag=TAG)
    if tagged["total"]:
        leaks.append("tag filter")
    _, shared = _get(base, "/api/search/", q="ailment")
    if {f["slug"] for f in shared["facets"]["tags"]} & {TAG}:
        leaks.append("facet")
    _, complete = _get(base, "/api/search/autocomplete/", q=WORD[:5])
    if complete["results"]:
        leaks.append("autocomplete")
    status, _ = _get(base, f"/api/articles/{article_id}/related/")
    if status != 404:
        leaks.append("related API")
    if WORD in _get(base, "/a-z/")[1]:
        leaks.append("a-z")
    if _get(base, f"/articles/tag/{TAG}/")[0] != 404:
        leaks.append("tag page")
    return leaks


@pytest.fixture(params=["database", "engine"])
def served_site(request, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ELASTICSEARCH_URL", "DATABASE_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    prefix = f"xproc_{uuid.uuid4().hex[:6]}_"
    if request.param == "engine":
        env["ELASTICSEARCH_URL"] = request.getfixturevalue("es_url")
        env["SEARCH_INDEX_PREFIX"] = prefix
    _manage(env, "migrate", "--noinput")
    _manage(env, "shell", "-c", SETUP)
    if request.param == "engine":
        _manage(env, "update_index")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _get(base, "/api/search/", q="x")
                break
            except OSError:
                time.sleep(0.5)
        yield env, base
    finally:
        server.terminate()
        server.wait(timeout=30)
        if request.param == "engine":
            es = env["ELASTICSEARCH_URL"]
            urllib.request.urlopen(
                urllib.request.Request(f"{es}/{prefix}*", method="DELETE"), timeout=30
            ).close()


def test_move_under_private_section_is_seen_by_another_process(served_site):
    env, base = served_site
    _, found = _get(base, "/api/search/", q=WORD)
    assert found["total"] == 1, "visible before the move"
    article_id = found["results"][0]["id"]
    _, typo = _get(base, "/api/search/", q=TYPO)
    assert typo["total"] == 1 or WORD.lower() in (typo["suggestion"] or "")
    assert _leaks(base, article_id) != [], "the serving process has it cached"

    _manage(env, "shell", "-c", MOVE)
    moved_at = time.monotonic()
    leaks = _leaks(base, article_id)
    while leaks and time.monotonic() - moved_at < DEADLINE_SECONDS:
        time.sleep(1)
        leaks = _leaks(base, article_id)
    assert leaks == []
    _, still = _get(base, "/api/search/", q="muscle cramps")
    assert still["total"] >= 1, "visible pages stay visible"
