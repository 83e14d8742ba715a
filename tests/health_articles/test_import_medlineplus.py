"""Importing MedlinePlus health-topics XML: the handwritten fixture (related
topics, see-references, groups) and, marked slow, the full shared corpus."""

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from health_articles.models import HealthArticlePage

from .test_import_command import FIXTURES, run_import

TOPICS = FIXTURES / "medlineplus-topics.xml"
SHARED_XML = (
    Path(settings.BASE_DIR).parent
    / "shared"
    / "data"
    / "medlineplus"
    / "health-topics.xml"
)
CREDIT = "Courtesy of MedlinePlus from the National Library of Medicine"


@pytest.mark.django_db
def test_fixture_topics(site_tree):
    out, err, error = run_import(TOPICS, "--publish")

    assert error is None, err
    assert (
        "created 3, updated 0, unchanged 0, skipped 1 (Spanish topic 1), failed 0"
        in out
    )
    cramps = HealthArticlePage.objects.get(source_id="medlineplus:9001")
    assert cramps.live
    assert cramps.title == "Leg Cramps"
    assert cramps.source_url == "https://medlineplus.example/legcramps.html"
    assert cramps.source_credit == CREDIT
    assert cramps.summary.startswith("Leg cramps are sudden")
    assert cramps.also_known_as_list == [
        "Charley horse",
        "Muscle cramp in the leg",
        "Night cramps",
    ]
    assert sorted(t.name for t in cramps.tags.all()) == [
        "Bones, Joints and Muscles",
        "Symptoms",
    ]
    assert cramps.clinical_terms == "Muscle Cramp"
    assert cramps.first_published_at == datetime(2004, 3, 15, tzinfo=UTC)
    assert [h[1:] for h in cramps.headings] == [
        ("What are leg cramps?", "h2"),
        ("What helps?", "h2"),
    ]
    # related-topic: resolved by MedlinePlus id, including the forward
    # reference (9001 -> 9002, which came later in the file); 9999 is unknown.
    dehydration = HealthArticlePage.objects.get(source_id="medlineplus:9002")
    assert [p.pk for p in cramps.editor_picks()] == [dehydration.pk]
    assert [p.pk for p in dehydration.editor_picks()] == [cramps.pk]
    assert not cramps.has_unpublished_changes
    assert not HealthArticlePage.objects.filter(title__startswith="Calambres").exists()


@pytest.mark.django_db
def test_fixture_reimport_is_unchanged(site_tree):
    run_import(TOPICS, "--publish")
    revisions = {p.pk: p.revisions.count() for p in HealthArticlePage.objects.all()}

    out, err, error = run_import(TOPICS, "--publish")

    assert error is None, err
    assert (
        "created 0, updated 0, unchanged 3, skipped 1 (Spanish topic 1), failed 0"
        in out
    )
    assert {p.pk: p.revisions.count() for p in HealthArticlePage.objects.all()} == (
        revisions
    )


@pytest.mark.django_db
def test_editor_picks_survive_reimport(site_tree):
    from health_articles.models import RelatedArticle

    run_import(TOPICS, "--publish")
    sunburn = HealthArticlePage.objects.get(source_id="medlineplus:9003")
    cramps = HealthArticlePage.objects.get(source_id="medlineplus:9001")
    cramps.related_links.add(RelatedArticle(page=sunburn))
    cramps.save_revision().publish()

    out, _, _ = run_import(TOPICS, "--publish")

    assert "unchanged 3" in out
    cramps.refresh_from_db()
    assert sunburn.pk in [p.pk for p in cramps.editor_picks()]


@pytest.mark.django_db
def test_malformed_topic_is_reported_with_its_position(site_tree, tmp_path):
    path = tmp_path / "topics.xml"
    path.write_text(
        TOPICS.read_text().replace('date-created="07/01/2005"', 'date-created="soon"')
    )

    out, err, error = run_import(path, "--publish")

    assert error is not None
    assert f"{path}: item 2 (line 23): invalid date-created 'soon'" in err
    assert (
        "created 2, updated 0, unchanged 0, skipped 1 (Spanish topic 1), failed 1"
        in out
    )


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_XML.exists(), reason="shared MedlinePlus XML missing")
@pytest.mark.django_db
def test_full_medlineplus_corpus_imports_once(site_tree):
    started = time.monotonic()
    out, err, error = run_import(SHARED_XML, "--publish")
    first = time.monotonic() - started

    assert error is None, err
    assert "created 1017, updated 0, unchanged 0, skipped" in out
    assert out.rstrip().endswith("failed 0")
    assert HealthArticlePage.objects.live().count() == 1017
    assert not HealthArticlePage.objects.exclude(source_credit=CREDIT).exists()

    started = time.monotonic()
    out, err, error = run_import(SHARED_XML, "--publish")
    second = time.monotonic() - started

    assert error is None, err
    assert "created 0, updated 0, unchanged 1017, skipped" in out
    assert out.rstrip().endswith("failed 0")
    print(f"MedlinePlus import: first run {first:.1f}s, second run {second:.1f}s")


@pytest.mark.django_db
def test_clinical_terms_follow_the_source_and_others_keep_an_editors(
    site_tree, tmp_path
):
    """MedlinePlus carries MeSH headings, so a re-import brings its changes;
    a source without them (a text file) leaves an editor's terms alone."""
    run_import(TOPICS, "--publish")
    changed = tmp_path / "topics.xml"
    changed.write_text(
        TOPICS.read_text().replace(
            '<descriptor id="D000001">Muscle Cramp</descriptor>',
            '<descriptor id="D000001">Muscle Cramp</descriptor></mesh-heading>'
            '<mesh-heading><descriptor id="D000003">Nocturnal Leg Cramps</descriptor>',
        )
    )
    out, err, error = run_import(changed, "--publish")
    assert error is None, err
    assert "created 0, updated 1, unchanged 2" in out
    cramps = HealthArticlePage.objects.get(source_id="medlineplus:9001")
    assert cramps.clinical_terms == "Muscle Cramp\nNocturnal Leg Cramps"

    text = tmp_path / "sunstroke.txt"
    text.write_text("Sunstroke\n\nToo much sun and heat at once.\n")
    run_import(text, "--publish")
    page = HealthArticlePage.objects.get(title="Sunstroke")
    page.clinical_terms = "Heat Stroke"
    page.save_revision().publish()
    out, err, error = run_import(text, "--publish")
    assert error is None, err
    assert "created 0, updated 0, unchanged 1" in out
    page.refresh_from_db()
    assert page.clinical_terms == "Heat Stroke"
