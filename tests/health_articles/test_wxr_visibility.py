"""After a WordPress import, a draft, a scheduled post, a private post and a
password post appear on no public surface: search API, autocomplete, the article
index, tag pages, the A-Z page and the home page. The scheduled post appears
once Wagtail's ``publish_scheduled`` has published it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import sync_index

from .test_import_command import run_import
from .wxr_helpers import WORDPRESS_COM, post

# A word found only in each hidden post (draft, pending, future, private, password).
HIDDEN = {
    12: ("ferritin", "Iron tablets and ferritin levels"),
    16: ("sunscreen", "Sunscreen factor explained"),
    13: ("zanamivir", "Zanamivir and the winter flu season"),
    14: ("tranexamic", "Tranexamic acid: staff notes"),
    15: ("ophthalmoscope", "Ophthalmoscope clinic times"),
}
VISIBLE = ("cramp", "Calf cramps after running")


def public_text(client, word):
    """What a visitor can get for ``word`` from every public surface."""
    search = client.get("/api/search/", {"q": word}).json()
    autocomplete = client.get("/api/search/autocomplete/", {"q": word[:5]}).json()
    return {
        "search": [r["title"] for r in search["results"]],
        "autocomplete": [r["title"] for r in autocomplete["results"]],
        "results page": client.get("/search/", {"q": word}).content.decode(),
        "index": client.get("/articles/").content.decode(),
        "tag page": client.get("/articles/tag/flu/").content.decode(),
        "tag filter": client.get("/articles/", {"tag": "iron"}).content.decode(),
        "a-z": client.get("/a-z/").content.decode(),
        "home": client.get("/").content.decode(),
    }


def assert_nowhere(client, word, title):
    for surface, content in public_text(client, word).items():
        assert title not in content, f"{title!r} is visible on the {surface}"


@pytest.mark.django_db
def test_hidden_posts_are_on_no_public_surface(site_tree, client, search_backend):
    out, err, error = run_import(WORDPRESS_COM)
    assert error is None, err
    sync_index()

    # The control: a published post is on every surface, so these checks can fail.
    seen = public_text(client, VISIBLE[0])
    assert VISIBLE[1] in seen["search"] and VISIBLE[1] in seen["autocomplete"]
    for surface in ("results page", "index", "a-z", "home"):
        assert VISIBLE[1] in seen[surface], surface
    for word, title in HIDDEN.values():
        assert_nowhere(client, word, title)
    # Their tags are not offered as facets either ("flu" and "iron" are only on
    # hidden posts).
    facets = client.get("/api/search/", {"q": "clinic"}).json()["facets"]["tags"]
    assert not {"flu", "iron"} & {f["slug"] for f in facets}
    # A tag only hidden posts use is answered like an unknown one (issue 10).
    assert client.get("/articles/tag/flu/").status_code == 404


@pytest.mark.django_db
def test_scheduled_post_goes_live_through_publish_scheduled(
    site_tree, client, search_backend, monkeypatch
):
    run_import(WORDPRESS_COM)
    sync_index()
    word, title = HIDDEN[13]
    assert title not in public_text(client, word)["search"]

    # Time passes: the worker runs publish_scheduled after the post's date.
    after = post(13).go_live_at + timedelta(minutes=1)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: after)
        call_command("publish_scheduled")
    sync_index()

    assert post(13).live
    assert title in public_text(client, word)["search"]
    assert client.get(post(13).url).status_code == 200
    # The others are still hidden.
    for post_id in (12, 14, 15, 16):
        assert_nowhere(client, *HIDDEN[post_id])
