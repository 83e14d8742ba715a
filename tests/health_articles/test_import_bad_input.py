"""Bad input gives a clear message (file, line/column where it applies), no
traceback, a non-zero exit status, and writes nothing."""

import pytest
from django.test import override_settings
from wagtail.models import Revision

from health_articles.importers.base import MAX_INPUT_BYTES
from health_articles.models import HealthArticlePage

from .test_import_command import FIXTURES, run_import


def assert_failed_cleanly(out, err, error, *expected):
    assert error is not None, "the command must exit non-zero"
    for text in expected:
        assert text in err
    assert "Traceback" not in err + out
    assert "failed 1" in out
    assert HealthArticlePage.objects.count() == 0
    assert Revision.objects.count() == 0


@pytest.mark.django_db
def test_missing_file(site_tree, tmp_path):
    path = tmp_path / "nope.txt"
    assert_failed_cleanly(*run_import(path), f"{path}: no such file")


@pytest.mark.django_db
def test_directory(site_tree, tmp_path):
    assert_failed_cleanly(*run_import(tmp_path), "is a directory")


@pytest.mark.django_db
def test_empty_file(site_tree, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")
    assert_failed_cleanly(*run_import(path), f"{path}: file is empty")


@pytest.mark.django_db
def test_binary_file(site_tree, tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert_failed_cleanly(*run_import(path), f"{path}: looks like a binary file")


@pytest.mark.django_db
def test_broken_xml_reports_line_and_column(site_tree, tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">\n'
        "<channel>\n<item><title>Oops</titel></item>\n</channel></rss>\n"
    )
    assert_failed_cleanly(
        *run_import(path), f"{path}: broken XML at line 4, column", "mismatched tag"
    )


@pytest.mark.django_db
def test_xml_entity_expansion_is_refused(site_tree, tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE health-topics [<!ENTITY a "aaaa">]>\n'
        "<health-topics><health-topic title='&a;' id='1'/></health-topics>\n"
    )
    assert_failed_cleanly(*run_import(path), "refused unsafe XML")


@pytest.mark.django_db
def test_unknown_format(site_tree, tmp_path):
    path = tmp_path / "data.json"
    path.write_text('{"title": "Muscle cramps"}')
    assert_failed_cleanly(*run_import(path), "cannot tell the format", "--format")


@pytest.mark.django_db
def test_unknown_xml_format(site_tree, tmp_path):
    path = tmp_path / "catalog.xml"
    path.write_text("<?xml version='1.0'?><catalog><book/></catalog>")
    assert_failed_cleanly(
        *run_import(path), "unknown XML format (root element <catalog>)"
    )


@pytest.mark.django_db
def test_wrong_explicit_format(site_tree):
    assert_failed_cleanly(
        *run_import(FIXTURES / "scraped-article.html", "--format", "medlineplus"),
        "broken XML at line",
    )


@pytest.mark.django_db
def test_text_without_a_title(site_tree, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "This paragraph is long enough that it reads as body text, not as a title.\n"
    )
    assert_failed_cleanly(*run_import(path), f"{path}: no title found")


@pytest.mark.django_db
def test_only_shortcodes(site_tree, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("[ad_1]\n\nWhat is this?\n\n[ad_2]\n")
    assert_failed_cleanly(*run_import(path), "no article text found")


@pytest.mark.django_db
def test_oversized_file(site_tree, tmp_path):
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:  # sparse: nothing is actually written or read
        handle.truncate(MAX_INPUT_BYTES + 1)
    assert_failed_cleanly(*run_import(path), "file is too large", "limit is 50.0 MB")


@pytest.mark.django_db
def test_size_limit_is_configurable(site_tree, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("What is a cramp?\n\nA cramp is a tight muscle.\n" * 10)
    with override_settings(HEALTH_ARTICLES_IMPORT_MAX_BYTES=100):
        assert_failed_cleanly(*run_import(path), "file is too large")


@pytest.mark.django_db
def test_bad_file_does_not_stop_good_ones(site_tree, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("What is a cramp?\n\nA cramp is a tight muscle.\n")

    out, err, error = run_import(tmp_path / "missing.txt", good)

    assert error is not None
    assert "no such file" in err
    assert "created 1, updated 0, unchanged 0, skipped 0, failed 1" in out
    assert HealthArticlePage.objects.count() == 1
