"""Index documents for a full rebuild, built from database rows.

The same documents as Wagtail's ``mapping.get_document``, built faster for
models whose search fields are all understood here (concrete columns,
StreamFields, tag relations and a few registered model methods): rows read
with ``values()`` in primary-key order, large chunks, tags with one query per
chunk, the body's text from the StreamField's stored JSON
(search/backends/rawtext.py). Any other model goes through Wagtail's mapping
on model instances. search/backends/bulk.py sends them.
"""

import datetime
import decimal
import json
import logging
import uuid

from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignObjectRel, TextField
from django.db.models.fields.related import RelatedField
from django.db.models.functions import Cast
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    RelatedFields,
    SearchField,
)
from wagtail.fields import StreamField

from .rawtext import extractor_for

logger = logging.getLogger("search")

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
