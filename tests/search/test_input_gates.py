"""The input defects of issue 10, each answered by search/query/inputs.py with
a JSON error and the right status, never a 500 or Django's HTML pages."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import make_article, sync_index

READ_ONLY = ["/api/search/?q=cramp", "/api/search/autocomplete/?q=cra"]


def _is_json_error(response, status):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]


@pytest.fixture
def article(search_backend, site_tree):
    page = make_article(site_tree["index"], "Muscle cramps", tags=["muscles"])
    make_article(site_tree["index"], "Leg pain", tags=["muscles"])
    sync_index()
    return page


@pytest.mark.parametrize(
    "article_id", ["9223372036854775808", "99999999999999999999", "abc", "-1", "1.5"]
)
def test_bad_article_ids_are_json_404s(client, article, article_id):
    _is_json_error(client.get(f"/api/articles/{article_id}/related/"), 404)


def test_unknown_and_known_article_ids(client, article):
    _is_json_error(client.get("/api/articles/9223372036854775807/related/"), 404)
    response = client.get(f"/api/articles/{article.pk}/related/")
    assert response.status_code == 200
    assert [r["title"] for r in response.json()["results"]] == ["Leg pain"]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_read_only_apis_answer_other_methods_with_json_405(db, article, method):
    client = Client(enforce_csrf_checks=True)  # as a browser without a token
    urls = READ_ONLY + [f"/api/articles/{article.pk}/related/"]
    for url in urls:
        response = getattr(client, method)(url)
        _is_json_error(response, 405)
        assert "GET" in response["Allow"]


def test_click_beacon_too_large_body_is_a_json_400(db):
    client = Client(enforce_csrf_checks=True)
    body = json.dumps({"q": "x" * 3_000_000, "id": 1, "position": 1})
    response = client.post(
        reverse("search:api_click"), body, content_type="application/json"
    )
    _is_json_error(response, 400)
    assert "too large" in response.json()["error"]


def test_click_beacon_other_methods_are_json_405(db):
    _is_json_error(Client().get(reverse("search:api_click")), 405)
