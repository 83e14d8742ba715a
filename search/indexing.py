"""Full rebuilds of a backend's index (atomic on the engine: alias swap) and
reconciliation of the engine's index with the database."""

import io

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from . import outbox, word_starts
from .backends.bulk import rebuild
from .models import IndexOutboxEntry
from .query.engine import EngineSearcher


def rebuild_index(backend_name="default", chunk_size=500, stdout=None):
    """Rebuild one backend's index from the database.

    On Elasticsearch/OpenSearch the backend's own rebuilder builds a new index
    and swaps the alias at the end, so search keeps answering from the old
    index meanwhile; the documents are built and sent by the fast path in
    backends/bulk.py (same documents as Wagtail's update_index, which other
    backends use). If the engine refuses any document the rebuild fails and
    the old index stays in place. Changes delivered while the rebuild ran
    went to the old index; the reconciliation afterwards carries them over.
    """
    out = stdout or io.StringIO()
    started = timezone.now()
    backend = get_search_backend(backend_name)
    if hasattr(backend, "es") and getattr(backend, "rebuilder_class", None):
        rebuild(backend, backend_name=backend_name, stdout=out, chunk_size=chunk_size)
    else:
        call_command(
            "update_index",
            backend_name=backend_name,
            chunk_size=chunk_size,
            stdout=out,
        )
        count = word_starts.rebuild()  # the database backend's autocomplete
        out.write(f"Word starts: {count} rows\n")
    reconcile(backend_name, changed_since=started)
    return out


def build_missing_index(backend_name="default"):
    """Build the engine's index if it does not exist (first use of an engine).

    Delivery never does this itself (a rebuild inside a delivery batch would
    hold the drain lock for its whole length); the commands that load content
    into a new engine call it first. Returns True when it built one.
    """
    backend = get_search_backend(backend_name)
    if not hasattr(backend, "es"):
        return False
    if backend.get_index_for_model(Page).exists():
        return False
    rebuild_index(backend_name)
    return True


def reconcile(backend_name="default", changed_since=None):
    """Queue whatever makes the engine's page index differ from the database.

    Pages missing from the index, pages the index has but the database does
    not, pages whose live state differs, and (with ``changed_since``) pages
    published or edited since then. Returns the number of changes queued;
    they are delivered by the outbox like any other change.
    """
    backend = get_search_backend(backend_name)
    if not hasattr(backend, "es"):
        return 0
    indexed = EngineSearcher(backend).page_states()
    database = dict(Page.objects.values_list("pk", "live"))
    queued = 0
    for pk in indexed.keys() - database.keys():
        outbox.record_key(
            Page, pk, IndexOutboxEntry.ACTION_DELETE, backends=[backend_name]
        )
        queued += 1
    stale = {pk for pk, live in database.items() if indexed.get(pk) != live}
    if changed_since is not None:
        stale |= set(
            Page.objects.filter(last_published_at__gte=changed_since).values_list(
                "pk", flat=True
            )
        )
    for page in Page.objects.filter(pk__in=stale).specific().iterator():
        outbox.record(page, backends=[backend_name])
        queued += 1
    return queued
