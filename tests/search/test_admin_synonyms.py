"""Synonyms in the Wagtail admin: validation, prefill, CSV, and their effect on
the next search on both backends without a reindex."""

import pytest
from django.urls import reverse

from search import query
from search.forms import SynonymForm, parse_rule
from search.models import Synonym
from tests.conftest import make_article, sync_index

EQ = Synonym.KIND_EQUIVALENT
ONE = Synonym.KIND_ONE_WAY


@pytest.fixture
def boss(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "boss", "boss@example.com", "pw-boss-1"
    )


@pytest.fixture
def admin_client(client, boss):
    client.force_login(boss)
    return client


def form_errors(data, instance=None):
    form = SynonymForm(
        data={"kind": EQ, "enabled": True, "notes": "", **data}, instance=instance
    )
    assert not form.is_valid()
    return " ".join(form.errors["terms"])


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "terms,message",
    [
        ("", "This field is required"),
        ("   ,  ", "Term 1 is empty"),
        ("cramp, , spasm", "Term 2 is empty"),
        ("cramp,", "Term 2 is empty"),
        ("cramp", "Enter at least two terms"),
        ("cramp, Cramp", "“cramp” appears more than once"),
        ("cramp, !!!", "“!!!” has no letters or digits"),
        ("cramp, " + "x" * 101, "is too long: a term has at most 100 characters"),
        (", ".join(f"term{i}" for i in range(31)), "Too many terms: at most 30"),
        ("a => b => c", "Use “=>” only once"),
        ("a, b => c", "Put exactly one term before “=>”"),
        ("tummy =>", "A one-way mapping needs the term people type"),
    ],
)
def test_validation_messages(db, terms, message):
    assert message in form_errors({"terms": terms})


def test_duplicate_across_equivalent_sets(db):
    Synonym.objects.create(kind=EQ, terms="zorbleflux, quintessa")
    errors = form_errors({"terms": "Zorbleflux, wibblecramp"})
    assert "“zorbleflux” is already in the synonym set “zorbleflux, quintessa”" in (
        errors
    )


def test_duplicate_one_way_source(db):
    Synonym.objects.create(kind=ONE, terms="zumtummy, abdomen")
    errors = form_errors({"kind": ONE, "terms": "zumtummy => belly"})
    assert "“zumtummy” already has a one-way mapping: “zumtummy => abdomen”" in errors


def test_allowed_overlaps(db):
    Synonym.objects.create(kind=EQ, terms="zorbleflux, quintessa")
    Synonym.objects.create(kind=ONE, terms="zumtummy, abdomen")
    Synonym.objects.create(kind=EQ, terms="oldword, olderword", enabled=False)
    # A one-way source may also be in an equivalent set; targets may repeat;
    # disabled rules do not block; editing a rule does not clash with itself.
    for data in (
        {"kind": ONE, "terms": "zorbleflux => something"},
        {"kind": ONE, "terms": "zumbelly => abdomen"},
        {"terms": "oldword, newword"},
    ):
        form = SynonymForm(data={"enabled": True, "kind": EQ, **data})
        assert form.is_valid(), form.errors
    rule = Synonym.objects.get(terms="zorbleflux, quintessa")
    form = SynonymForm(
        data={"kind": EQ, "terms": "zorbleflux, quintessa, qqq", "enabled": True},
        instance=rule,
    )
    assert form.is_valid(), form.errors


def test_arrow_makes_a_one_way_mapping_and_terms_are_cleaned(db):
    form = SynonymForm(
        data={
            "kind": EQ,
            "terms": "  Tummyzz   Ache =>  Abdominal  PAIN,belly",
            "enabled": True,
        }
    )
    assert form.is_valid(), form.errors
    rule = form.save()
    assert rule.kind == ONE
    assert rule.terms == "tummyzz ache, abdominal pain, belly"
    assert str(rule) == "tummyzz ache => abdominal pain, belly"
    assert parse_rule("a, b")[0] == EQ


def test_admin_form_shows_message(admin_client):
    before = Synonym.objects.count()
    response = admin_client.post(
        reverse("search_synonyms:add"), {"kind": EQ, "terms": "cramp, , spasm"}
    )
    assert response.status_code == 200
    assert "Term 2 is empty: remove the extra comma" in response.content.decode()
    assert Synonym.objects.count() == before


def test_add_form_is_prefilled_from_query_string(admin_client):
    response = admin_client.get(
        reverse("search_synonyms:add") + "?terms=sore%20tummy%2C%20"
    )
    assert response.status_code == 200
    assert "sore tummy, " in response.content.decode()


def test_list_and_edit_pages_render(admin_client):
    rule = Synonym.objects.create(kind=ONE, terms="zumtummy, abdomen")
    html = admin_client.get(reverse("search_synonyms:index") + "?q=zumtummy").content
    assert "zumtummy =&gt; abdomen" in html.decode()
    html = admin_client.get(reverse("search_synonyms:edit", args=[rule.pk])).content
    assert "zumtummy =&gt; abdomen" in html.decode()


# ---------------------------------------------------------------- effect on search


@pytest.fixture
def quintessa(search_backend, site_tree):
    page = make_article(
        site_tree["index"],
        "Quintessa syndrome",
        summary="A made-up condition of the knees.",
        body_text="Quintessa syndrome makes the knees creak.",
    )
    make_article(site_tree["index"], "Back pain", summary="Pain in the back.")
    sync_index()
    return page


def _titles(text):
    return [item["title"] for item in query.search_articles(text).results]


def test_saved_synonym_changes_next_search_without_reindex(admin_client, quintessa):
    assert "Quintessa syndrome" not in _titles("zorbleflux")
    response = admin_client.post(
        reverse("search_synonyms:add"),
        {"kind": EQ, "terms": "zorbleflux, quintessa syndrome", "enabled": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # No sync_index() and no cache invalidation here: the admin's save does it.
    assert _titles("zorbleflux")[0] == "Quintessa syndrome"

    rule = Synonym.objects.get(terms="zorbleflux, quintessa syndrome")
    response = admin_client.post(
        reverse("search_synonyms:edit", args=[rule.pk]),
        {"kind": EQ, "terms": "zorbleflux, quintessa syndrome", "notes": "off"},
    )
    assert response.status_code == 302
    assert "Quintessa syndrome" not in _titles("zorbleflux")

    rule.enabled = True
    rule.save()
    admin_client.post(
        reverse("search_synonyms:edit", args=[rule.pk]),
        {"kind": ONE, "terms": "creakyknee => quintessa syndrome", "enabled": "on"},
    )
    assert _titles("creakyknee")[0] == "Quintessa syndrome"
    admin_client.post(reverse("search_synonyms:delete", args=[rule.pk]))
    assert not Synonym.objects.filter(pk=rule.pk).exists()
    assert "Quintessa syndrome" not in _titles("creakyknee")


def test_imported_synonyms_change_next_search(admin_client, quintessa):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert "Quintessa syndrome" not in _titles("kneecreak")
    upload = SimpleUploadedFile(
        "s.csv", b"kind,terms\none_way,kneecreak => quintessa syndrome\n"
    )
    response = admin_client.post(
        reverse("search_synonyms:import"), {"file": upload, "mode": "merge"}
    )
    assert response.status_code == 302
    assert _titles("kneecreak")[0] == "Quintessa syndrome"
