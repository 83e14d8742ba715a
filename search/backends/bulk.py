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
- The new index is written with refreshes off and no replicas (set by the
  backend's rebuilder, restored before the alias swap).
- An item the engine refuses fails the rebuild: the new index is deleted and
  the alias keeps pointing at the old one.

tests/search/test_fast_rebuild.py checks that these documents equal the
ones Wagtail's mapping builds.
"""

import datetime
import decimal
import json
import logging
import queue
import threading
import time
import uuid

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import ForeignObjectRel, TextField
from django.db.models.fields.related import RelatedField
from django.db.models.functions import Cast
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    RelatedFields,
    SearchField,
    get_indexed_models,
)
from wagtail.fields import StreamField

from .rawtext import extractor_for

logger = logging.getLogger("search")

BULK_MAX_BYTES = 6 * 1024 * 1024
BULK_MAX_DOCS = 1500
SENDER_THREADS = 2
BULK_TIMEOUT = 120  # seconds per bulk request (search requests keep theirs)
BULK_RETRIES = 3
ROWS_PER_QUERY = 2000


class RebuildError(Exception):
    """The engine refused documents (or could not be reached) during a rebuild."""


class Unsupported(Exception):
    """A model's search fields need Wagtail's own document building."""


# Model methods used as search fields, computed from the row's tags instead:
# (app_label.ModelName, method) -> (relation, function of the tag rows).
ROW_METHODS = {
    ("health_articles.HealthArticlePage", "tag_names"): (
        "tags",
        lambda tags: " | ".join(tag["name"] for tag in tags),
    ),
    ("health_articles.HealthArticlePage", "tag_slugs"): (
        "tags",
        lambda tags: [tag["slug"] for tag in tags],
    ),
}


def _json_default(value):
    # What the Elasticsearch/OpenSearch clients' serialisers do.
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"Unable to serialize {value!r} (type: {type(value)})")


def dumps(value):
    return json.dumps(
        value, default=_json_default, ensure_ascii=False, separators=(",", ":")
    )


def _clean(value):
    # ElasticsearchBaseMapping._clean_value
    if isinstance(value, datetime.time):
        return value.isoformat()
    return value


def _kind(field):
    if isinstance(field, AutocompleteField):
        return "autocomplete"
    if isinstance(field, FilterField):
        return "filter"
    if isinstance(field, SearchField):
        return "search"
    raise Unsupported(f"unexpected search field {field!r}")


def _tag_relation(model, name):
    """(through model, FK name to the object, tag model) for a taggit manager."""
    try:
        from taggit.managers import TaggableManager
    except ImportError:  # pragma: no cover - taggit is a Wagtail dependency
        raise Unsupported(name) from None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise Unsupported(name) from None
    if not isinstance(field, TaggableManager):
        raise Unsupported(f"{name} is not a tag relation")
    through = field.through
    tag_model = through._meta.get_field("tag").related_model
    for candidate in through._meta.get_fields():
        if (
            candidate.is_relation
            and candidate.many_to_one
            and candidate.name != "tag"
            and isinstance(candidate.related_model, type)
            and issubclass(model, candidate.related_model)
        ):
            return through, candidate.name, tag_model
    raise Unsupported(f"{name}: no foreign key to {model.__name__}")


class DocumentPlan:
    """How to build one model's documents from ``values()`` rows.

    Raises Unsupported for a model with a search field not understood here.
    """

    def __init__(self, mapping, model):
        self.model = model
        self.mapping = mapping
        self.content_types = mapping.get_all_content_types()
        self.columns = ["pk"]
        self.annotations = {}
        self.relations = {}  # relation name -> (through, fk name, tag columns)
        self.steps = []
        for field in model.get_search_fields():
            self.steps.append(self._step(field))

    def _relation(self, name, columns=()):
        through, fk, tag_model = _tag_relation(self.model, name)
        _, _, wanted = self.relations.get(name, (None, None, {"name", "slug"}))
        wanted = set(wanted) | set(columns)
        self.relations[name] = (through, fk, wanted)
        return tag_model

    def _step(self, field):
        name = self.mapping.get_field_column_name(field)
        if isinstance(field, RelatedFields):
            tag_model = _tag_relation(self.model, field.field_name)[2]
            nested_mapping = type(self.mapping)(tag_model)
            subs = []
            for sub in field.fields:
                if isinstance(sub, RelatedFields):
                    raise Unsupported("nested RelatedFields")
                try:
                    column = tag_model._meta.get_field(sub.field_name)
                except FieldDoesNotExist:
                    raise Unsupported(sub.field_name) from None
                if column.is_relation or hasattr(column, "get_searchable_content"):
                    raise Unsupported(sub.field_name)
                subs.append(
                    (
                        nested_mapping.get_field_column_name(sub),
                        column.attname,
                        _kind(sub),
                    )
                )
            self._relation(field.field_name, [attname for _, attname, _ in subs])
            return ("related", name, field.field_name, subs)

        kind = _kind(field)
        try:
            column = self.model._meta.get_field(field.field_name)
        except FieldDoesNotExist:
            key = (self.model._meta.label, field.field_name)
            if key not in ROW_METHODS:
                raise Unsupported(f"{key}: a method not known to the fast path")
            relation, function = ROW_METHODS[key]
            self._relation(relation)
            return ("method", name, kind, relation, function)
        if (
            isinstance(column, ForeignObjectRel)
            or column.many_to_many
            or column.one_to_many
            or not column.concrete
        ):
            raise Unsupported(f"{field.field_name}: not a column")
        if isinstance(column, RelatedField):
            target = column
            while isinstance(target, RelatedField):
                target = target.target_field
            if hasattr(target, "get_searchable_content"):
                raise Unsupported(field.field_name)
        attname = column.attname
        if attname not in self.columns:
            self.columns.append(attname)
        if isinstance(column, StreamField):
            # The stored JSON as text: no StreamValue, no JSONField per row.
            alias = f"_raw_{attname}"
            self.annotations[alias] = Cast(attname, output_field=TextField())
            self.columns.remove(attname)
            self.columns.append(alias)
            return ("stream", name, kind, alias, extractor_for(column))
        if hasattr(column, "get_searchable_content"):
            return ("searchable", name, kind, attname, column.get_searchable_content)
        return ("column", name, kind, attname, None)

    def queryset(self):
        return (
            self.model.get_indexed_objects()
            .prefetch_related(None)
            .select_related(None)
            .order_by("pk")
        )

    def _tags(self, pks):
        found = {}
        for relation, (through, fk, wanted) in self.relations.items():
            by_object = {pk: [] for pk in pks}
            columns = sorted(wanted)
            rows = (
                through.objects.filter(**{f"{fk}__in": pks})
                .order_by("pk")
                .values_list(f"{fk}_id", *(f"tag__{c}" for c in columns))
            )
            for row in rows:
                by_object[row[0]].append(dict(zip(columns, row[1:], strict=True)))
            found[relation] = by_object
        return found

    def documents(self, rows):
        """[(id, document)] for a list of ``values()`` rows."""
        pks = [row["pk"] for row in rows]
        related = self._tags(pks)
        documents = []
        for row in rows:
            pk = row["pk"]
            doc = {"pk": str(pk), "_django_content_type": self.content_types}
            edgengrams = []
            for step in self.steps:
                if step[0] == "related":
                    _, name, relation, subs = step
                    nested = []
                    for tag in related[relation][pk]:
                        sub_doc = {}
                        for sub_name, attname, kind in subs:
                            value = _clean(tag[attname])
                            sub_doc[sub_name] = value
                            if kind == "autocomplete":
                                edgengrams.append(value)
                        nested.append(sub_doc)
                    doc[name] = nested
                    continue
                kind_of_step, name, kind = step[0], step[1], step[2]
                if kind_of_step == "method":
                    value = step[4](related[step[3]][pk])
                elif kind_of_step == "stream":
                    stored = row[step[3]]
                    value = step[4](json.loads(stored) if stored else [])
                elif kind_of_step == "searchable":
                    value = step[4](row[step[3]])
                else:
                    value = row[step[3]]
                value = _clean(value)
                doc[name] = value
                if kind == "autocomplete":
                    edgengrams.append(value)
            doc["_edgengrams"] = edgengrams
            documents.append((doc["pk"], doc))
        return documents

    def chunks(self, size=ROWS_PER_QUERY):
        """Lists of [(id, document)], ``size`` rows per query, keyset paginated."""
        queryset = self.queryset()
        last = None
        while True:
            page = queryset if last is None else queryset.filter(pk__gt=last)
            rows = list(page.annotate(**self.annotations).values(*self.columns)[:size])
            if not rows:
                return
            last = rows[-1]["pk"]
            yield self.documents(rows)


def plan_for(backend, model):
    """A DocumentPlan for the model, or None when Wagtail's path must build it."""
    try:
        return DocumentPlan(backend.mapping_class(model), model)
    except Unsupported as exc:
        logger.debug("Indexing %s the standard way: %s", model._meta.label, exc)
        return None


def standard_chunks(backend, model, size):
    """Wagtail's own documents, from model instances (any model)."""
    mapping = backend.mapping_class(model)
    queryset = model.get_indexed_objects().order_by("pk")
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        items = list(page[:size])
        if not items:
            return
        last = items[-1].pk
        yield [
            (mapping.get_document_id(item), mapping.get_document(item))
            for item in items
        ]


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


class BulkLoadRebuilderMixin:
    """Write a rebuilt index with refreshes off and no replicas.

    Whatever the index was created with (the engine's defaults unless
    INDEX_SETTINGS says otherwise) is restored in ``finish`` before the alias
    swap, followed by the rebuilder's own refresh.
    """

    def start(self):
        index = super().start()
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
        super().finish()
