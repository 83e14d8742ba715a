"""Privacy under change: hidden articles never reach any public surface.

One set of hidden fixtures (a draft, unpublished changes, a password, a
login and a group restriction, a deleted page, an article under a private
section, and one moved under it after visitors had seen it) against every
public surface, on the database backend and on the real engine: results,
totals, facets, tag filters, autocomplete, did-you-mean, related reading,
the A-Z, tag pages, the articles listing, article pages and the JSON APIs.
The cross-process half (a move seen by another serving process) is in
test_privacy_across_processes.py.
"""

import pytest

from health_articles.models import HealthArticleIndexPage, HealthArticlePage
from tests.conftest import make_article, restrict, sync_index

# Each hidden article: a made-up word in its title, a tag of its own, and a
# misspelling of the word (did-you-mean must never offer the word).
HIDDEN = {
    "draft": ("Quillaxitis", "quillax-tag", "quilaxitis"),
    # The live "Heartburn" is public; only its draft's new title is hidden.
    "unpublished changes": ("Zentrofilia", None, "zentrofila"),
    "password": ("Vornithosis", "vornith-tag", "vornithsis"),
    "login": ("Plexomarin", "plexo-tag", "plexomarn"),
    "groups": ("Grumvellosis", "grumvel-tag", "grumvelosis"),
    "deleted": ("Dastrelitis", "dastrel-tag", "dastrelits"),
    "under a private section": ("Kelbrosium", "kelbro-tag", "kelbrosum"),
    "moved under a private section": ("Morvanexia", "morvan-tag", "morvanexa"),
}
SHARED_WORD = "ailment"


def _article(parent, title, tag, publish=True):
    return make_article(
        parent,
        title,
        summary=f"A rare {SHARED_WORD} of the legs and muscles.",
        tags=[tag, "shared-topic"],
        publish=publish,
    )


@pytest.fixture
def world(search_backend, site_tree, client):
    index = site_tree["index"]
    visible = _article(index, "Muscle cramps", "muscles")
    _article(index, "Leg pain", "legs")
    section = site_tree["home"].add_child(
        instance=HealthArticleIndexPage(title="Clinician area", slug="clinicians")
    )
    restrict(section, "login")
    hidden = {}
    for kind, (word, tag, _typo) in HIDDEN.items():
        parent = section if kind == "under a private section" else index
        if kind == "unpublished changes":
            page = _article(parent, "Heartburn", "heartburn")
            page.title = word
            page.save_revision()  # a draft of a live page: never public
            page = HealthArticlePage.objects.get(pk=page.pk)
        else:
            page = _article(parent, word, tag, publish=kind != "draft")
        if kind in ("password", "login", "groups"):
            restrict(page, kind)
        hidden[kind] = page
    sync_index()
    # Visitors see the article that will move, and every cache is warm.
    moving = hidden["moved under a private section"]
    word = HIDDEN["moved under a private section"][0]
    assert client.get("/api/search/", {"q": word}).json()["total"] == 1
    # cramps, leg pain, heartburn, the one to delete and the one to move
    answer = client.get("/api/search/", {"q": SHARED_WORD}).json()
    assert answer["total"] == 5, [r["title"] for r in answer["results"]]
    client.get("/api/search/", {"q": HIDDEN["moved under a private section"][2]})
    client.get(f"/api/articles/{visible.pk}/related/", {"limit": 10})
    hidden["deleted"].delete()
    HealthArticlePage.objects.get(pk=moving.pk).move(section, pos="last-child")
    sync_index()
    return {"visible": visible, "hidden": hidden, "section": section}


def _titles(items):
    return {item["title"] for item in items}


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_search_api_never_shows_hidden(client, world, kind):
    word, tag, typo = HIDDEN[kind]
    for text in (word, typo, f"what is {word.lower()}"):
        answer = client.get("/api/search/", {"q": text}).json()
        assert answer["total"] == 0, (kind, text, answer["results"])
        assert not answer["results"] and not answer["facets"]["tags"]
        assert (answer["suggestion"] or "").lower() != word.lower()
        assert word.lower() not in (answer["suggestion"] or "")
    if tag:
        tagged = client.get("/api/search/", {"tag": tag}).json()
        assert tagged["total"] == 0 and not tagged["results"]
    complete = client.get("/api/search/autocomplete/", {"q": word[:5]}).json()
    assert not complete["results"]


def test_shared_word_counts_and_facets_only_visible(client, world):
    answer = client.get("/api/search/", {"q": SHARED_WORD}).json()
    assert _titles(answer["results"]) == {"Muscle cramps", "Leg pain", "Heartburn"}
    assert answer["total"] == 3
    facet_slugs = {f["slug"] for f in answer["facets"]["tags"]}
    assert facet_slugs == {"muscles", "legs", "heartburn", "shared-topic"}
    shared = {f["slug"]: f["count"] for f in answer["facets"]["tags"]}
    assert shared["shared-topic"] == 3
    by_tag = client.get("/api/search/", {"tag": "shared-topic"}).json()
    assert by_tag["total"] == 3


def test_related_reading_never_shows_hidden(client, world):
    visible = world["visible"]
    answer = client.get(f"/api/articles/{visible.pk}/related/", {"limit": 10}).json()
    assert _titles(answer["results"]) == {"Leg pain", "Heartburn"}
    html = client.get(visible.url).content.decode()
    for word, _tag, _typo in HIDDEN.values():
        assert word not in html
    for kind, page in world["hidden"].items():
        if kind in ("deleted", "unpublished changes"):
            continue
        response = client.get(f"/api/articles/{page.pk}/related/")
        assert response.status_code == 404 and response.json()["error"]


def test_listings_a_z_and_tag_pages_never_show_hidden(client, world):
    pages = {
        "a-z": client.get("/a-z/").content.decode(),
        "listing": client.get("/articles/").content.decode(),
        "results page": client.get("/search/", {"q": SHARED_WORD}).content.decode(),
        "home": client.get("/").content.decode(),
    }
    for word, tag, typo in HIDDEN.values():
        for name, html in pages.items():
            assert word not in html, (name, word)
            assert not tag or tag not in html, (name, tag)
        if tag:
            assert client.get(f"/articles/tag/{tag}/").status_code == 404
        typo_page = client.get("/search/", {"q": typo}).content.decode()
        assert word not in typo_page and word.lower() not in typo_page
    assert client.get("/articles/tag/muscles/").status_code == 200
