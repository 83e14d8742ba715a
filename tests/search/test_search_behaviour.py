"""The same search behaviour on the database backend and on the real engine."""

import pytest
from django.urls import reverse

from search import query
from tests.conftest import make_article, restrict, sync_index
from tests.search.corpus import ARTICLES


@pytest.fixture
def corpus(search_backend, site_tree):
    pages = {}
    for data in ARTICLES:
        pages[data["title"]] = make_article(site_tree["index"], **data)
    sync_index()
    return pages


def titles(response):
    return [item["title"] for item in response.results]


def test_lay_name_finds_clinical_article_first(corpus):
    assert titles(query.search_articles("charley horse"))[0] == "Muscle cramps"


def test_misspelling_finds_article_first(corpus):
    assert titles(query.search_articles("musle spasms"))[0] == "Muscle spasms"


def test_us_spelling_finds_uk_only_article(corpus):
    result = query.search_articles("diarrhea")
    assert "Diarrhoea" in titles(result)
    result = query.search_articles("anemia")
    assert "Anaemia" in titles(result)


def test_synonym_from_also_known_as(corpus):
    assert titles(query.search_articles("myocardial infarction"))[0] == "Heart attack"
    assert titles(query.search_articles("tummy ache"))[0] == "Stomach ache"


def test_tag_filter_and_facets(corpus):
    everything = query.search_articles("muscle")
    facets = {f["slug"]: f["count"] for f in everything.facets}
    assert facets["muscles"] >= 2
    filtered = query.search_articles("muscle", tags=["nerves"])
    assert titles(filtered) == ["Muscle spasms"]
    both = query.search_articles("", tags=["muscles", "pain"])
    assert set(titles(both)) == {"Muscle cramps", "Back pain"}
    assert both.total == 2


def test_highlight_escapes_script(corpus):
    result = query.search_articles("iron tablets")
    item = next(i for i in result.results if i["title"] == "Anaemia")
    assert "<script" not in item["highlight"]
    stripped = item["highlight"].replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped


def test_sort_by_last_reviewed(corpus):
    result = query.search_articles("muscle", sort="reviewed")
    dates = [i["last_reviewed"] for i in result.results]
    assert dates == sorted(dates, reverse=True)


def test_did_you_mean(corpus):
    result = query.search_articles("dehydrashun")
    assert result.suggestion == "dehydration"


def test_autocomplete_prefix_and_typo(corpus):
    found = [r["title"] for r in query.autocomplete("spas")["results"]]
    assert found[0] == "Muscle spasms"
    found = [r["title"] for r in query.autocomplete("mu")["results"]]
    assert set(found[:2]) == {
        "Muscle cramps",
        "Muscle spasms",
    }
    found = [r["title"] for r in query.autocomplete("charl")["results"]]
    assert found[0] == "Muscle cramps"
    found = [r["title"] for r in query.autocomplete("dehyd")["results"]]
    assert found[0] == "Dehydration"
    found = [r["title"] for r in query.autocomplete("dehidr")["results"]]
    assert "Dehydration" in found


def test_related_picks_then_similar(corpus):
    from search.related import related_articles

    cramps = corpus["Muscle cramps"]
    related = related_articles(cramps, limit=3)
    assert cramps not in related
    assert related, "expected related articles"
    cramps.related_links.create(page=corpus["Heart attack"])
    sync_index()
    related = related_articles(cramps, limit=3)
    assert related[0].title == "Heart attack"


@pytest.mark.parametrize(
    "make_hidden",
    ["draft", "unpublished", "deleted", "password", "login", "groups"],
)
def test_hidden_pages_never_appear(corpus, site_tree, make_hidden, client):
    page = make_article(
        site_tree["index"],
        title="Zebracramp syndrome",
        summary="Secret zebracramp text.",
        also_known_as="stripy cramp",
        tags=["secret-tag"],
        publish=make_hidden != "draft",
    )
    if make_hidden == "unpublished":
        page.unpublish()
    elif make_hidden == "deleted":
        page.delete()
    elif make_hidden in {"password", "login", "groups"}:
        restrict(page, make_hidden)
    sync_index()
    result = query.search_articles("zebracramp")
    assert result.total == 0 and result.results == []
    assert "secret-tag" not in [
        f["slug"] for f in query.search_articles("cramp").facets
    ]
    assert query.search_articles("", tags=["secret-tag"]).total == 0
    assert query.autocomplete("zebra")["results"] == []
    assert query.search_articles("zebracrmp").suggestion in (None, "cramp")
    from search.related import related_articles

    for other in corpus.values():
        assert page.pk not in [p.pk for p in related_articles(other, limit=10)]
    response = client.get(reverse("search:api_search"), {"q": "stripy cramp"})
    assert page.pk not in [r["id"] for r in response.json()["results"]]


def test_api_contract(corpus, client):
    response = client.get(reverse("search:api_search"), {"q": "cramp", "page_size": 2})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) >= {
        "query",
        "total",
        "page",
        "page_size",
        "results",
        "facets",
        "suggestion",
        "backend",
    }
    assert data["backend"] in {"database", "elasticsearch", "opensearch"}
    assert data["page_size"] == 2 and len(data["results"]) <= 2
    item = data["results"][0]
    assert set(item) >= {
        "id",
        "title",
        "url",
        "summary",
        "highlight",
        "tags",
        "also_known_as",
        "last_reviewed",
    }
    assert item["url"].startswith("/")
    ac = client.get(reverse("search:api_autocomplete"), {"q": "mus", "limit": 1})
    assert ac.status_code == 200 and len(ac.json()["results"]) == 1
    assert set(ac.json()["results"][0]) >= {"id", "title", "url", "tags"}
    article = corpus["Muscle spasms"]
    rel = client.get(reverse("search:api_related", args=[article.pk]), {"limit": 2})
    assert rel.status_code == 200 and len(rel.json()["results"]) <= 2


def test_filler_words_are_never_required(corpus):
    # Question words and first-person filler name no topic: the concept does.
    found = titles(query.search_articles("what is dehydration and how is it treated"))
    assert found[0] == "Dehydration"
    found = titles(query.search_articles("why do i get muscle cramps at night"))
    assert found[0] == "Muscle cramps"
    found = titles(query.search_articles("is it normal to have back pain every day"))
    assert found[0] == "Back pain"


def test_fuzziness_never_rewrites_a_known_word(corpus, site_tree):
    make_article(site_tree["index"], "Hives", summary="Itchy raised welts on skin.")
    make_article(site_tree["index"], "HIV", summary="A virus that attacks immunity.")
    sync_index()
    found = titles(query.search_articles("hives"))
    assert found[0] == "Hives" and "HIV" not in found
    # An unknown word is still typo tolerant.
    assert titles(query.search_articles("hivess"))[0] == "Hives"


def test_synonyms_never_lower_the_total(corpus, site_tree):
    from search import freshness
    from search.models import Synonym

    make_article(
        site_tree["index"],
        "Arrhythmia",
        summary="An irregular heartbeat.",
        also_known_as="tachycardia",
    )
    sync_index()
    before = query.search_articles("my heart is racing").total
    assert before >= 1
    Synonym.objects.create(
        kind=Synonym.KIND_EQUIVALENT, terms="racing heart, tachycardia"
    )
    Synonym.objects.create(
        kind=Synonym.KIND_EQUIVALENT, terms="heart racing, heart is racing"
    )
    freshness.content_changed()
    after = query.search_articles("my heart is racing")
    assert after.total >= before
    # The rule applies whatever the word order: "racing heart" -> tachycardia.
    assert "Arrhythmia" in titles(after)


def test_corrected_results_when_the_words_find_little(corpus, client):
    result = query.search_articles("dehydrashun")
    assert result.corrected_query == "dehydration"
    assert titles(result)[0] == "Dehydration"
    exact = query.search_articles("dehydrashun", exact=True)
    assert exact.corrected_query is None
    html = client.get(reverse("search:results"), {"q": "dehydrashun"}).content.decode()
    assert "Showing results for" in html and "Search instead for" in html
    assert "exact=1" in html


def test_a_slip_in_one_word_of_several(corpus, site_tree):
    # The known word ("cancer") is in every title; the slipped one names the
    # topic. The vocabulary's correction is searched beside the visitor's
    # words, so the topic wins on both backends (the database backend has no
    # fuzzy matching of its own).
    for title, summary in [
        ("Cancer", "Cancer is cells growing out of control."),
        ("Breast cancer", "Cancer that forms in the cells of the breasts."),
        ("Lung cancer", "Cancer that starts in the lungs."),
        ("Skin cancer", "Cancer of the skin, often from the sun."),
        ("Stomach cancer", "Cancer of the stomach lining."),
    ]:
        make_article(site_tree["index"], title, summary=summary)
    sync_index()
    for typed, meant in [
        ("skxin cancer", "Skin cancer"),
        ("stomch cancer", "Stomach cancer"),
        ("cancer of the brest", "Breast cancer"),
    ]:
        result = query.search_articles(typed)
        assert titles(result)[0] == meant, (typed, titles(result))
        # "cancer" is the visitor's own: offered, not shown instead.
        assert result.corrected_query is None
    # As typed, the visitor's own words only.
    exact = query.search_articles("skxin cancer", exact=True)
    assert exact.corrected_query is None


def test_the_article_named_exactly_leads_whatever_the_fusion(
    corpus, site_tree, monkeypatch
):
    from search.query import semantic

    make_article(
        site_tree["index"],
        "Cramps in sport",
        summary="Muscle cramps when running.",
        also_known_as="Exercise cramps",
    )
    sync_index()
    # A fusion that buries the lexical head (as a broad topic near every
    # query's embedding did to the topic the visitor named).
    monkeypatch.setattr(
        semantic,
        "blend",
        lambda text, lexical, total, allowed=None: (list(reversed(lexical)), total),
    )
    assert titles(query.search_articles("muscle cramps"))[0] == "Muscle cramps"
    # An also-known-as name, the question around it, a slip: the same.
    assert titles(query.search_articles("exercise cramps"))[0] == "Cramps in sport"
    found = titles(query.search_articles("what are exercise cramps"))
    assert found[0] == "Cramps in sport"
    assert titles(query.search_articles("musle cramps"))[0] == "Muscle cramps"
