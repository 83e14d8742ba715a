"""The Elasticsearch / OpenSearch backend: Wagtail's own, detected and extended.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.engine"``
makes Wagtail call :func:`SearchBackend` with the settings. It asks the engine
what it is (``GET /``), picks Wagtail's matching backend class (Elasticsearch
7/8/9, OpenSearch 2/3) and extends it by subclassing: English analysis (stemming,
ASCII folding, UK/US spelling), and helpers our queries use. There is one
index, owned by Wagtail's backend; nothing else writes to it.
"""

import base64
import json
import logging
import os
import ssl
import urllib.request
from importlib import import_module
from urllib.parse import unquote, urlsplit, urlunsplit

from django.core.exceptions import FieldDoesNotExist
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import breaker
from .analysis import (
    ALL_TEXT_ANALYZER,
    ANALYSIS_SETTINGS,
    AUTOCOMPLETE_SEARCH_ANALYZER,
    TEXT_ANALYZER,
    WORDS_ANALYZER,
)
from .bulk import BulkLoadRebuilderMixin
from .rawtext import stream_field_text

logger = logging.getLogger("search")

BACKEND_MODULES = {
    ("elasticsearch", 7): "wagtail.search.backends.elasticsearch7",
    ("elasticsearch", 8): "wagtail.search.backends.elasticsearch8",
    ("elasticsearch", 9): "wagtail.search.backends.elasticsearch9",
    ("opensearch", 2): "wagtail.search.backends.opensearch2",
    ("opensearch", 3): "wagtail.search.backends.opensearch3",
}
DEFAULT_ENGINE = ("elasticsearch", 7)


class EngineUnavailable(Exception):
    """The engine could not be reached or answered something unexpected."""


def parse_engine_name(name):
    """'elasticsearch8' / 'opensearch2' / 'elasticsearch' -> (product, major)."""
    name = (name or "").strip().lower().replace("-", "").replace("_", "")
    for product in ("elasticsearch", "opensearch"):
        if name.startswith(product):
            rest = name[len(product) :]
            if not rest:
                return (product, 7 if product == "elasticsearch" else 2)
            if rest.isdigit() and (product, int(rest)) in BACKEND_MODULES:
                return (product, int(rest))
    raise ValueError(
        f"SEARCH_ENGINE={name!r} is not one of: "
        + ", ".join(f"{p}{v}" for p, v in BACKEND_MODULES)
    )


def engine_from_info(info):
    """The engine's ``GET /`` answer -> (product, major, version string)."""
    try:
        version = info["version"]
        number = str(version["number"])
        major = int(number.split(".")[0])
    except (KeyError, TypeError, ValueError) as exc:
        raise EngineUnavailable(
            f"unexpected answer from the engine: {info!r:.200}"
        ) from exc
    product = (
        "opensearch" if version.get("distribution") == "opensearch" else "elasticsearch"
    )
    if (product, major) not in BACKEND_MODULES:
        raise EngineUnavailable(f"unsupported engine {product} {number}")
    return product, major, number


def fetch_info(url, timeout=3.0, ca_certs=None, auth=None):
    """GET / on one node (credentials from ``auth`` or the URL); returns the JSON."""
    parts = urlsplit(url)
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    clean = urlunsplit(parts._replace(netloc=netloc, path=parts.path or "/"))
    request = urllib.request.Request(clean, headers={"Accept": "application/json"})
    if auth is None and parts.username:
        auth = (unquote(parts.username), unquote(parts.password or ""))
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    context = None
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=ca_certs or None)
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as resp:
            return json.loads(resp.read().decode("utf-8"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        raise EngineUnavailable(f"{clean}: {exc}") from exc


def detect_engine(urls, timeout=3.0, ca_certs=None, auth=None):
    errors = []
    for url in urls:
        try:
            info = fetch_info(url, timeout=timeout, ca_certs=ca_certs, auth=auth)
            return engine_from_info(info)
        except EngineUnavailable as exc:
            errors.append(str(exc))
    raise EngineUnavailable("; ".join(errors) or "no URL configured")


# Engine columns that get a ``.words`` subfield (title, also-known-as).
WORDS_SUBFIELD_FOR = ("title", "health_articles_healtharticlepage__also_known_as")


class HealthMappingMixin:
    """English analysis on every text field; folded prefixes for autocomplete."""

    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": AUTOCOMPLETE_SEARCH_ANALYZER,
    }

    def get_mapping(self):
        mapping = super().get_mapping()

        def apply(properties):
            for value in properties.values():
                if value.get("type") == "nested":
                    apply(value["properties"])
                elif value.get("type") == "text" and "analyzer" not in value:
                    value["analyzer"] = TEXT_ANALYZER

        apply(mapping["properties"])
        # Whole, unstemmed words of the names a topic goes by: the target for
        # typo tolerance. Against stems ("obes", "smoke") a one-letter slip
        # such as "obeity" or "smokig" is two or more edits away.
        for name, value in mapping["properties"].items():
            if name in WORDS_SUBFIELD_FOR and value.get("type") == "text":
                value.setdefault("fields", {})["words"] = {
                    "type": "text",
                    "analyzer": WORDS_ANALYZER,
                }
        if "_all_text" in mapping["properties"]:
            mapping["properties"]["_all_text"]["analyzer"] = ALL_TEXT_ANALYZER
        return mapping

    def _get_document_field_data(self, field, obj):
        # StreamField text from the stored JSON (same strings, several times
        # faster than converting every block); see backends/rawtext.py.
        stream_field = _stream_field(type(obj), field)
        if stream_field is None:
            return super()._get_document_field_data(field, obj)
        value = stream_field_text(stream_field, stream_field.value_from_object(obj))
        name = self.get_field_column_name(field)
        if isinstance(field, index.AutocompleteField):
            return name, value, [value]
        return name, value, []


_stream_fields = {}


def _stream_field(model, field):
    """The StreamField behind a (non-related) search field, or None."""
    key = (model, field.field_name, type(field))
    if key not in _stream_fields:
        found = None
        if not isinstance(field, index.RelatedFields):
            try:
                column = field.get_field(model)
            except FieldDoesNotExist:
                column = None
            if isinstance(column, StreamField):
                found = column
        _stream_fields[key] = found
    return _stream_fields[key]


class HealthBackendMixin:
    """Settings and helpers shared by every engine flavour."""

    product = "elasticsearch"
    engine_version = ""

    def __init__(self, params):
        params = dict(params)
        index_settings = params.pop("INDEX_SETTINGS", {})
        # Which breaker (search/breaker.py) this backend's calls report to.
        self.breaker_key = breaker_key(params)
        super().__init__(params)
        analysis = self.settings["settings"].setdefault("analysis", {})
        for key, value in ANALYSIS_SETTINGS.items():
            analysis.setdefault(key, {}).update(value)
        self.settings["settings"].setdefault("index", {})
        if index_settings:
            from modelsearch.utils import deep_update

            self.settings = deep_update(self.settings, index_settings)

    def raw_search(self, index, body, **kwargs):
        """One search request with a body (the pinned 7.x and OpenSearch
        clients' call style)."""
        return self.es.search(index=index, body=body, **kwargs)

    def page_index_name(self):
        return self.get_index_for_model(Page).name

    def mapping_for(self, model):
        return self.mapping_class(model)


_classes = {}


def backend_class(product, major):
    key = (product, major)
    if key not in _classes:
        module = import_module(BACKEND_MODULES[key])
        base = module.SearchBackend
        mapping = type(
            f"Health{base.mapping_class.__name__}",
            (HealthMappingMixin, base.mapping_class),
            {},
        )
        query_compiler = type(
            f"Health{base.query_compiler_class.__name__}",
            (base.query_compiler_class,),
            {"mapping_class": mapping},
        )
        autocomplete_compiler = type(
            f"Health{base.autocomplete_query_compiler_class.__name__}",
            (base.autocomplete_query_compiler_class,),
            {"mapping_class": mapping},
        )
        rebuilders = {
            attribute: type(
                f"Health{getattr(base, attribute).__name__}",
                (BulkLoadRebuilderMixin, getattr(base, attribute)),
                {},
            )
            for attribute in ("basic_rebuilder_class", "atomic_rebuilder_class")
        }
        _classes[key] = type(
            f"Health{base.__name__}",
            (HealthBackendMixin, base),
            {
                "mapping_class": mapping,
                "query_compiler_class": query_compiler,
                "autocomplete_query_compiler_class": autocomplete_compiler,
                "product": product,
                **rebuilders,
            },
        )
    return _classes[key]


_detected = {}


def breaker_key(params):
    return tuple(params.get("URLS") or ["http://localhost:9200"])


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    """Instantiate the Wagtail backend matching the engine at ``URLS``.

    The engine's answer is remembered for the process. When it cannot be
    reached, the failure opens the engine's breaker (search/breaker.py), which
    logs it once; detection is tried again when the breaker lets a probe
    through, and search meanwhile answers from the database.
    """
    params = dict(params)
    forced = params.pop("ENGINE", "")
    urls = params.get("URLS") or ["http://localhost:9200"]
    ca_certs = (params.get("OPTIONS") or {}).get("ca_certs")
    if forced:
        product, major = parse_engine_name(forced)
        return _instantiate(product, major, "", params)
    key = breaker_key(params)
    engine_breaker = breaker.for_key(key)
    if key not in _detected and engine_breaker.allow():
        try:
            _detected[key] = detect_engine(
                urls,
                timeout=min(float(params.get("TIMEOUT", 5)), 3.0),
                ca_certs=ca_certs,
                auth=(params.get("OPTIONS") or {}).get("http_auth"),
            )
            engine_breaker.succeeded()
        except EngineUnavailable as exc:
            engine_breaker.failed(
                exc, f"Detection (assuming {DEFAULT_ENGINE[0]} {DEFAULT_ENGINE[1]})"
            )
    product, major, version = _detected.get(key, (*DEFAULT_ENGINE, ""))
    return _instantiate(product, major, version, params)


def _client_major():
    try:
        from elasticsearch import VERSION
    except ImportError:  # pragma: no cover - the client is a dependency
        return 0
    return VERSION[0]


def _instantiate(product, major, version, params):
    client = _client_major()
    if product == "elasticsearch" and major > client >= 7:
        # The installed 7.x client talks to Elasticsearch 8/9 through its REST
        # compatibility mode (documented by Elastic for upgrades): use the
        # 7.x backend and ask the client to send compatible-with=7 headers.
        logger.info(
            "Elasticsearch %s with a %s.x Python client: using REST compatibility",
            version or major,
            client,
        )
        os.environ.setdefault("ELASTIC_CLIENT_APIVERSIONING", "true")
        major = client
    try:
        cls = backend_class(product, major)
    except ImportError as exc:
        raise EngineUnavailable(
            f"{product} {major} needs its Python client installed ({exc})"
        ) from exc
    backend = cls(params)
    backend.engine_version = version
    return backend
