"""The index outbox on the database backend: recorded with the change,
removed only once delivered, retried after failures."""

import pytest
from django.db import transaction
from wagtail.search.backends import get_search_backend

from search import outbox
from search.models import IndexOutboxEntry
from tests.conftest import make_article, sync_index


def indexed_titles(query_text):
    from health_articles.models import HealthArticlePage

    backend = get_search_backend("default")
    return [p.title for p in backend.search(query_text, HealthArticlePage)]


@pytest.mark.django_db
def test_publish_records_an_outbox_entry(site_tree):
    page = make_article(site_tree["index"], "Shin splints")
    entries = IndexOutboxEntry.objects.filter(object_id=str(page.pk))
    assert entries.count() == 1
    assert entries.get().action == "index"
    sync_index()
    assert not IndexOutboxEntry.objects.exists()
    assert indexed_titles("shin splints") == ["Shin splints"]


@pytest.mark.django_db
def test_rolled_back_change_leaves_nothing(site_tree):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            make_article(site_tree["index"], "Rolled back")
            raise RuntimeError("editor cancelled")
    assert not IndexOutboxEntry.objects.filter(
        content_type__model="healtharticlepage"
    ).exists()


@pytest.mark.django_db
def test_newer_change_replaces_pending_one(site_tree):
    page = make_article(site_tree["index"], "Gout")
    page.delete()
    entries = IndexOutboxEntry.objects.filter(object_id=str(page.pk))
    assert entries.count() == 1
    assert entries.get().action == "delete"


@pytest.mark.django_db
def test_failed_delivery_stays_queued_with_backoff(site_tree, monkeypatch):
    page = make_article(site_tree["index"], "Bunions")

    def broken(name="default", **kwargs):
        raise ConnectionError("engine down")

    monkeypatch.setattr(outbox, "get_search_backend", broken)
    assert outbox.deliver(due_only=False) == 0
    entry = IndexOutboxEntry.objects.get(object_id=str(page.pk))
    assert entry.attempts == 1
    assert "engine down" in entry.last_error
    assert entry.next_attempt_at > entry.created_at
    # Not due again until the backoff passes.
    assert outbox.deliver() == 0
    monkeypatch.undo()
    assert outbox.deliver(due_only=False) >= 1
    assert not IndexOutboxEntry.objects.filter(object_id=str(page.pk)).exists()
    assert indexed_titles("bunions") == ["Bunions"]


@pytest.mark.django_db
def test_unpublish_and_delete_reach_the_index(site_tree):
    keep = make_article(site_tree["index"], "Sciatica")
    gone = make_article(site_tree["index"], "Sciatic nerve pain")
    sync_index()
    gone.delete()
    keep.unpublish()
    sync_index()
    from health_articles.models import HealthArticlePage

    backend = get_search_backend("default")
    live = backend.search("sciatica", HealthArticlePage.objects.live())
    assert [p.title for p in live] == []
    assert "Sciatic nerve pain" not in indexed_titles("sciatic")


@pytest.mark.django_db
def test_tag_rename_reindexes_articles(site_tree):
    page = make_article(site_tree["index"], "Plantar fasciitis", tags=["feet"])
    sync_index()
    tag = page.tags.get()
    tag.name = "Heel problems"
    tag.save()
    assert IndexOutboxEntry.objects.filter(object_id=str(page.pk)).exists()
    sync_index()
    assert "Plantar fasciitis" in indexed_titles("heel problems")


@pytest.mark.django_db
def test_command_shows_and_drains_backlog(site_tree, capsys):
    from django.core.management import call_command

    sync_index()
    make_article(site_tree["index"], "Tennis elbow")
    call_command("search_outbox")
    out = capsys.readouterr().out
    assert "Pending changes: 1" in out
    call_command("search_outbox", "--drain")
    out = capsys.readouterr().out
    assert "Delivered 1 change(s)." in out and "Pending changes: 0" in out


@pytest.mark.django_db
def test_change_arriving_during_delivery_is_delivered_next(site_tree, monkeypatch):
    from health_articles.models import HealthArticlePage

    sync_index()
    page = make_article(site_tree["index"], "Gout")
    backend_cls = type(get_search_backend("default"))
    original = backend_cls.add_bulk
    calls = []

    def add_bulk_with_concurrent_edit(self, model, objects):
        calls.append([o.title for o in objects])
        if len(calls) == 1:
            # Another process publishes a newer version mid-delivery.
            HealthArticlePage.objects.filter(pk=page.pk).update(title="Gout flare")
            outbox.record_key(HealthArticlePage, page.pk)
        return original(self, model, objects)

    monkeypatch.setattr(backend_cls, "add_bulk", add_bulk_with_concurrent_edit)
    outbox.deliver(due_only=False)
    assert calls[0] == ["Gout"] and calls[-1] == ["Gout flare"]
    assert not IndexOutboxEntry.objects.exists()
    assert indexed_titles("flare") == ["Gout flare"]


@pytest.mark.django_db
def test_rows_claimed_by_another_process_are_left_alone(site_tree):
    from datetime import timedelta

    from django.utils import timezone

    sync_index()
    make_article(site_tree["index"], "Rickets")
    IndexOutboxEntry.objects.update(
        claim="other", claimed_until=timezone.now() + timedelta(seconds=30)
    )
    assert outbox.deliver(due_only=False) == 0
    IndexOutboxEntry.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox.deliver(due_only=False) >= 1  # an expired lease is taken over
