"""The starter synonym list and the migration that seeds it."""

from collections import Counter

import pytest

from search.models import Synonym
from search.synonyms import map_from_rules, normalise
from search.synonyms_data import STARTER_SYNONYMS

KINDS = {Synonym.KIND_EQUIVALENT, Synonym.KIND_ONE_WAY}


def _all_terms():
    return [term for _kind, terms in STARTER_SYNONYMS for term in terms]


def _map_from_rows(rows):
    return map_from_rules(rows)


def test_list_is_big_enough():
    assert len(STARTER_SYNONYMS) >= 150


def test_entries_are_well_formed():
    for kind, terms in STARTER_SYNONYMS:
        assert kind in KINDS, kind
        assert isinstance(terms, list) and len(terms) >= 2, terms
        normalised = [normalise(t) for t in terms]
        assert len(set(normalised)) == len(terms), f"repeated term in {terms}"


def test_terms_are_clean():
    for term in _all_terms():
        assert term, "empty term"
        assert term == term.strip(), repr(term)
        assert term == term.lower(), term
        assert "," not in term, term
        assert len(term) <= 60, term
        assert normalise(term), term
        assert 1 <= len(normalise(term).split()) <= 5, term


def test_no_term_in_two_equivalent_sets():
    counts = Counter(
        normalise(term)
        for kind, terms in STARTER_SYNONYMS
        if kind == Synonym.KIND_EQUIVALENT
        for term in terms
    )
    assert [term for term, n in counts.items() if n > 1] == []


def test_one_way_sources_are_unique():
    counts = Counter(
        normalise(terms[0])
        for kind, terms in STARTER_SYNONYMS
        if kind == Synonym.KIND_ONE_WAY
    )
    assert [term for term, n in counts.items() if n > 1] == []


def test_terms_survive_the_comma_round_trip():
    for kind, terms in STARTER_SYNONYMS:
        rule = Synonym(kind=kind, terms=", ".join(terms))
        assert rule.term_list() == terms


@pytest.mark.django_db
def test_migration_seeded_the_starter_rows():
    rows = Synonym.objects.filter(notes="starter list")
    assert rows.count() == len(STARTER_SYNONYMS)
    seeded = {(r.kind, r.terms) for r in rows}
    assert (
        Synonym.KIND_EQUIVALENT,
        "charley horse, muscle cramp, muscle cramps",
    ) in seeded
    assert all(r.enabled for r in rows)


@pytest.mark.django_db
def test_seeded_rows_expand_queries():
    synonym_map = _map_from_rows(Synonym.objects.filter(enabled=True))

    assert "muscle cramp" in synonym_map.expand("charley horse")
    assert "charley horse" in synonym_map.expand("Muscle Cramp")
    assert "myocardial infarction" in synonym_map.expand("heart attack")
    assert "heart attack" in synonym_map.expand("myocardial infarction")

    tummy_ache = synonym_map.expand("tummy ache")
    assert "abdominal pain" in tummy_ache
    # The longer phrase wins: "tummy ache" is not also rewritten word by word.
    assert not any("abdomen ache" in alt for alt in tummy_ache)
    assert any("abdomen" in alt for alt in synonym_map.expand("tummy"))

    assert "hypertension" in synonym_map.expand("high blood pressure")
    assert "diarrhea" in synonym_map.expand("diarrhoea")


@pytest.mark.django_db
def test_one_way_rules_do_not_expand_backwards():
    synonym_map = _map_from_rows(Synonym.objects.filter(enabled=True))

    assert "abdomen" in synonym_map.expand("tummy")
    assert not any("tummy" in alt for alt in synonym_map.expand("abdomen"))

    assert "dizziness" in synonym_map.expand("vertigo")
    assert not any("vertigo" in alt for alt in synonym_map.expand("dizziness"))

    assert "angina" in synonym_map.expand("chest pain")
    assert "chest pain" not in synonym_map.expand("angina")


@pytest.mark.django_db
def test_disabled_starter_row_stops_expanding():
    Synonym.objects.filter(terms__startswith="charley horse").update(enabled=False)
    synonym_map = _map_from_rows(Synonym.objects.filter(enabled=True))
    assert "charley horse" not in synonym_map.expand("muscle cramp")


@pytest.mark.django_db
def test_seeding_skips_a_non_empty_table_and_reverse_keeps_editor_rows():
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    # The functions only read ``schema_editor.connection``; a real schema
    # editor can't be opened inside the test transaction on SQLite.
    schema_editor = SimpleNamespace(connection=connection)

    migration = importlib.import_module("search.migrations.0002_seed_synonyms")
    Synonym.objects.create(kind=Synonym.KIND_EQUIVALENT, terms="a, b", notes="mine")
    before = Synonym.objects.count()

    migration.seed_synonyms(apps, schema_editor)
    assert Synonym.objects.count() == before

    migration.remove_starter_synonyms(apps, schema_editor)
    assert list(Synonym.objects.values_list("notes", flat=True)) == ["mine"]

    Synonym.objects.all().delete()
    migration.seed_synonyms(apps, schema_editor)
    assert Synonym.objects.filter(notes="starter list").count() == len(STARTER_SYNONYMS)
