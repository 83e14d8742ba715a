"""The HTML results page (works without JavaScript) on the database backend."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import analytics
from search.models import SearchQueryDaily
from tests.conftest import make_article, sync_index


@pytest.fixture
def articles(site_tree, settings):
    from search.conf import search_backends_from_env

    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env()
    pages = [
        make_article(
            site_tree["index"],
            f"Cramp topic {n}",
            summary=f"Cramp advice number {n}.",
            tags=["muscles"] if n % 2 else ["pain"],
        )
        for n in range(13)
    ]
    pages.append(
        make_article(
            site_tree["index"],
            "Muscle cramps",
            summary="Sudden tight muscles.",
            also_known_as="charley horse",
            tags=["muscles"],
        )
    )
    sync_index()
    return pages


def test_results_listing_with_count_facets_and_pagination(client, articles):
    response = client.get("/search/", {"q": "cramp"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "14 results" in html
    assert (
        html.count('class="search-result"')
        + html.count("search-result search-result--promoted")
        == 10
    )
    assert 'aria-label="Pagination"' in html and 'rel="next"' in html
    assert 'name="tag" value="muscles"' in html and "Filter by topic" in html
    page2 = client.get("/search/", {"q": "cramp", "page": 2}).content.decode()
    assert page2.count('class="search-result"') == 4
    assert "Also called: charley horse" in html or "Also called: charley horse" in page2
    assert response["Cache-Control"].startswith("max-age=0")


def test_tag_filter_narrows_results(client, articles):
    html = client.get("/search/", {"q": "cramp", "tag": "pain"}).content.decode()
    assert "7 results" in html
    # The applied filter is checked in the disclosure and shown as a chip
    # whose link removes it.
    assert 'name="tag" value="pain" checked' in html
    assert '<a class="filter-chip" href="/search/?q=cramp">Pain' in html


def test_promoted_result_first_and_marked(client, articles):
    target = articles[5]
    query = Query.get("cramp")
    SearchPromotion.objects.create(query=query, page=target, sort_order=0)
    html = client.get("/search/", {"q": "Cramp "}).content.decode()
    first = html.index('class="search-result')
    assert html.index("Recommended", first) < html.index(target.title, first)
    assert html.index(target.title) < html.index("Cramp topic 0")
    api = client.get("/api/search/", {"q": "cramp"}).json()
    assert api["results"][0]["id"] == target.pk and api["results"][0]["promoted"]
    auto = client.get("/api/search/autocomplete/", {"q": "cramp"}).json()
    assert auto["results"][0]["id"] == target.pk


def test_no_results_page_helps(client, articles):
    html = client.get("/search/", {"q": "zzqxv"}).content.decode()
    assert "No articles matched" in html
    assert "Browse by tag" in html and "Popular topics" in html
    assert "/a-z/" in html


def test_did_you_mean_link(client, articles):
    # The visitor's words find little and the correction finds more: the
    # corrected results, with a way back to the words as typed.
    html = client.get("/search/", {"q": "charly hors"}).content.decode()
    assert "Showing results for <strong>charley horse</strong>" in html
    assert "Search instead for" in html and "exact=1" in html
    assert "Muscle cramps" in html
    # As typed: the visitor's own words, with "did you mean".
    html = client.get("/search/", {"q": "charly hors", "exact": "1"}).content.decode()
    assert "Did you mean" in html and "Showing results for" not in html


def test_search_records_query_hits(client, articles):
    client.get("/search/", {"q": "Cramp  "})
    client.get("/api/search/", {"q": "cramp"})
    analytics.flush()
    # Counted once per normalised query in our analytics, never in Wagtail's
    # Query table (its report has no privacy threshold).
    assert SearchQueryDaily.objects.get(query="cramp").searches == 2
    assert not Query.objects.filter(query_string="cramp").exists()
