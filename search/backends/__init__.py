"""Backend selection: the engine backend of this process, if one is configured.

``search.backends.engine`` is Wagtail's engine backend, detected and extended;
``search.backends.bulk`` its fast rebuild; ``search.backends.analysis`` the
analyzers; ``search.backends.rawtext`` StreamField text for documents.
"""

import json
import logging

from django.conf import settings
from wagtail.search.backends import get_search_backend

logger = logging.getLogger("search")

_backends = {}


def engine_backend():
    """The configured default backend if it is a search engine, else None.

    One instance per configuration and process: Wagtail builds a new backend
    (and a new engine client with its own connection pool) on every
    ``get_search_backend`` call, which would cost a TCP handshake per search.
    """
    config = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    key = json.dumps(config, sort_keys=True, default=str)
    if key not in _backends:
        try:
            backend = get_search_backend("default")
        except Exception:  # noqa: BLE001 - a broken engine setting must not 500
            logger.exception("Search backend could not be created")
            return None
        if not hasattr(backend, "es"):
            backend = None
        elif not backend.engine_version and not config.get("ENGINE"):
            return backend  # detection failed: do not keep the guess
        _backends[key] = backend
    return _backends[key]
