"""The benchmark's bulk loader writes every column the article model has.

It inserts article rows with raw SQL (``bench/worker.py``), so a column added
to ``HealthArticlePage`` (the readability scores were one) used to break
``make bench-quick`` only, after the whole test suite had run. This runs the
loader on the test database so such a change fails here, in seconds.
"""

from types import SimpleNamespace

import pytest

from bench import worker
from health_articles.models import HealthArticlePage


@pytest.mark.django_db
def test_bulk_loader_fills_every_column(site_tree):
    before = HealthArticlePage.objects.count()
    result = worker.step_load_generated(
        SimpleNamespace(count=7, seed=11, start=0, batch=3, progress=False)
    )
    assert result["created"] == 7
    loaded = HealthArticlePage.objects.exclude(source_id="").filter(
        source_id__startswith="bench:11:"
    )
    assert loaded.count() == 7 == HealthArticlePage.objects.count() - before
    page = loaded.order_by("pk").first()
    # Fields the loader leaves to their nulls/defaults come out as such,
    # and the fields it fills come back intact through the ORM.
    assert page.reading_ease is None and page.reading_grade is None
    assert page.title and page.summary and len(page.body) > 0
    assert page.live and page.url_path.startswith(site_tree["index"].url_path)
