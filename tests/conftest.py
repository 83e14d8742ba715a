"""Shared fixtures: the site tree, article factories, the search backends and
the database (SQLite, or PostgreSQL with TEST_DATABASE=postgres).

``search_backend`` runs a test twice: on the embedded database backend and on
the real Elasticsearch started by tests/engine_fixture.py (under CI=true an
engine that cannot start fails the run instead of skipping).
"""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction, Site

from search.conf import search_backends_from_env

pytest_plugins = ["tests.engine_fixture", "tests.postgres_fixture"]


SHARED_DIR = None


def pytest_configure(config):
    global SHARED_DIR
    from pathlib import Path

    from tests.postgres_fixture import check_database_choice

    check_database_choice()

    SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def fresh_search_caches():
    """No test sees synonyms, hidden ids or promotions cached by another (each
    test's rows are rolled back, which the content fingerprint may miss)."""
    from search import breaker, freshness

    freshness.reset()
    breaker.reset_all()
    yield


@pytest.fixture
def shared_dir():
    return SHARED_DIR


@pytest.fixture
def site_tree(db):
    """Wagtail root -> HomePage -> HealthArticleIndexPage ("articles")."""
    return build_site_tree()


def build_site_tree():
    """The rows ``site_tree`` gives (created when missing)."""
    from health_articles.models import HealthArticleIndexPage, HomePage

    root = Page.get_first_root_node()
    if root is None:
        # A transactional test elsewhere flushed the rows migrations create.
        from django.conf import settings
        from wagtail.coreutils import get_supported_content_language_variant
        from wagtail.models import Locale

        locale, _ = Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title="Health Answers", slug="home-test")
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.hostname = "testserver"
        site.save()
    index = HealthArticleIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=HealthArticleIndexPage(title="Health topics", slug="articles")
        )
    return {"home": home, "index": index}


def make_article(
    parent,
    title,
    summary="",
    body_text="",
    also_known_as="",
    tags=(),
    last_reviewed=None,
    publish=True,
    slug=None,
):
    """Create (and publish) a HealthArticlePage with one paragraph of body."""
    from health_articles.models import HealthArticlePage

    page = HealthArticlePage(
        title=title,
        slug=slug or title.lower().replace(" ", "-").replace("?", "").replace("'", ""),
        summary=summary or f"About {title.lower()}.",
        also_known_as=also_known_as,
        last_reviewed=last_reviewed or datetime.date(2026, 1, 1),
        body=[("paragraph", f"<p>{body_text}</p>")] if body_text else [],
        live=publish,
    )
    parent.add_child(instance=page)
    for tag in tags:
        page.tags.add(tag)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.live = False
        page.save()
    return HealthArticlePage.objects.get(pk=page.pk)


@pytest.fixture
def article_factory(site_tree):
    def factory(title, **kwargs):
        parent = kwargs.pop("parent", site_tree["index"])
        return make_article(parent, title, **kwargs)

    return factory


def restrict(page, kind, password="secret", group_name="Clinicians"):
    """Put a view restriction (password, login or groups) on ``page``."""
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type={
            "password": PageViewRestriction.PASSWORD,
            "login": PageViewRestriction.LOGIN,
            "groups": PageViewRestriction.GROUPS,
        }[kind],
        password=password if kind == "password" else "",
    )
    if kind == "groups":
        group, _ = Group.objects.get_or_create(name=group_name)
        restriction.groups.add(group)
    return restriction


@pytest.fixture(params=["database", "engine"])
def search_backend(request, settings, db):
    """Configure search for one backend; yields its label.

    The engine variant points Wagtail at the real Elasticsearch with an index
    prefix of its own, and deletes that index afterwards.
    """
    from search import outbox, related, synonyms, vocabulary

    outbox.forget_ensured_indexes()
    synonyms.invalidate()
    vocabulary.invalidate()
    related.invalidate()
    if request.param == "database":
        settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env()
        yield "database"
        return
    es_url = request.getfixturevalue("es_url")
    # On the engine, a silent fallback to the database would make these tests
    # pass for the wrong reason: make any fallback fail the test.
    from search.indexing import rebuild_index
    from search.query.database import DatabaseSearcher

    def no_fallback(*args, **kwargs):
        raise AssertionError("the engine failed and search fell back to the database")

    monkeypatch = request.getfixturevalue("monkeypatch")
    for method in ("search", "autocomplete", "more_like_this"):
        monkeypatch.setattr(DatabaseSearcher, method, no_fallback)
    prefix = f"test_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env(
        url=es_url, index_prefix=prefix, timeout=30
    )
    # Delivery never creates a missing index (it reports it): build it first.
    rebuild_index()
    yield "engine"
    outbox.forget_ensured_indexes()
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend("default")
    backend.es.indices.delete(index=f"{prefix}*")


def sync_index():
    """Deliver the outbox now and make the engine's changes visible.

    Tests run inside a transaction that is rolled back, so on-commit
    delivery never fires: they call this after changing content.
    """
    from wagtail.search.backends import get_search_backend

    from search import outbox, related, synonyms, vocabulary

    outbox.deliver(due_only=False)
    backend = get_search_backend("default")
    if hasattr(backend, "es"):
        backend.es.indices.refresh(index=f"{backend.index_prefix}*")
    synonyms.invalidate()
    vocabulary.invalidate()
    related.invalidate()


# ------------------------------------------------------------ shared corpora
# Imported once per session, restored per module (tests/shared_corpus.py).
def _medlineplus_xml():
    return SHARED_DIR / "data" / "medlineplus" / "health-topics.xml"


def _import_medlineplus(path):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "import_articles", str(path), format="medlineplus", publish=True, stdout=out
    )
    return out.getvalue()


def _build_demo_and_medlineplus():
    from health_articles.demo.loader import load_articles

    tree = build_site_tree()
    # Demo articles first, as the bench corpus does (the importer numbers a
    # MedlinePlus slug that a demo article already uses).
    load_articles(tree["index"])
    return {"import_output": _import_medlineplus(_medlineplus_xml())}


def _build_medlineplus_slice():
    import tempfile
    from pathlib import Path

    from health_articles.models import HealthArticlePage
    from tests.search.test_example_queries import corpus_slice

    build_site_tree()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "slice.xml"
        kept = corpus_slice(_medlineplus_xml(), path)
        _import_medlineplus(path)
    return {
        "kept": kept,
        "titles": dict(HealthArticlePage.objects.values_list("source_id", "title")),
    }


from tests.shared_corpus import shared_corpus  # noqa: E402

# The demo articles and all 1,017 MedlinePlus topics.
medlineplus_corpus = shared_corpus("demo + MedlinePlus", _build_demo_and_medlineplus)
# The example-query slice of MedlinePlus (tests/search/test_example_queries.py).
medlineplus_slice_corpus = shared_corpus("MedlinePlus slice", _build_medlineplus_slice)
