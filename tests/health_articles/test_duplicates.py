"""Likely duplicates: the importer warns, Reports > Likely duplicates lists them."""

import pytest

from health_articles.duplicates import likely_duplicates, name_key
from tests.health_articles.test_import_command import run_import

pytestmark = pytest.mark.django_db


def test_name_key_ignores_case_and_punctuation():
    assert name_key("Muscle Cramps!") == name_key("muscle  cramps") == "muscle cramps"
    assert name_key("Children’s health") == name_key("children's health")


def test_import_warns_about_a_title_matching_an_existing_article(
    article_factory, tmp_path
):
    existing = article_factory("Muscle cramps", also_known_as="charley horse")
    (tmp_path / "a.txt").write_text("Muscle Cramps\n\nA cramp is a tight muscle.\n")
    (tmp_path / "b.txt").write_text("Charley Horse\n\nAnother name for a cramp.\n")
    (tmp_path / "c.txt").write_text("Hay fever\n\nSneezing in summer.\n")
    out, err, error = run_import(
        tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt", "--publish"
    )
    assert error is None, err
    warnings = [line for line in err.splitlines() if "same name" in line]
    assert len(warnings) == 2, err
    assert (
        "“Muscle Cramps” has the same name as the title of existing article"
        in (warnings[0])
    )
    assert f"(id {existing.pk})" in warnings[0]
    assert "also-known-as name of existing article “Muscle cramps”" in warnings[1]
    # Re-importing the same files updates them: no new warnings.
    out, err, error = run_import(
        tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt", "--publish"
    )
    assert "same name" not in err


def test_likely_duplicates_groups_live_articles(article_factory):
    first = article_factory("Dystonia")
    second = article_factory("dystonia", slug="dystonia-2")
    cramps = article_factory("Muscle cramps", also_known_as="Charley horse")
    horse = article_factory("Charley Horse")
    article_factory("Draft dystonia", slug="dystonia-3", publish=False)
    article_factory("Hay fever")
    groups = {g["name"]: [p.pk for p in g["pages"]] for g in likely_duplicates()}
    assert groups == {
        "Charley Horse": [cramps.pk, horse.pk],
        "Dystonia": [first.pk, second.pk],
    }


def test_report_page_lists_them_for_editors(client, article_factory, editors_group):
    from django.contrib.auth import get_user_model

    article_factory("Headache")
    other = article_factory("HEADACHE", slug="headache-2")
    user = get_user_model().objects.create_user("ed", "ed@example.com", "pw-ed-123")
    user.groups.add(editors_group)
    client.force_login(user)
    response = client.get("/admin/reports/likely-duplicates/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-duplicate-group="1"') == 2
    assert f"/admin/pages/{other.pk}/unpublish/" in html
