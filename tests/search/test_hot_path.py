"""The fast path: results from the index documents, URLs and visibility from
per-process maps kept fresh by the content fingerprint, autocomplete answers
kept per fingerprint, facets only when asked (search/query/engine.py,
visibility.py, service.py). On both backends where both have the behaviour.
"""

import datetime

import pytest

from health_articles.models import HealthArticleIndexPage, HealthArticlePage
from search.query import engine as engine_module
from search.query import results, search_articles, service
from tests.conftest import make_article, restrict, sync_index


def first_arguments(monkeypatch, method):
    """The first argument of every call to ``EngineSearcher.<method>`` (the
    prefix, the request body), each call still answered."""
    calls = []
    original = getattr(engine_module.EngineSearcher, method)

    def recording(self, first, *rest, **params):
        calls.append(first)
        return original(self, first, *rest, **params)

    monkeypatch.setattr(engine_module.EngineSearcher, method, recording)
    return calls


@pytest.fixture
def section_article(search_backend, site_tree):
    section = site_tree["home"].add_child(
        instance=HealthArticleIndexPage(title="Leg care", slug="leg-care")
    )
    section.save_revision().publish()
    page = make_article(
        section,
        "Zorbulent cramps",
        summary="Sudden tight zorbulent muscles.",
        also_known_as="Zorb horse\nNight zorb",
        tags=["muscles", "legs"],
        last_reviewed=datetime.date(2025, 3, 4),
    )
    sync_index()
    return {"section": section, "page": page, "home": site_tree["home"]}


def test_result_fields_match_the_page(section_article):
    page = section_article["page"]
    [item] = search_articles("zorbulent").results
    assert item["id"] == page.pk
    assert item["title"] == "Zorbulent cramps"
    assert item["url"] == page.get_url()
    assert item["summary"] == "Sudden tight zorbulent muscles."
    assert item["tags"] == ["legs", "muscles"]
    assert item["also_known_as"] == ["Zorb horse", "Night zorb"]
    assert item["last_reviewed"] == "2025-03-04"
    [brief] = service.autocomplete("zorbul")["results"]
    assert brief["url"] == page.get_url()
    assert brief["also_known_as"] == ["Zorb horse", "Night zorb"]


def test_moved_ancestor_changes_urls_without_reindexing(
    section_article, site_tree, django_capture_on_commit_callbacks
):
    page, section = section_article["page"], section_article["section"]
    before = search_articles("zorbulent").results[0]["url"]
    assert "/leg-care/" in before
    # Renaming the section's slug changes the article's URL; the article's
    # own index document is not touched (no sync_index afterwards).
    section = HealthArticleIndexPage.objects.get(pk=section.pk)
    section.slug = "legs-and-feet"
    # Wagtail announces the new slug once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    fresh = HealthArticlePage.objects.get(pk=page.pk)
    after = search_articles("zorbulent").results[0]["url"]
    assert after == fresh.get_url()
    assert "/legs-and-feet/" in after
    assert service.autocomplete("zorbul")["results"][0]["url"] == after
    # Moving the section under the articles index moves the article's URL.
    HealthArticleIndexPage.objects.get(pk=section.pk).move(
        site_tree["index"], pos="last-child"
    )
    moved = HealthArticlePage.objects.get(pk=page.pk).get_url()
    assert moved != after
    assert search_articles("zorbulent").results[0]["url"] == moved


def test_stale_document_of_unpublished_article_is_not_shown(section_article):
    page = section_article["page"]
    assert search_articles("zorbulent").total == 1
    # Unpublished, and the outbox has not delivered: the engine still holds
    # a live document. The visible-id check drops it.
    HealthArticlePage.objects.get(pk=page.pk).unpublish()
    assert search_articles("zorbulent").results == []
    assert service.autocomplete("zorbul")["results"] == []


def test_autocomplete_answer_kept_until_content_changes(
    section_article, monkeypatch, search_backend
):
    if search_backend != "engine":
        pytest.skip("answers are kept for engine answers only")
    calls = first_arguments(monkeypatch, "autocomplete")
    first = service.autocomplete("zorbul")
    second = service.autocomplete("zorbul")
    assert first == second and len(first["results"]) == 1
    assert calls == ["zorbul"]
    service.autocomplete("zorbul", limit=3)  # another limit is another answer
    assert len(calls) == 2
    # A restriction changes the fingerprint: the kept answer is not served.
    restrict(section_article["page"], "login")
    assert service.autocomplete("zorbul")["results"] == []
    assert len(calls) == 3


def test_answer_key_has_a_hook(section_article, monkeypatch, search_backend):
    if search_backend != "engine":
        pytest.skip("answers are kept for engine answers only")
    version = {"n": 1}
    monkeypatch.setattr(service, "ANSWER_KEY_PARTS", [lambda: version["n"]])
    calls = first_arguments(monkeypatch, "autocomplete")
    service.autocomplete("zorbul")
    service.autocomplete("zorbul")
    version["n"] = 2
    service.autocomplete("zorbul")
    assert len(calls) == 2


def test_facets_only_when_asked(section_article):
    with_facets = search_articles("zorbulent")
    assert {f["slug"] for f in with_facets.facets} == {"legs", "muscles"}
    without = search_articles("zorbulent", facets=False)
    assert without.facets == []
    assert [r["id"] for r in without.results] == [r["id"] for r in with_facets.results]


def test_a_fused_search_is_one_engine_request(
    section_article, monkeypatch, search_backend
):
    if search_backend != "engine":
        pytest.skip("engine requests")
    bodies = first_arguments(monkeypatch, "_search")
    [item] = search_articles("zorbulent").results
    assert item["summary"] == "Sudden tight zorbulent muscles."
    # The fused head asks for ids only, from doc values (no stored field is
    # read); the page's fields come from the database (results.load_cards),
    # not from a second engine request.
    assert len(bodies) == 1
    assert bodies[0]["stored_fields"] == "_none_" and "_source" not in bodies[0]


def test_page_cards_follow_the_rule_not_the_url_map(section_article, monkeypatch):
    page = section_article["page"]
    # Published in another process moments ago: this process's URL map has
    # not caught up, the rule in the database shows it (with its URL).
    monkeypatch.setattr(results, "visible_urls", lambda: {})
    [card] = results.load_cards([page.pk])
    assert card.get_url() == page.get_url()
    assert card.title == "Zorbulent cramps"
    # Restricted in another process: a stale map still lists it, the rule
    # leaves it out.
    monkeypatch.setattr(results, "visible_urls", lambda: {page.pk: "/stale/"})
    restrict(page, "login")
    assert results.load_cards([page.pk]) == []


def test_related_api_items_match_the_pages(section_article, client, monkeypatch):
    from search import related

    page = section_article["page"]
    make_article(
        section_article["section"],
        "Zorbulent spasms",
        summary="Zorbulent muscles twitching.",
        tags=["muscles"],
        last_reviewed=datetime.date(2024, 1, 2),
    )
    sync_index()
    answer = client.get(f"/api/articles/{page.pk}/related/").json()["results"]
    pages = related.related_articles(HealthArticlePage.objects.get(pk=page.pk))
    assert answer and answer == [results.serialize(p) for p in pages]
    # A cached list: the article's page row is not loaded again.
    loaded = []
    monkeypatch.setattr(related, "_page", lambda pk: loaded.append(pk))
    again = client.get(f"/api/articles/{page.pk}/related/").json()["results"]
    assert again == answer and loaded == []
    # Unpublished: a 404 at once, whatever is cached.
    page.unpublish()
    assert client.get(f"/api/articles/{page.pk}/related/").status_code == 404


def test_compiled_queries_answer_as_the_orm_does(section_article, site_tree):
    other = make_article(site_tree["index"], "Zorbulent knees", tags=["knees"])
    ids = [section_article["page"].pk, other.pk, 987654]
    make = lambda ids: (  # noqa: E731
        HealthArticlePage.objects.visible()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "title")
    )
    compiled = results.CompiledIn(make)
    for chosen in (ids[:1], ids, ids[::-1], [other.pk, other.pk]):
        assert compiled.rows(chosen) == list(make(chosen))
        assert compiled.rows(chosen) == list(make(chosen))  # from the memo
    # The rule is evaluated when the query runs, not when it was compiled.
    other.unpublish()
    assert compiled.rows(ids) == list(make(ids)) and len(compiled.rows(ids)) == 1
