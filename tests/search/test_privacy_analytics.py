"""Privacy-safe analytics: redaction before storage, the k-distinct-days
threshold in the admin and the CSV, and the rule for past-query suggestions
(search/privacy.py)."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from search import analytics, csv_io, privacy, query
from search.models import BlockedSuggestion, SearchAnalyticsSettings, SearchQueryDaily
from tests.conftest import make_article, sync_index


@pytest.mark.parametrize(
    "typed, stored",
    [
        (
            "Rash after visit, mail jo.bloggs+nhs@example.co.uk",
            "rash after visit mail [email]",
        ),
        ("call me on +44 20 7946 0958 about gout", "call me on [phone] about gout"),
        ("(555) 123-4567 results", "[phone] results"),
        ("blood test 0612345 ref", "blood test [phone] ref"),
        ("postcode 90210 clinics", "postcode [number] clinics"),
        ("type 2 diabetes", "type 2 diabetes"),
        ("covid 19 vaccine 2024", "covid 19 vaccine 2024"),
        ("Muscle Cramps!", "muscle cramps"),
    ],
)
def test_redaction(typed, stored):
    assert privacy.redact(typed, patterns=[]) == stored


def test_configured_patterns_are_redacted_before_anything_is_stored(db):
    settings = SearchAnalyticsSettings.load()
    settings.redaction_patterns = r"\bmrn\s*\w+" + "\n" + r"\bjane doe\b"
    settings.save()
    privacy.invalidate()
    analytics.record_search("MRN A12B rash jane doe 07700 900123", 3)
    stored = SearchQueryDaily.objects.get().query
    assert stored == "[redacted] rash [redacted] [phone]"
    # Wagtail's own query table gets nothing (its report has no threshold).
    assert not Query.objects.exists()
    analytics.record_click("write to me@example.com", "results")
    assert SearchQueryDaily.objects.filter(query="write to [email]").exists()
    assert not SearchQueryDaily.objects.filter(query__contains="example").exists()


def _days(text, days, searches=2, zero=0, end=None):
    end = end or timezone.localdate()
    for offset in range(days):
        SearchQueryDaily.objects.create(
            query=text,
            date=end - datetime.timedelta(days=offset),
            searches=searches,
            zero_result_searches=zero,
        )


@pytest.fixture
def history(db):
    _days("muscle cramps", 3)  # three distinct days: shown
    _days("my rare condition", 2, searches=5)  # two days: counted only
    _days("once typed", 1)
    return timezone.localdate()


def test_threshold_in_reports_and_totals(history):
    start = analytics.period_start(30)
    assert [r["query"] for r in analytics.top_queries(start)] == ["muscle cramps"]
    totals = analytics.totals(start)
    assert totals["searches"] == 6 + 10 + 2  # every search still counts
    assert totals["rare"] == {
        "searches": 12,
        "zero_result_searches": 0,
        "clicks": 0,
        "distinct_queries": 2,
    }
    settings = SearchAnalyticsSettings.load()
    settings.min_distinct_days = 2
    settings.save()
    privacy.invalidate()
    shown = {r["query"] for r in analytics.top_queries(start)}
    assert shown == {"muscle cramps", "my rare condition"}


def test_threshold_in_csv(history):
    start = history - datetime.timedelta(days=6)
    rows = list(csv.DictReader(io.StringIO(csv_io.export_analytics(start, history))))
    assert {r["query"] for r in rows} == {"muscle cramps", csv_io.RARE_LABEL}
    today = [r for r in rows if r["date"] == history.isoformat()]
    rare = next(r for r in today if r["query"] == csv_io.RARE_LABEL)
    assert (rare["searches"], rare["queries"]) == ("7", "2")
    yesterday = (history - datetime.timedelta(days=1)).isoformat()
    rare_yesterday = next(
        r for r in rows if r["date"] == yesterday and r["query"] == csv_io.RARE_LABEL
    )
    assert (rare_yesterday["searches"], rare_yesterday["queries"]) == ("5", "1")
    assert "rare condition" not in csv_io.export_analytics(start, history)


@pytest.fixture
def editor_client(client, db, django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "pw-ed-1")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_dashboard_hides_rare_queries(editor_client, history):
    html = editor_client.get(reverse("search_analytics:index")).content.decode()
    assert "muscle cramps" in html
    assert "my rare condition" not in html and "once typed" not in html
    assert '<dd data-total="rare_queries">2 queries, 12 searches' in html


def test_settings_form_checks_patterns(admin_client):
    url = reverse("search_analytics:settings")
    data = {"retention_days": 365, "min_distinct_days": 4}
    response = admin_client.post(url, {**data, "redaction_patterns": "ok\n(unclosed"})
    assert response.status_code == 200
    assert "Not a valid regular expression: line 2" in response.content.decode()
    response = admin_client.post(url, {**data, "redaction_patterns": "x*"})
    assert "matches empty text" in response.content.decode()
    assert SearchAnalyticsSettings.load().redaction_patterns == ""
    response = admin_client.post(url, {**data, "redaction_patterns": r"\bnhs \d+"})
    assert response.status_code == 302
    assert SearchAnalyticsSettings.load().min_distinct_days == 4
    analytics.record_search("nhs 4 rash", 1)
    assert SearchQueryDaily.objects.filter(query="[redacted] rash").exists()


# ---------------------------------------------------------------- suggestions


@pytest.fixture
def topics(site_tree):
    make_article(site_tree["index"], "Back pain", also_known_as="backache")
    sync_index()
    for text, days, zero in (
        ("back stretches", 8, 0),  # eligible
        ("back spasm at night", 4, 0),  # too few days
        ("back pain 2 weeks", 6, 0),  # digits
        ("backache at work", 6, 0),  # eligible
        ("back clinic", 6, 2),  # found nothing, on every day
        ("back of knee swollen", 7, 0),  # blocked below
    ):
        _days(text, days, searches=2, zero=zero)
    BlockedSuggestion.objects.create(term="Knee")
    privacy.invalidate()


def _suggested(prefix):
    return [s["query"] for s in query.autocomplete(prefix)["suggestions"]]


def test_past_queries_follow_the_suggestion_rule(topics):
    assert _suggested("back") == ["backache", "back stretches", "backache at work"]
    assert _suggested("stre") == ["back stretches"]
    assert _suggested("knee") == []
    assert privacy.suggestable("email me")
    assert not privacy.suggestable("mail [email]")


def test_suggestions_need_k_days_when_k_is_above_five(topics):
    settings = SearchAnalyticsSettings.load()
    settings.min_distinct_days = 7
    settings.save()
    privacy.invalidate()
    assert _suggested("back") == ["backache", "back stretches"]


def test_blocking_takes_effect_at_once(topics, editor_client):
    response = editor_client.post(
        reverse("search_blocked_suggestions:add"), {"term": "stretches", "notes": ""}
    )
    assert response.status_code == 302
    assert "back stretches" not in _suggested("back")
