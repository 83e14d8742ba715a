"""Synonym CSV export and import: round trip, per-row errors, all or nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from search import csv_io
from search.models import Synonym


@pytest.fixture
def admin_client(client, db, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("boss", "b@example.com", "pw-b-1")
    )
    return client


def _rules():
    return sorted((r.kind, r.terms, r.enabled, r.notes) for r in Synonym.objects.all())


def test_round_trip_through_the_admin(admin_client):
    Synonym.objects.create(kind="one_way", terms="zumtummy, abdomen", notes="a, note")
    Synonym.objects.create(terms="zorbleflux, quintessa", enabled=False)
    before = _rules()
    response = admin_client.get(reverse("search_synonyms:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    data = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["kind", "terms", "enabled", "notes"]
    assert ["one_way", "zumtummy => abdomen", "yes", "a, note"] in rows
    assert ["equivalent", "zorbleflux, quintessa", "no", ""] in rows
    assert len(rows) == len(before) + 1

    # Replace everything with the export: the same rules come back.
    Synonym.objects.all().delete()
    Synonym.objects.create(terms="leftover, rule")
    response = admin_client.post(
        reverse("search_synonyms:import"),
        {"file": SimpleUploadedFile("synonyms.csv", data), "mode": "replace"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert _rules() == before

    # Merging the same file again changes nothing.
    response = admin_client.post(
        reverse("search_synonyms:import"),
        {"file": SimpleUploadedFile("synonyms.csv", data), "mode": "merge"},
    )
    assert response.status_code == 302
    assert _rules() == before


def test_merge_adds_and_updates(db):
    Synonym.objects.create(kind="one_way", terms="zumtummy, abdomen")
    data = (
        b"kind,terms,enabled,notes\n"
        b"one_way,zumtummy => abdomen,no,checked\n"
        b',"zorbleflux, quintessa",yes,\n'
    )
    result = csv_io.import_synonyms(data, mode="merge")
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 1)
    rule = Synonym.objects.get(terms="zumtummy, abdomen")
    assert (rule.enabled, rule.notes) == (False, "checked")
    assert Synonym.objects.get(terms="zorbleflux, quintessa").kind == "equivalent"


def test_errors_are_reported_per_row_and_nothing_is_saved(admin_client):
    Synonym.objects.create(terms="zorbleflux, quintessa")
    before = _rules()
    data = (
        b"kind,terms,enabled,notes\n"
        b'equivalent,"good one, fine one",yes,\n'  # row 2: fine
        b"equivalent,lonely,yes,\n"  # row 3
        b'sideways,"a1, b1",yes,\n'  # row 4
        b'equivalent,"zorbleflux, other",yes,\n'  # row 5: clashes with saved
        b'equivalent,"c1, , d1",maybe,\n'  # row 6: two problems
        b"\n"
        b'equivalent,"fine one, e1",yes,\n'  # row 8: clashes with row 2
    )
    response = admin_client.post(
        reverse("search_synonyms:import"),
        {"file": SimpleUploadedFile("bad.csv", data), "mode": "merge"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "Row 3: enter at least two terms" in html
    assert "Row 4: unknown kind “sideways”" in html
    assert "Row 6: “enabled” must be yes or no, not “maybe”" in html
    assert "Row 6: term 2 is empty" in html
    assert "Row 8: “fine one” is already in the synonym set in row 2" in html
    assert (
        "Row 5: “zorbleflux” is already in the synonym set “zorbleflux, quintessa”"
        in (html)
    )
    assert "Row 2:" not in html
    assert html.index("Row 3:") < html.index("Row 4:") < html.index("Row 8:")
    assert _rules() == before

    result = csv_io.import_synonyms(
        b'kind,terms\nequivalent,"zorbleflux, other"\n', mode="merge"
    )
    assert result.errors == [
        "Row 2: “zorbleflux” is already in the synonym set “zorbleflux, quintessa”. "
        "A term can be in only one set: edit that set instead."
    ]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "The file is empty."),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"kind,words\n", "Row 1: the header must name the columns"),
        (b"kind,terms,colour\n", "Row 1: unknown column(s): colour"),
        (b"kind,terms\nequivalent,a1,b1\n", "Row 2: 3 values but 2 columns"),
        (b'terms\n"a1, b1"\n"b1, a1"\n', "Row 3: the same rule as row 2."),
    ],
)
def test_file_level_problems(db, data, message):
    result = csv_io.import_synonyms(data)
    assert not result.ok
    assert any(message in error for error in result.errors), result.errors


def test_analytics_export_escapes_formulas(db):
    from search import analytics, privacy
    from search.models import SearchAnalyticsSettings

    SearchAnalyticsSettings.objects.update_or_create(
        pk=1, defaults={"min_distinct_days": 1}
    )
    privacy.invalidate()
    analytics.record_search("=cmd|' /C calc'!A0", 0)
    analytics.record_search("muscle cramps", 4)
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    text = csv_io.export_analytics(today - datetime.timedelta(days=1), today)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["date", "query", "searches"]
    queries = {row[1] for row in rows[1:]}
    assert "muscle cramps" in queries
    # normalise() already strips "=", and the writer would quote it anyway.
    assert not any(q.startswith(("=", "+", "-", "@")) for q in queries)
    assert csv_io.safe_cell("=1+1") == "'=1+1"
