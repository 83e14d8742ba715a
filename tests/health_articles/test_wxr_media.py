"""Images: ``--media DIR`` (a copy of wp-content/uploads) brings featured and
inline images with their alt text; without it, the text is kept and reported."""

import csv

import pytest
from wagtail.images import get_image_model

from .test_import_command import run_import
from .wxr_helpers import CLASSIC, UPLOADS, WORDPRESS_COM, post


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image_blocks(page):
    return [b["value"] for b in page.body.raw_data if b["type"] == "image"]


@pytest.mark.django_db
def test_featured_and_inline_images_come_from_the_uploads_folder(site_tree):
    out, err, error = run_import(WORDPRESS_COM, "--media", UPLOADS)

    assert error is None, err
    Image = get_image_model()
    image = Image.objects.get()  # one file, used twice: one image
    assert image.description == "A runner stretching her calf against a wall"
    assert image.title == "calf-stretch"
    assert (image.width, image.height) == (4, 3)
    cramps = post(10)
    assert cramps.hero_image_id == image.pk
    assert cramps.hero_image_alt == "A runner stretching her calf against a wall"
    assert image_blocks(cramps) == [
        {
            "image": image.pk,
            "alt_text": "A runner stretching her calf against a wall",
            "caption": "Lean into the wall for thirty seconds.",
        }
    ]
    # water-glass.jpg is not in the folder: reported, its alt text kept.
    assert "image not brought" in err and "water-glass.jpg" in err
    hydrated = post(11)
    assert image_blocks(hydrated) == []
    assert hydrated.body.raw_data[-1]["value"] == (
        "<p>A full glass of water on a table</p>"
    )


@pytest.mark.django_db
def test_reimport_with_media_reuses_the_images(site_tree):
    run_import(WORDPRESS_COM, "--media", UPLOADS)
    Image = get_image_model()
    images = list(Image.objects.values_list("pk", flat=True))

    out, err, error = run_import(WORDPRESS_COM, "--media", UPLOADS)

    assert error is None, err
    assert "created 0, updated 0, unchanged 16" in out
    assert list(Image.objects.values_list("pk", flat=True)) == images


@pytest.mark.django_db
def test_resized_copy_falls_back_to_the_original_file(site_tree):
    out, err, error = run_import(CLASSIC, "--media", UPLOADS)

    assert error is None, err
    from health_articles.models import HealthArticlePage

    page = HealthArticlePage.objects.get(slug="sleep-hygiene")
    (block,) = image_blocks(page)  # bedroom-300x200.png -> bedroom.png
    image = get_image_model().objects.get(pk=block["image"])
    assert image.description == "A tidy bedroom with blackout curtains"
    assert block["caption"] == "A dark room helps you fall asleep."


@pytest.mark.django_db
def test_without_media_the_alt_text_is_kept_and_reported(site_tree, tmp_path):
    report = tmp_path / "report.csv"

    out, err, error = run_import(WORDPRESS_COM, "--report", report)

    assert error is None, err
    assert not get_image_model().objects.exists()
    cramps = post(10)
    assert cramps.hero_image_id is None
    assert cramps.hero_image_alt == "A runner stretching her calf against a wall"
    assert image_blocks(cramps) == []
    assert "<p>Lean into the wall for thirty seconds.</p>" in [
        b["value"] for b in cramps.body.raw_data if b["type"] == "paragraph"
    ]
    assert "(no --media folder given)" in err
    rows = {r["source_key"]: r for r in csv.DictReader(report.open())}
    assert "calf-stretch.png not found" in rows["10"]["reason"]


@pytest.mark.django_db
def test_missing_media_folder_is_a_clear_error(site_tree, tmp_path):
    out, err, error = run_import(WORDPRESS_COM, "--media", tmp_path / "nope")

    assert "no such folder" in str(error)
    from health_articles.models import HealthArticlePage

    assert not HealthArticlePage.objects.exists()


@pytest.mark.django_db
def test_a_broken_image_file_is_reported_not_failed(site_tree, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2024" / "05").mkdir(parents=True)
    (uploads / "2024" / "05" / "calf-stretch.png").write_bytes(b"not a png at all")

    out, err, error = run_import(WORDPRESS_COM, "--media", uploads)

    assert error is None, err
    assert "calf-stretch.png is not a readable image" in err
    assert not get_image_model().objects.exists()
    cramps = post(10)
    assert cramps.live and cramps.hero_image_id is None
    assert cramps.hero_image_alt == "A runner stretching her calf against a wall"
