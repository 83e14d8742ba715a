"""Search analytics: counts from searches and clicks, the click beacon, the
dashboard, CSV export and retention. No personal data is stored."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search import analytics, privacy
from search.models import SearchAnalyticsSettings, SearchQueryDaily
from tests.conftest import make_article, restrict, sync_index

CLICK = "/api/search/click/"


@pytest.fixture
def articles(site_tree):
    pages = {
        "cramps": make_article(
            site_tree["index"], "Muscle cramps", summary="Sudden tight muscles."
        ),
        "back": make_article(site_tree["index"], "Back pain", summary="Aching back."),
        "secret": make_article(site_tree["index"], "Secret page", summary="Hidden."),
        "draft": make_article(site_tree["index"], "Draft page", publish=False),
    }
    restrict(pages["secret"], "login")
    sync_index()
    return pages


@pytest.fixture
def editor_client(client, db, django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "pw-ed-1")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def click(client, body, raw=False):
    data = body if raw else json.dumps(body)
    return client.post(CLICK, data, content_type="application/json")


def row(text):
    return SearchQueryDaily.objects.get(query=text, date=timezone.localdate())


# ---------------------------------------------------------------- recording


def test_searches_through_page_and_api_are_counted(client, articles):
    client.get("/search/?q=Muscle+Cramps")
    client.get("/api/search/?q=muscle%20cramps!")
    client.get("/search/?q=zorbleflux")
    client.get("/search/?q=")  # empty: not counted
    assert row("muscle cramps").searches == 2
    assert row("muscle cramps").zero_result_searches == 0
    assert row("zorbleflux").searches == 1
    assert row("zorbleflux").zero_result_searches == 1
    assert SearchQueryDaily.objects.count() == 2
    # Never into Wagtail's search terms tables, whose report has no privacy
    # threshold (search/privacy.py).
    assert not Query.objects.filter(query_string="muscle cramps").exists()


def test_record_search_never_raises(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(analytics, "_increment", broken)
    analytics.record_search("anything", 3)  # logged, not raised
    monkeypatch.setattr(Query, "get", classmethod(lambda cls, q: broken()))
    analytics.record_search("anything", 3)


def test_no_personal_data_is_stored():
    fields = {f.name for f in SearchQueryDaily._meta.get_fields()}
    assert fields == {
        "id",
        "query",
        "date",
        "searches",
        "zero_result_searches",
        "clicks",
        "autocomplete_clicks",
    }


def test_click_beacon_counts_results_and_autocomplete_clicks(client, articles):
    cramps = articles["cramps"].pk
    for source, position in (("results", 1), ("results", 2), ("autocomplete", 1)):
        response = click(
            client,
            {
                "q": "Muscle Cramps",
                "id": cramps,
                "position": position,
                "source": source,
            },
        )
        assert response.status_code == 204
        assert response.content == b""
    assert row("muscle cramps").clicks == 2
    assert row("muscle cramps").autocomplete_clicks == 1
    assert row("muscle cramps").searches == 0
    # sendBeacon sends text/plain: the body is still read as JSON.
    response = client.post(
        CLICK,
        json.dumps(
            {
                "q": "muscle cramps",
                "id": str(cramps),
                "position": "3",
                "source": "results",
            }
        ),
        content_type="text/plain;charset=UTF-8",
    )
    assert response.status_code == 204
    assert row("muscle cramps").clicks == 3


@pytest.mark.parametrize(
    "body,message",
    [
        ("not json", "JSON object"),
        ("[1, 2]", "JSON object"),
        ({"q": "x", "id": 1, "position": 1}, "Missing field(s): source"),
        (
            {"q": "x", "id": 1, "position": 1, "source": "results", "ip": "1.2.3.4"},
            "Unexpected field(s): ip",
        ),
        (
            {"q": "", "id": "ID", "position": 1, "source": "results"},
            "'q' must not be empty",
        ),
        (
            {"q": "???", "id": "ID", "position": 1, "source": "results"},
            "'q' must not be empty",
        ),
        ({"q": 5, "id": "ID", "position": 1, "source": "results"}, "'q' must be text"),
        ({"q": "x" * 201, "id": "ID", "position": 1, "source": "results"}, "too long"),
        (
            {"q": "x", "id": "ID", "position": 1, "source": "email"},
            "'source' must be one of",
        ),
        (
            {"q": "x", "id": -3, "position": 1, "source": "results"},
            "'id' must be a positive",
        ),
        (
            {"q": "x", "id": True, "position": 1, "source": "results"},
            "'id' must be a positive",
        ),
        (
            {"q": "x", "id": 1.5, "position": 1, "source": "results"},
            "'id' must be a positive",
        ),
        (
            {"q": "x", "id": "ID", "position": 0, "source": "results"},
            "'position' must be a positive",
        ),
        (
            {"q": "x", "id": "ID", "position": 5000, "source": "results"},
            "'position' must be at most 1000",
        ),
        (
            {"q": "x", "id": 99999999, "position": 1, "source": "results"},
            "Unknown article",
        ),
        (
            {"q": "x", "id": "SECRET", "position": 1, "source": "results"},
            "Unknown article",
        ),
        (
            {"q": "x", "id": "DRAFT", "position": 1, "source": "results"},
            "Unknown article",
        ),
        ('{"q": "' + "x" * 3000 + '"}', "too large"),
    ],
)
def test_click_beacon_rejects_bad_input(client, articles, body, message):
    if isinstance(body, dict):
        ids = {
            "ID": articles["cramps"].pk,
            "SECRET": articles["secret"].pk,
            "DRAFT": articles["draft"].pk,
        }
        body = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    response = click(client, body, raw=isinstance(body, str))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert message in response.json()["error"]
    assert not SearchQueryDaily.objects.filter(clicks__gt=0).exists()


def test_click_beacon_needs_post_but_no_csrf(articles):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get(CLICK).status_code == 405
    body = {"q": "back", "id": articles["back"].pk, "position": 1, "source": "results"}
    assert click(strict, body).status_code == 204


# ---------------------------------------------------------------- reports


@pytest.fixture
def history(db):
    # These tests are about the counts: every query is shown (k = 1). The
    # k-distinct-days threshold is tested in test_privacy_analytics.py.
    SearchAnalyticsSettings.objects.update_or_create(
        pk=1, defaults={"min_distinct_days": 1}
    )
    privacy.invalidate()
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    for text, total, times in (
        ("muscle cramps", 5, 6),
        ("back pain", 3, 4),
        ("zorbleflux", 0, 3),
        ("leg ache", 2, 2),
    ):
        for _ in range(times):
            analytics.record_search(text, total)
    for _ in range(3):
        analytics.record_click("muscle cramps")
    analytics.record_click("back pain", "autocomplete")
    SearchQueryDaily.objects.create(
        query="muscle cramps", date=yesterday, searches=4, clicks=1
    )
    SearchQueryDaily.objects.create(
        query="ancient", date=today - datetime.timedelta(days=100), searches=50
    )
    return today


def test_report_numbers(history):
    start = analytics.period_start(30)
    top = analytics.top_queries(start)
    assert [r["query"] for r in top] == [
        "muscle cramps",
        "back pain",
        "zorbleflux",
        "leg ache",
    ]
    cramps = top[0]
    assert (cramps["searches"], cramps["clicks"]) == (10, 4)
    assert cramps["click_through"] == pytest.approx(0.4)
    zero = analytics.zero_result_queries(start)
    assert [(r["query"], r["zero_result_searches"]) for r in zero] == [
        ("zorbleflux", 3)
    ]
    no_clicks = analytics.no_click_queries(start)
    # back pain had only an autocomplete click; zorbleflux found nothing.
    assert [r["query"] for r in no_clicks] == ["back pain", "leg ache"]
    totals = analytics.totals(start)
    assert totals["searches"] == 19
    assert totals["zero_result_searches"] == 3
    assert totals["clicks"] == 4
    assert totals["autocomplete_clicks"] == 1
    assert totals["distinct_queries"] == 4
    trend = analytics.daily_trend(start)
    assert len(trend) == 30
    assert trend[-1]["searches"] == 15 and trend[-2]["searches"] == 4
    assert analytics.totals(analytics.period_start(365))["searches"] == 69


def test_dashboard_shows_reports_chart_and_fix_links(
    client, history, django_user_model
):
    client.force_login(
        django_user_model.objects.create_superuser("boss", "b@example.com", "pw-b-1")
    )
    response = client.get(reverse("search_analytics:index") + "?days=7")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd data-total="searches">19</dd>' in html
    assert "<svg" in html and 'data-series="zero_result_searches"' in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert reverse("search_synonyms:add") + "?terms=zorbleflux%2C%20" in html
    assert reverse("search_analytics:promote") + "?q=zorbleflux" in html
    assert "40%" in html  # muscle cramps click-through
    assert "ancient" not in html


def test_editor_sees_dashboard_and_exports_csv(editor_client, history):
    assert editor_client.get(reverse("search_analytics:index")).status_code == 200
    response = editor_client.get(reverse("search_analytics:export") + "?days=7")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    today = history.isoformat()
    cramps = next(
        r for r in rows if r["query"] == "muscle cramps" and r["date"] == today
    )
    assert (cramps["searches"], cramps["clicks"]) == ("6", "3")
    assert {r["query"] for r in rows} == {
        "muscle cramps",
        "back pain",
        "zorbleflux",
        "leg ache",
    }
    assert len(rows) == 5  # muscle cramps on two days


# ---------------------------------------------------------------- retention


def test_prune_command_uses_retention_setting(history):
    settings = SearchAnalyticsSettings.load()
    assert settings.retention_days == 365
    out = io.StringIO()
    call_command("prune_search_analytics", "--dry-run", stdout=out)
    assert "Would delete 0 daily query row(s)" in out.getvalue()
    settings.retention_days = 30
    settings.save()
    old_query = Query.get("ancient")
    QueryDailyHits.objects.create(
        query=old_query, date=history - datetime.timedelta(days=100), hits=50
    )
    call_command("prune_search_analytics", stdout=out)
    assert "Deleted 1 daily query row(s) and 1 daily hit row(s)" in out.getvalue()
    assert not SearchQueryDaily.objects.filter(query="ancient").exists()
    assert not Query.objects.filter(query_string="ancient").exists()
    assert SearchQueryDaily.objects.filter(query="muscle cramps").count() == 2
    call_command("prune_search_analytics", "--days", "1", stdout=out)
    assert SearchQueryDaily.objects.filter(query="muscle cramps").count() == 1


def test_dashboard_prunes_once_a_day(editor_client, history):
    SearchAnalyticsSettings.objects.update_or_create(
        pk=1, defaults={"retention_days": 30}
    )
    editor_client.get(reverse("search_analytics:index"))
    assert not SearchQueryDaily.objects.filter(query="ancient").exists()
    assert SearchAnalyticsSettings.load().last_pruned_on == history
    SearchQueryDaily.objects.create(
        query="ancient", date=history - datetime.timedelta(days=100), searches=1
    )
    editor_client.get(reverse("search_analytics:index"))
    assert SearchQueryDaily.objects.filter(query="ancient").exists()  # not twice a day


def test_administrator_changes_retention(client, history, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("boss", "b@example.com", "pw-b-1")
    )
    url = reverse("search_analytics:settings")
    response = client.post(url, {"retention_days": "0"})
    assert response.status_code == 200
    assert (
        "Ensure this value is greater than or equal to 1" in response.content.decode()
    )
    response = client.post(url, {"retention_days": "30", "min_distinct_days": "3"})
    assert response.status_code == 302
    assert SearchAnalyticsSettings.load().retention_days == 30
    assert not SearchQueryDaily.objects.filter(query="ancient").exists()


def test_click_beacon_script_is_served():
    from django.contrib.staticfiles import finders

    path = finders.find("search/click-beacon.js")
    assert path
    text = open(path, encoding="utf-8").read()
    assert "sendBeacon" in text and "data-result-id" in text


def test_searches_are_buffered_and_written_together(db, settings):
    settings.SEARCH_ANALYTICS_FLUSH_SECONDS = 60  # the thread will not flush
    analytics.flush()
    for total in (3, 0, 5):
        analytics.record_search("Buffered Cramps", total)
    assert not SearchQueryDaily.objects.filter(query="buffered cramps").exists()
    analytics.flush()
    row = SearchQueryDaily.objects.get(query="buffered cramps")
    assert (row.searches, row.zero_result_searches) == (3, 1)
    assert not Query.objects.filter(query_string="buffered cramps").exists()
    analytics.flush()  # nothing pending: nothing counted twice
    row.refresh_from_db()
    assert row.searches == 3


def test_analytics_page_shows_this_process_pending_searches(
    client, admin_user, settings
):
    settings.SEARCH_ANALYTICS_FLUSH_SECONDS = 60
    SearchAnalyticsSettings.objects.update_or_create(
        pk=1, defaults={"min_distinct_days": 1}
    )
    privacy.invalidate()
    analytics.record_search("pending topic", 2)
    client.force_login(admin_user)
    html = client.get(reverse("search_analytics:index")).content.decode()
    assert "pending topic" in html
