"""``manage.py import_articles``: the seed page, HTML, idempotency, --dry-run,
--parent and the summary line."""

import html
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from health_articles.models import HealthArticleIndexPage, HealthArticlePage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_b43158e8cfc293fb.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="../shared/seed missing")


def run_import(*args):
    """(stdout, stderr, CommandError or None) of one import_articles run."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def paragraph_texts(page):
    return [
        html.unescape(re.sub(r"<[^>]+>", "", block["value"]))
        for block in page.body.raw_data
        if block["type"] == "paragraph"
    ]


def seed_paragraphs():
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", SEED.read_text())]
    return [b for b in blocks if b and not b.startswith("[") and not b.endswith("?")]


@needs_seed
@pytest.mark.django_db
def test_seed_becomes_a_published_article_with_all_paragraphs(site_tree):
    out, err, error = run_import(SEED, "--publish")

    assert error is None, err
    assert "created 1, updated 0, unchanged 0, skipped 0, failed 0" in out
    page = HealthArticlePage.objects.get()
    assert page.live and not page.has_unpublished_changes
    assert page.title == "What are muscle spasms?"
    assert page.slug == "what-are-muscle-spasms"
    assert page.get_parent().specific == site_tree["index"]
    expected = seed_paragraphs()
    assert len(expected) == 6
    assert paragraph_texts(page) == expected
    for text in [page.title, page.summary, *paragraph_texts(page)]:
        assert "[" not in text and "ad_" not in text
    assert page.source_id == "file:000_b43158e8cfc293fb.txt"


@needs_seed
@pytest.mark.django_db
def test_reimport_is_unchanged_and_adds_no_revision(site_tree):
    run_import(SEED, "--publish")
    page = HealthArticlePage.objects.get()
    revisions = page.revisions.count()

    out, err, error = run_import(SEED, "--publish")

    assert error is None, err
    assert "created 0, updated 0, unchanged 1, skipped 0, failed 0" in out
    assert HealthArticlePage.objects.count() == 1
    assert page.revisions.count() == revisions


@pytest.mark.django_db
def test_changed_source_updates_the_same_page(site_tree, tmp_path):
    path = tmp_path / "cramp.txt"
    path.write_text("What is a cramp?\n\nA cramp is a tight muscle.\n")
    run_import(path, "--publish")
    page = HealthArticlePage.objects.get()

    path.write_text(
        "What is a cramp?\n\nA cramp is a sudden tight muscle.\n\nIt passes.\n"
    )
    out, err, error = run_import(path, "--publish")

    assert error is None, err
    assert "created 0, updated 1, unchanged 0, skipped 0, failed 0" in out
    page.refresh_from_db()
    assert HealthArticlePage.objects.count() == 1
    assert paragraph_texts(page) == ["A cramp is a sudden tight muscle.", "It passes."]
    assert page.live and not page.has_unpublished_changes


@pytest.mark.django_db
def test_without_publish_articles_are_drafts_and_publish_later(site_tree, tmp_path):
    path = tmp_path / "cramp.txt"
    path.write_text("What is a cramp?\n\nA cramp is a tight muscle.\n")

    run_import(path)
    page = HealthArticlePage.objects.get()
    assert not page.live and page.first_published_at is None

    out, _, _ = run_import(path, "--publish")
    page.refresh_from_db()
    assert "updated 1" in out and page.live


@needs_seed
@pytest.mark.django_db
def test_dry_run_writes_nothing(site_tree):
    from taggit.models import Tag
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Revision

    out, err, error = run_import(
        SEED, FIXTURES / "wordpress-export.xml", "--publish", "--dry-run"
    )

    assert error is None, err
    assert (
        "Dry run, nothing written: created 5, updated 0, unchanged 0, "
        "skipped 1 (attachment 1), failed 0" in out
    )
    assert HealthArticlePage.objects.count() == 0
    assert Redirect.objects.count() == 0
    assert Revision.objects.count() == 0
    assert Tag.objects.count() == 0


@pytest.mark.django_db
def test_html_file(site_tree):
    out, err, error = run_import(FIXTURES / "scraped-article.html", "--publish")

    assert error is None, err
    page = HealthArticlePage.objects.get()
    assert page.title == "Shin splints"
    assert page.source_url == "https://health.example.org/shin-splints/"
    assert [h[1] for h in page.headings] == ["Common causes", "Who gets them"]
    body = str(page.body.raw_data)
    assert "adsbygoogle" not in body and "[ad_" not in body and "<script" not in body


@pytest.mark.django_db
def test_parent_slug_picks_the_index_page(site_tree, tmp_path):
    other = site_tree["home"].add_child(
        instance=HealthArticleIndexPage(title="Guides", slug="guides")
    )
    path = tmp_path / "a.txt"
    path.write_text("What is a cramp?\n\nA cramp is a tight muscle.\n")

    run_import(path, "--parent", "guides")

    assert HealthArticlePage.objects.get().get_parent().pk == other.pk


@pytest.mark.django_db
def test_unknown_parent_slug_is_a_clear_error(site_tree, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("What is a cramp?\n\nA cramp is a tight muscle.\n")

    _, _, error = run_import(path, "--parent", "nope")

    assert "No article index page with slug 'nope'" in str(error)
    assert "articles" in str(error)
    assert HealthArticlePage.objects.count() == 0


@pytest.mark.django_db
def test_no_index_page_is_a_clear_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("What is a cramp?\n\nA cramp is a tight muscle.\n")

    _, _, error = run_import(path)

    assert "No article index page exists" in str(error)
    assert HealthArticlePage.objects.count() == 0


@pytest.mark.django_db
def test_verbose_output_lists_each_article(site_tree):
    out, _, _ = run_import(FIXTURES / "wordpress-export.xml", "-v", "2")

    assert "created: Why do my legs cramp at night?" in out
    assert "created: About this site" in out  # pages import too
    assert "skipped attachment 'calf-stretch'" in out
