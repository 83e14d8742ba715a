"""setup_site and load_demo are idempotent and build a browsable site."""

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from health_articles.demo.articles import ARTICLES
from health_articles.demo.loader import LoadResult
from health_articles.models import HealthArticleIndexPage, HealthArticlePage, HomePage

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": HealthArticlePage.objects.count(),
        "live": HealthArticlePage.objects.live().count(),
        "sites": Site.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_setup_site_is_idempotent(client):
    call_command("setup_site", stdout=io.StringIO())
    first = counts()
    call_command("setup_site", stdout=io.StringIO())
    assert counts() == first

    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert home.title == "Health Answers"
    # Wagtail's welcome page is gone; the home page took over its slug.
    assert not Page.objects.filter(title__startswith="Welcome to").exists()
    assert home.slug == "home"
    index = HealthArticleIndexPage.objects.get()
    assert index.get_parent().pk == home.pk
    assert index.slug == "articles" and index.title == "Health topics"
    assert index.live and home.live
    assert client.get("/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/articles/", HTTP_HOST="localhost").status_code == 200


def test_load_demo_is_idempotent(client, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-admin-pw-1")
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "demo-editor-pw-1")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Created user 'admin' with password: demo-admin-pw-1" in out.getvalue()
    assert "Created user 'editor' with password: demo-editor-pw-1" in out.getvalue()
    first = counts()
    revisions = {p.pk: p.latest_revision_id for p in HealthArticlePage.objects.all()}

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == first
    assert "0 created, 0 updated" in out.getvalue()
    assert "already exists" in out.getvalue()
    assert {
        p.pk: p.latest_revision_id for p in HealthArticlePage.objects.all()
    } == revisions

    assert first["articles"] >= 30
    assert first["live"] == first["articles"] == len(ARTICLES)
    assert HealthArticlePage.objects.filter(source_id__startswith="demo:").count() == (
        len(ARTICLES)
    )

    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo-admin-pw-1")
    editor = User.objects.get(username="editor")
    assert not editor.is_superuser
    assert editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not editor.has_perm("taggit.change_tag")

    # A hand edit is put back on the next run (and only that article changes).
    page = HealthArticlePage.objects.get(source_id="demo:muscle-spasms")
    page.summary = "Edited by hand."
    page.save_revision().publish()
    out = io.StringIO()
    call_command("load_demo", "--no-users", stdout=out)
    assert "0 created, 1 updated" in out.getvalue()
    page.refresh_from_db()
    assert page.summary != "Edited by hand."
    assert counts() == first

    cramps = HealthArticlePage.objects.get(source_id="demo:muscle-cramps")
    assert "charley horse" in cramps.also_known_as_list
    assert cramps.editor_picks()
    diarrhoea = HealthArticlePage.objects.get(source_id="demo:diarrhoea")
    assert diarrhoea.title == "Diarrhoea"
    response = client.get(cramps.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert b"application/ld+json" in response.content


def test_demo_content_is_varied():
    kinds = {kind for article in ARTICLES for kind, _ in article["body"]}
    assert {
        "heading",
        "paragraph",
        "key_facts",
        "symptoms",
        "causes",
        "treatment",
        "see_doctor",
        "faq",
        "references",
        "table",
        "quote",
    } <= kinds
    for article in ARTICLES:
        assert 2 <= len(article["tags"]) <= 5, article["slug"]
        assert article["summary"] and article["also_known_as"]
    diarrhoea = next(a for a in ARTICLES if a["slug"] == "diarrhoea")
    assert "diarrhea" not in repr(diarrhoea).lower()
    assert "Muscle spasms" in {a["title"] for a in ARTICLES}


@pytest.mark.parametrize("how", ["flag", "setting"])
def test_medlineplus_import_is_wired(monkeypatch, settings, how):
    calls = []

    import health_articles.management.commands.load_demo as load_demo

    real_call_command = load_demo.call_command

    def fake_call_command(name, *args, **kwargs):
        if name == "import_articles":
            calls.append((args, kwargs))
            return None
        return real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(load_demo, "call_command", fake_call_command)
    monkeypatch.setattr(
        load_demo,
        "load_demo",
        lambda **kwargs: (SimpleNamespace(url_path="/home/articles/"), LoadResult()),
    )
    options = ["--no-users"]
    if how == "flag":
        options.append("--medlineplus")
    else:
        settings.LOAD_MEDLINEPLUS = True
    call_command("load_demo", *options, stdout=io.StringIO())
    assert len(calls) == 1
    args, kwargs = calls[0]
    assert args[0].endswith("shared/data/medlineplus/health-topics.xml")
    assert kwargs["format"] == "medlineplus" and kwargs["publish"] is True
