"""Readability scores: stored at publish, equal to textstat's own values for
the article text, updated when the text changes, shown in the page editor
and in the report sorted by traffic."""

import datetime

import pytest
import textstat
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from health_articles.models import HealthArticlePage
from health_articles.readability import body_text, scores
from search.models import ArticleClickDaily
from tests.conftest import make_article

EASY = "The cat sat on the mat. It was warm. The sun was out."
HARD = (
    "Pharmacological interventions necessitate comprehensive evaluation of "
    "contraindications, particularly regarding concomitant administration of "
    "anticoagulant medications in elderly individuals."
)


def _reload(page):
    return HealthArticlePage.objects.get(pk=page.pk)


def test_scores_are_textstats_own_values_and_follow_the_text(site_tree):
    page = _reload(make_article(site_tree["index"], "Sunburn", body_text=EASY))
    assert body_text(page.body) == EASY
    assert page.reading_ease == textstat.flesch_reading_ease(EASY)
    assert page.reading_grade == textstat.flesch_kincaid_grade(EASY)

    page.body = [("paragraph", f"<p>{HARD}</p>")]
    page.save_revision()  # a draft: the published scores stay
    assert _reload(page).reading_ease == textstat.flesch_reading_ease(EASY)
    page.get_latest_revision().publish()
    page = _reload(page)
    assert page.reading_ease == textstat.flesch_reading_ease(HARD)
    assert page.reading_grade == textstat.flesch_kincaid_grade(HARD)
    assert page.reading_ease < 30 < textstat.flesch_reading_ease(EASY)


def test_body_text_reads_every_text_block_as_sentences():
    from health_articles.blocks import ArticleBodyBlock

    body = ArticleBodyBlock().to_python(
        [
            {"type": "heading", "value": {"text": "What helps", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Rest <b>well</b>.</p><p>Drink.</p>"},
            {
                "type": "symptoms",
                "value": {"title": "Symptoms", "intro": "", "items": ["Red skin"]},
            },
        ]
    )
    assert body_text(body) == "What helps. Rest well. Drink. Symptoms. Red skin."
    assert scores("") == (None, None)


@pytest.fixture
def editor_client(client, db, django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "pw-ed-1")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_editor_sees_scores_in_the_page_editor(site_tree, editor_client):
    page = _reload(make_article(site_tree["index"], "Sunburn", body_text=EASY))
    html = editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()
    assert "Flesch reading ease" in html
    assert f"{page.reading_ease}" in html
    assert "Flesch-Kincaid grade level" in html


def test_report_is_sorted_by_traffic(site_tree, editor_client):
    easy = make_article(site_tree["index"], "Sunburn", body_text=EASY)
    hard = make_article(site_tree["index"], "Anticoagulants", body_text=HARD)
    quiet = make_article(site_tree["index"], "Quiet topic", body_text=EASY)
    today = timezone.localdate()
    ArticleClickDaily.objects.create(article=hard, date=today, clicks=9)
    ArticleClickDaily.objects.create(article=easy, date=today, clicks=4)
    ArticleClickDaily.objects.create(
        article=easy, date=today - datetime.timedelta(days=1), clicks=2
    )
    ArticleClickDaily.objects.create(
        article=quiet, date=today - datetime.timedelta(days=40), clicks=50
    )
    response = editor_client.get(reverse("search_readability:index"))
    assert response.status_code == 200
    rows = [(a.title, a.clicks) for a in response.context["page_obj"]]
    assert rows == [("Anticoagulants", 9), ("Sunburn", 6), ("Quiet topic", 0)]
    html = response.content.decode()
    assert "(very difficult)" in html or "(difficult)" in html
    assert reverse("wagtailadmin_pages:edit", args=[hard.pk]) in html
