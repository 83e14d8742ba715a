"""Popular topics: clicks per article and day, most clicked over 30 days,
then the editors' choice, then recently reviewed; titles only."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from search import popular
from search.models import ArticleClickDaily, PopularTopic
from tests.conftest import make_article, restrict, sync_index

pytestmark = pytest.mark.django_db

CLICK = "/api/search/click/"


@pytest.fixture
def articles(site_tree, settings):
    from search.conf import search_backends_from_env

    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env()
    settings.SEARCH_ANALYTICS_FLUSH_SECONDS = 0
    index = site_tree["index"]
    pages = {
        title: make_article(index, title, last_reviewed=datetime.date(2025, 1, 1 + n))
        for n, title in enumerate(
            [
                "Abdominal pain",
                "Acne",
                "Back pain",
                "Gout",
                "Hay fever",
                "Muscle cramps",
            ]
        )
    }
    sync_index()
    return pages


def click(client, page, q="some words"):
    body = {"q": q, "id": page.pk, "position": 1, "source": "results"}
    return client.post(CLICK, json.dumps(body), content_type="application/json")


def titles(pages):
    return [page.title for page in pages]


def test_a_click_counts_for_its_article_and_day_only(client, articles):
    cramps = articles["Muscle cramps"]
    assert click(client, cramps, q="charley horse").status_code == 204
    assert click(client, cramps, q="leg cramp").status_code == 204
    row = ArticleClickDaily.objects.get()
    assert (row.article_id, row.date, row.clicks) == (
        cramps.pk,
        timezone.localdate(),
        2,
    )
    # Nothing about the query text or the visitor is kept with it.
    fields = {f.name for f in ArticleClickDaily._meta.get_fields()}
    assert fields == {"id", "article", "date", "clicks"}


def test_most_clicked_first_then_editors_choice_then_recently_reviewed(
    client, articles
):
    for _ in range(3):
        click(client, articles["Gout"])
    click(client, articles["Acne"])
    PopularTopic.objects.create(page=articles["Back pain"], sort_order=1)
    PopularTopic.objects.create(page=articles["Gout"], sort_order=0)
    result = titles(popular.popular_articles(limit=5))
    # Gout (3 clicks), Acne (1), then the editors' Back pain (Gout already
    # in), then the most recently reviewed of the rest.
    assert result == ["Gout", "Acne", "Back pain", "Muscle cramps", "Hay fever"]


def test_old_clicks_and_hidden_articles_do_not_count(articles):
    today = timezone.localdate()
    ArticleClickDaily.objects.create(
        article=articles["Acne"], date=today - datetime.timedelta(days=30), clicks=50
    )
    ArticleClickDaily.objects.create(
        article=articles["Hay fever"], date=today, clicks=9
    )
    ArticleClickDaily.objects.create(article=articles["Gout"], date=today, clicks=2)
    restrict(articles["Hay fever"], "login")
    assert popular.most_clicked(limit=5) == [articles["Gout"].pk]


def test_without_clicks_not_the_first_titles_a_to_z(articles):
    result = titles(popular.popular_articles(limit=3))
    assert result == ["Muscle cramps", "Hay fever", "Gout"]
    assert result != sorted(result)


def test_results_page_shows_popular_topics_not_query_text(client, articles):
    for _ in range(2):
        click(client, articles["Hay fever"], q="secret visitor words")
    html = client.get("/search/", {"q": "zzqxv"}).content.decode()
    section = html[html.index("<h3>Popular topics</h3>") :]
    shown = re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', section)
    # The clicked article first, then by review date; not A-Z.
    assert shown == [
        "Hay fever",
        "Muscle cramps",
        "Gout",
        "Back pain",
        "Acne",
        "Abdominal pain",
    ]
    assert "secret visitor words" not in html


def test_editors_manage_the_list_in_the_admin(client, articles, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("ed", "e@example.com", "pw-ed-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.post(
        "/admin/search/popular-topics/new/",
        {"page": articles["Acne"].pk, "sort_order": 0},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert list(PopularTopic.objects.values_list("page_id", flat=True)) == [
        articles["Acne"].pk
    ]
    assert titles(popular.popular_articles(limit=1)) == ["Acne"]
