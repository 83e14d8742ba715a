"""Fast full rebuilds of the engine's index, still owned by Wagtail's backend.

The same index, mapping and documents as Wagtail's ``update_index`` (the
backend's own rebuilder creates the new index and swaps the alias), built
faster:

- Models whose search fields are all understood here (concrete columns,
  StreamFields, tag relations and a few registered model methods) are read
  with ``values()`` in primary-key order, large chunks, tags with one query
  per chunk; their documents are built from the rows, the body's text from
  the StreamField's stored JSON (search/backends/rawtext.py). Any other model
  (or a search field added later that is not understood here) goes through
  Wagtail's ``mapping.get_document`` on model instances.
- Documents are serialised into bulk requests of a few MB and sent by two
  threads while the next chunk is read and built.
- A new index that will hold at least ``BULK_LOAD_MIN_DOCUMENTS`` documents
  is written with refreshes off and no replicas (set by the backend's
  rebuilder, restored before the alias swap); a smaller one is not worth the
  two settings changes (each a cluster-state update).
- An item the engine refuses fails the rebuild: the new index is deleted and
  the alias keeps pointing at the old one.

tests/search/test_fast_rebuild.py checks that the documents (built by
search/backends/documents.py) equal the
ones Wagtail's mapping builds.
"""

import logging
import queue
import threading
import time

from django.db import transaction
from modelsearch.index import (
    get_indexed_models,
)

from .documents import RebuildError, dumps, plan_for, standard_chunks

logger = logging.getLogger("search")

BULK_MAX_BYTES = 6 * 1024 * 1024
BULK_MAX_DOCS = 1500
SENDER_THREADS = 2
BULK_TIMEOUT = 120  # seconds per bulk request (search requests keep theirs)
BULK_RETRIES = 3


class BulkWriter:
    """Serialises documents into bulk requests sent by background threads.

    ``add`` blocks when the senders fall behind (a bounded queue), so memory
    stays small. Items the engine refuses are collected; ``close`` raises
    RebuildError if there were any (and ``add`` stops early once one is seen).
    Requests rejected for load (HTTP 429) are retried with backoff.
    """

    def __init__(
        self,
        backend,
        index_name,
        max_bytes=BULK_MAX_BYTES,
        max_docs=BULK_MAX_DOCS,
        threads=SENDER_THREADS,
        timeout=BULK_TIMEOUT,
    ):
        self.backend = backend
        self.index_name = index_name
        self.max_bytes = max_bytes
        self.max_docs = max_docs
        self.timeout = timeout
        self.queue = queue.Queue(maxsize=threads * 2)
        self.errors = []
        self.error_count = 0
        self.failed = threading.Event()
        self.sent = 0
        self._lock = threading.Lock()
        self._lines = []
        self._size = 0
        self._threads = [
            threading.Thread(target=self._run, name=f"bulk-sender-{i}", daemon=True)
            for i in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    # -- producer side
    def add(self, doc_id, document):
        if self.failed.is_set():
            self._raise()
        line = f'{{"index":{{"_id":{dumps(str(doc_id))}}}}}\n{dumps(document)}\n'
        self._lines.append(line)
        self._size += len(line)
        if len(self._lines) >= self.max_docs or self._size >= self.max_bytes:
            self.flush()

    def flush(self):
        if self._lines:
            lines, self._lines, self._size = self._lines, [], 0
            while True:
                if self.failed.is_set():
                    self._raise()
                try:
                    self.queue.put(lines, timeout=0.5)
                    return
                except queue.Full:
                    continue

    def close(self):
        try:
            self.flush()
        finally:
            for _ in self._threads:
                self.queue.put(None)
            for thread in self._threads:
                thread.join()
        if self.failed.is_set():
            self._raise()
        return self.sent

    def abort(self):
        self.failed.set()
        self._lines = []
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                break
        for _ in self._threads:
            try:
                self.queue.put_nowait(None)
            except queue.Full:
                pass
        for thread in self._threads:
            thread.join(timeout=self.timeout)

    def _raise(self):
        shown = "; ".join(self.errors[:5])
        raise RebuildError(
            f"the engine refused {self.error_count} document(s) for index "
            f"{self.index_name}: {shown}"
        )

    # -- sender threads
    def _run(self):
        while True:
            lines = self.queue.get()
            if lines is None:
                return
            if self.failed.is_set():
                continue
            try:
                self._send(lines)
            except Exception as exc:  # noqa: BLE001 - reported by the producer
                self._record([f"{type(exc).__name__}: {exc}"[:500]], count=len(lines))

    def _record(self, messages, count):
        with self._lock:
            self.error_count += count
            self.errors.extend(messages[: max(0, 5 - len(self.errors))])
        self.failed.set()

    def _request(self, body):
        es = self.backend.es
        params = {
            "index": self.index_name,
            "filter_path": "errors,items.*.status,items.*.error,items.*._id",
        }
        return es.bulk(body=body, request_timeout=self.timeout, **params)

    def _send(self, lines):
        attempt = 0
        while lines:
            attempt += 1
            try:
                response = self._request("".join(lines))
            except Exception as exc:
                status = getattr(exc, "status_code", None)
                if status == 429 and attempt <= BULK_RETRIES:
                    time.sleep(2**attempt)
                    continue
                raise
            if not response.get("errors"):
                with self._lock:
                    self.sent += len(lines)
                return
            retry, messages = [], []
            refused = 0
            for line, item in zip(lines, response.get("items", []), strict=False):
                result = next(iter(item.values()))
                status = result.get("status", 500)
                if status < 300:
                    with self._lock:
                        self.sent += 1
                elif status == 429 and attempt <= BULK_RETRIES:
                    retry.append(line)
                else:
                    refused += 1
                    error = result.get("error", {})
                    if isinstance(error, dict):
                        error = f"{error.get('type')}: {error.get('reason')}"
                    messages.append(f"id {result.get('_id')}: {error}"[:500])
            if refused:
                self._record(messages, refused)
                return
            lines = retry
            if lines:
                time.sleep(2**attempt)


def _group_models_by_index(backend, models):
    groups = {}
    indexes = {}
    for model in models:
        index = backend.get_index_for_model(model)
        indexes.setdefault(index.name, index)
        groups.setdefault(index.name, []).append(model)
    return [(indexes[name], groups[name]) for name in groups]


class _Progress:
    """Writes one "." per ``chunk_size`` documents, like update_index does."""

    def __init__(self, stdout, chunk_size):
        self.stdout = stdout
        self.chunk_size = max(1, chunk_size)
        self.count = 0

    def add(self, n):
        before = self.count // self.chunk_size
        self.count += n
        dots = self.count // self.chunk_size - before
        if dots and self.stdout is not None:
            self.stdout.write("." * dots)
            if hasattr(self.stdout, "flush"):
                self.stdout.flush()


def _write(stdout, text):
    if stdout is not None:
        stdout.write(text + "\n")


def rebuild(backend, backend_name="default", stdout=None, chunk_size=1000):
    """Rebuild every index of an Elasticsearch/OpenSearch backend.

    Same indexes, mappings and documents as Wagtail's ``update_index`` (which
    stays available and unchanged); see the module docstring.
    """
    total = 0
    for alias, models in _group_models_by_index(backend, get_indexed_models()):
        _write(stdout, f"{backend_name}: Rebuilding index {alias.name}")
        rebuilder = backend.rebuilder_class(alias)
        index = rebuilder.start()
        atomic = getattr(rebuilder, "alias", None) is not None
        writer = None
        try:
            for model in models:
                index.add_model(model)
            writer = BulkWriter(backend, index.name)
            progress = _Progress(stdout, chunk_size)
            count = 0
            for model in models:
                plan = plan_for(backend, model)
                with transaction.atomic():
                    chunks = (
                        plan.chunks()
                        if plan is not None
                        else standard_chunks(backend, model, chunk_size)
                    )
                    for documents in chunks:
                        for doc_id, document in documents:
                            writer.add(doc_id, document)
                        count += len(documents)
                        progress.add(len(documents))
            writer.close()
            writer = None
            rebuilder.finish()
        except BaseException:
            if writer is not None:
                writer.abort()
            if atomic:
                # Leave the alias on the old index; drop the incomplete one.
                try:
                    index.delete()
                except Exception:  # noqa: BLE001 - the original error matters
                    logger.exception("Could not delete incomplete index %s", index.name)
            raise
        _write(stdout, "")
        _write(stdout, f"{backend_name}: indexed {count} objects")
        total += count
    return total


# ---------------------------------------------------------------- rebuilders

# While nothing searches the new index: no refreshes, no replicas to copy to,
# no fsync per bulk request (a crash mid-rebuild fails the rebuild anyway).
BULK_LOAD_SETTINGS = {
    "refresh_interval": "-1",
    "number_of_replicas": 0,
    "translog.durability": "async",
}


def _index_settings(backend, name):
    es = backend.es
    answer = es.indices.get_settings(index=name)
    return next(iter(answer.values()))["settings"].get("index", {})


def _dotted(settings, key):
    for part in key.split("."):
        if not isinstance(settings, dict):
            return None
        settings = settings.get(part)
    return settings


def _put_index_settings(backend, name, settings):
    es = backend.es
    body = {"index": settings}
    es.indices.put_settings(index=name, body=body, request_timeout=BULK_TIMEOUT)


def _refresh(backend, name):
    """A refresh with the bulk timeout: the first one after a bulk load with
    refreshes off writes every segment and can outlast a search's 5 s."""
    backend.es.indices.refresh(index=name, request_timeout=BULK_TIMEOUT)


def _merge(backend, name):
    """Merge a freshly loaded index into one segment before it goes live.

    A bulk load leaves a handful of segments, and every search visits each
    of them: at 20,000 articles (five segments) the engine's mean time for
    the benchmark's search bodies fell from 7.9 to 5.9 ms after the merge.
    Later publishes add small segments that the engine's merge policy
    handles as usual (one segment is far below its 5 GB ceiling at our
    sizes: 45 MB for 20,000 articles).
    """
    backend.es.indices.forcemerge(
        index=name, max_num_segments=1, request_timeout=BULK_TIMEOUT
    )


# Below this many documents a rebuild keeps the index's own settings: two
# settings changes and an extra refresh cost more than a small load saves.
BULK_LOAD_MIN_DOCUMENTS = 1000


def _expected_documents(backend, name):
    """Documents a rebuild of the index (or alias) ``name`` will write."""
    for alias, models in _group_models_by_index(backend, get_indexed_models()):
        if alias.name == name:
            return sum(model.get_indexed_objects().count() for model in models)
    return None  # not one of ours: assume a big load


class BulkLoadRebuilderMixin:
    """Write a big rebuilt index with refreshes off and no replicas, merged
    into one segment before the alias moves to it.

    Whatever the index was created with (the engine's defaults unless
    INDEX_SETTINGS says otherwise) is restored in ``finish`` before the alias
    swap, followed by the rebuilder's own refresh. A rebuild of fewer than
    ``BULK_LOAD_MIN_DOCUMENTS`` documents changes no settings.
    """

    def start(self):
        index = super().start()
        self._restore = None
        name = getattr(self, "alias", index).name
        expected = _expected_documents(index.backend, name)
        if expected is not None and expected < BULK_LOAD_MIN_DOCUMENTS:
            return index
        created = _index_settings(index.backend, index.name)
        self._restore = {key: _dotted(created, key) for key in BULK_LOAD_SETTINGS}
        _put_index_settings(index.backend, index.name, BULK_LOAD_SETTINGS)
        return index

    def finish(self):
        restore = getattr(self, "_restore", None)
        if restore is not None:
            _put_index_settings(self.index.backend, self.index.name, restore)
            # Wagtail's refresh in finish() is quick after this one.
            _refresh(self.index.backend, self.index.name)
            _merge(self.index.backend, self.index.name)
        super().finish()
