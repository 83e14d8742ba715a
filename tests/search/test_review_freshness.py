"""Review freshness in search (search/review.py, search/review_views.py):
"review due" markers for editors only, never for visitors; the report of
popular searches landing on overdue or never-reviewed articles; the
dashboard panel."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from health_articles.models import HealthArticlePage
from search import freshness, review
from search.models import SearchQueryDaily
from tests.conftest import make_article, sync_index

TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=40)
FUTURE = TODAY + datetime.timedelta(days=200)


@pytest.fixture
def articles(site_tree):
    index = site_tree["index"]
    overdue = make_article(index, "Asthma", summary="Asthma narrows the airways.")
    overdue.next_review_due = PAST
    overdue.save_revision().publish()
    fresh = make_article(index, "Hay fever", summary="Hay fever is an allergy.")
    fresh.next_review_due = FUTURE
    fresh.save_revision().publish()
    never = make_article(index, "Gout", summary="Gout is a painful arthritis.")
    never.last_reviewed = None
    never.save_revision().publish()
    sync_index()
    freshness.content_changed()
    return {"overdue": overdue, "fresh": fresh, "never": never}


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(user)
    return client


def test_review_status(articles):
    assert review.review_status(articles["overdue"]) == review.OVERDUE
    assert review.review_status(articles["never"]) == review.NEVER
    assert review.review_status(articles["fresh"]) is None
    assert articles["overdue"].review_due and not articles["fresh"].review_due


def test_review_due_never_visible_to_anonymous_visitors(client, articles):
    overdue = articles["overdue"]
    pages = [
        client.get(overdue.url),
        client.get("/search/", {"q": "asthma"}),
        client.get("/api/search/", {"q": "asthma"}),
        client.get("/api/search/autocomplete/", {"q": "asth"}),
        client.get("/a-z/"),
    ]
    for response in pages:
        text = response.content.decode().lower()
        assert response.status_code == 200
        assert "asthma" in text
        assert "review due" not in text
        assert "editor-flag" not in text
        assert "overdue" not in text
    # The article page shows when it was reviewed, not the past due date.
    article = pages[0].content.decode()
    assert "Reviewed on" in article and PAST.strftime("%Y-%m-%d") not in article
    # A future due date is still shown to visitors, as before.
    fresh = client.get(articles["fresh"].url).content.decode()
    assert "Next review due" in fresh


def test_results_and_suggestions_show_reviewed_date(client, articles):
    html = client.get("/search/", {"q": "asthma"}).content.decode()
    assert "Reviewed <time" in html and "1 January 2026" in html
    data = client.get("/api/search/autocomplete/", {"q": "asth"}).json()
    assert data["results"][0]["last_reviewed"] == "2026-01-01"


def test_editors_see_the_marker_in_preview_and_listing(admin_client, articles):
    overdue = articles["overdue"]
    preview = overdue.make_preview_request()
    text = preview.content.decode()
    assert 'data-editor-flag="review-due"' in text
    assert f'review due since <time datetime="{PAST:%Y-%m-%d}"' in text
    fresh_preview = articles["fresh"].make_preview_request().content.decode()
    assert "data-editor-flag" not in fresh_preview
    listing = admin_client.get(
        reverse("wagtailadmin_explore", args=[overdue.get_parent().pk])
    ).content.decode()
    assert "Asthma (review due)" in listing
    assert "Hay fever (review due)" not in listing


def _searched(query, searches, days_ago=0):
    SearchQueryDaily.objects.create(
        query=query,
        date=TODAY - datetime.timedelta(days=days_ago),
        searches=searches,
    )


def test_report_lists_popular_searches_on_stale_articles(admin_client, articles):
    _searched("asthma", 5)
    _searched("asthma", 4, days_ago=10)
    for days_ago, searches in ((0, 6), (1, 4), (2, 2)):
        _searched("gout", searches, days_ago=days_ago)
    _searched("hay fever", 50)  # fresh: not listed
    _searched("asthma", 100, days_ago=45)  # older than 30 days: not counted
    # Stale too, but searched on one day only: below the privacy threshold
    # (k distinct days, search/privacy.py), so editors never read it.
    _searched("gout attack", 80)
    rows = review.stale_popular_searches()
    assert [(r.query, r.searches) for r in rows] == [("gout", 12), ("asthma", 9)]
    gout_page, status, position = rows[0].articles[0]
    assert (gout_page.pk, status, position) == (
        articles["never"].pk,
        "never reviewed",
        1,
    )
    assert rows[1].articles[0][1] == "overdue"

    html = admin_client.get(reverse("search_stale_searches")).content.decode()
    edit = reverse("wagtailadmin_pages:edit", args=[articles["overdue"].pk])
    assert f'href="{edit}"' in html
    assert html.index(">gout<") < html.index(">asthma<")
    assert ">hay fever<" not in html
    assert "never reviewed" in html and "review due since" in html


def test_dashboard_panel_shows_the_top_five(admin_client, site_tree):
    for number in range(7):
        page = make_article(site_tree["index"], f"Topic{number} alpha")
        page.next_review_due = PAST
        page.save_revision().publish()
        for days_ago in range(3):  # k = 3 distinct days: shown to editors
            _searched(f"topic{number}", 10 + number if days_ago == 0 else 1, days_ago)
    sync_index()
    freshness.content_changed()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Popular searches landing on overdue articles" in html
    panel = html[html.index("stale-searches-heading") :]
    shown = [f"topic{n}" for n in range(7) if f">topic{n}<" in panel]
    assert shown == ["topic2", "topic3", "topic4", "topic5", "topic6"]
    assert panel.index(">topic6<") < panel.index(">topic2<")


def test_report_needs_the_analytics_permission(client, articles):
    user = get_user_model().objects.create_user("visitor", password="pw")
    client.force_login(user)
    response = client.get(reverse("search_stale_searches"))
    assert response.status_code in (302, 403)


def test_preview_of_unsaved_tag_changes_renders(articles):
    """In the editor's preview the page's tags are the form's, not yet saved
    (a modelcluster in-memory set that has no values_list): related reading
    by shared tags must still work there (it was a 500 in every preview)."""
    overdue = HealthArticlePage.objects.get(pk=articles["overdue"].pk)
    overdue.tags.add("unsaved-tag")
    response = overdue.make_preview_request()
    assert response.status_code == 200
    assert 'data-editor-flag="review-due"' in response.content.decode()
