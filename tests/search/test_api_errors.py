"""Bad input to the JSON API: a 400/404 with {"error"}, never a 500."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 201},
        {"q": "cramp", "page": "0"},
        {"q": "cramp", "page": "-1"},
        {"q": "cramp", "page": "two"},
        {"q": "cramp", "page": "1.5"},
        {"q": "cramp", "page_size": "0"},
        {"q": "cramp", "page_size": "51"},
        {"q": "cramp", "page_size": "many"},
        {"q": "cramp", "tag": "<script>"},
        {"q": "cramp", "sort": "random"},
    ],
)
def test_search_bad_input(client, params):
    response = client.get(reverse("search:api_search"), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"q": "a" * 201}, {"q": "ab", "limit": "0"}, {"q": "ab", "limit": "11"}]
)
def test_autocomplete_bad_input(client, params):
    response = client.get(reverse("search:api_autocomplete"), params)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.django_db
def test_related_unknown_article(client):
    response = client.get(reverse("search:api_related", args=[999999]))
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.django_db
def test_related_bad_limit(client):
    response = client.get(reverse("search:api_related", args=[1]), {"limit": "11"})
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q", ["", "   ", "\x00", "((((", 'AND OR NOT "', "*:*", "{}[]^~"]
)
def test_empty_or_hostile_queries(client, q):
    response = client.get(reverse("search:api_search"), {"q": q})
    assert response.status_code == 200
    data = response.json()
    assert data["results"] == [] or isinstance(data["results"], list)


@pytest.mark.django_db
def test_empty_query_has_no_results(client):
    data = client.get(reverse("search:api_search"), {"q": ""}).json()
    assert data["results"] == [] and data["total"] == 0


@pytest.mark.django_db
def test_results_page_bad_input_is_400_html(client):
    response = client.get("/search/", {"q": "x", "page": "abc"})
    assert response.status_code == 400
    assert b"positive whole number" in response.content
