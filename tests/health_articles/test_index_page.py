"""The articles index: tag filters, pagination and visibility."""

import pytest
from bs4 import BeautifulSoup

from health_articles.models import ARTICLES_PER_PAGE
from tests.conftest import restrict

pytestmark = pytest.mark.django_db


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".listing .card__title a")]


@pytest.fixture
def tagged(article_factory):
    article_factory("Cramps", tags=["muscles"])
    article_factory("Sciatica", tags=["nerves", "pain"])
    article_factory("Strain", tags=["muscles", "sports"])


def test_lists_all_live_articles(client, tagged):
    response = client.get("/articles/")
    assert titles(response) == ["Cramps", "Sciatica", "Strain"]


def test_query_tag_filter(client, tagged):
    response = client.get("/articles/?tag=muscles")
    assert response.status_code == 200
    assert titles(response) == ["Cramps", "Strain"]
    assert "Articles tagged" in response.content.decode()


def test_tag_route(client, tagged):
    response = client.get("/articles/tag/muscles/")
    assert response.status_code == 200
    assert titles(response) == ["Cramps", "Strain"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        soup.find("h2", id="listing-heading")
        .get_text(" ", strip=True)
        .startswith("Articles tagged “muscles”")
    )
    current = soup.select_one(".tag-filter a[aria-current=page]")
    assert current["href"] == "/articles/tag/muscles/"


def test_unknown_tag_route_is_404(client, tagged):
    assert client.get("/articles/tag/no-such-tag/").status_code == 404


def test_unknown_query_tag_is_empty(client, tagged):
    response = client.get("/articles/?tag=no-such-tag")
    assert response.status_code == 200
    assert titles(response) == []


def test_tag_filter_list_links_both_routes(client, tagged):
    soup = BeautifulSoup(client.get("/articles/").content, "html.parser")
    hrefs = {a["href"] for a in soup.select(".tag-filter a")}
    assert "/articles/tag/muscles/" in hrefs
    card_tags = {a["href"] for a in soup.select(".listing .tag-list a")}
    assert "/articles/tag/sports/" in card_tags


def test_only_live_and_public_articles(client, article_factory):
    article_factory("Visible", tags=["muscles"])
    article_factory("Draft", tags=["muscles"], publish=False)
    private = article_factory("Private", tags=["muscles"])
    restrict(private, "login")
    assert titles(client.get("/articles/")) == ["Visible"]
    assert titles(client.get("/articles/tag/muscles/")) == ["Visible"]


def test_pagination(client, article_factory):
    for number in range(ARTICLES_PER_PAGE + 3):
        article_factory(f"Topic {number:02d}", tags=["muscles"])
    first = client.get("/articles/")
    assert len(titles(first)) == ARTICLES_PER_PAGE
    soup = BeautifulSoup(first.content, "html.parser")
    nav = soup.find("nav", attrs={"aria-label": "Pagination"})
    assert nav.find("a", rel="next")["href"] == "?page=2"
    assert nav.find("a", rel="prev") is None
    current = nav.find("a", attrs={"aria-current": "page"})
    assert " ".join(current.get_text().split()) == "Page 1"

    second = client.get("/articles/?page=2")
    assert titles(second) == [f"Topic {n:02d}" for n in range(12, 15)]
    nav = BeautifulSoup(second.content, "html.parser").find(
        "nav", attrs={"aria-label": "Pagination"}
    )
    assert nav.find("a", rel="prev")["href"] == "?page=1"
    assert nav.find("a", rel="next") is None

    # Bad page numbers fall back instead of failing.
    assert client.get("/articles/?page=abc").status_code == 200
    assert len(titles(client.get("/articles/?page=999"))) == 3

    # The tag filter is kept when paging.
    tagged = BeautifulSoup(client.get("/articles/?tag=muscles").content, "html.parser")
    assert tagged.find("a", rel="next")["href"] == "?tag=muscles&page=2"
