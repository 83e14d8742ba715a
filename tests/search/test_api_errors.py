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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        b'{"q": "cramp", "id": "\\u00b2", "position": 1, "source": "results"}',
        b"[" * 1000 + b"]" * 1000,
        b'{"q": "cramp", "id": 99999999999999999999999, "position": 1, '
        b'"source": "results"}',
        b"\xff\xfe",
    ],
)
def test_click_beacon_hostile_bodies_are_400(client, body):
    response = client.post(
        "/api/search/click/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/search/", "/api/search/autocomplete/", "/api/articles/1/related/"]
)
def test_api_other_methods_get_json_405(client, url):
    response = client.post(url, {"q": "x"})
    assert response.status_code == 405
    assert response.json()["error"]
    assert client.head(url, {"q": "x"}).status_code in (200, 404)


@pytest.mark.django_db
def test_page_beyond_result_window_is_400(client):
    response = client.get("/api/search/", {"q": "cramp", "page": 10**9})
    assert response.status_code == 400
    response = client.get("/api/search/", {"q": "cramp", "page": 10**30})
    assert response.status_code == 400


def test_highlight_never_marks_inside_entities():
    from search.query import highlight_text

    out = highlight_text("Salt & pepper <b>amp</b> cramps", ["amp", "cramp"])
    assert "&amp;" in out and "&<mark>" not in out
    assert out.count("<mark>") == 2 and "<b>" not in out
