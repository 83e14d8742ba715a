"""Every search the site runs, one room per concern.

- ``inputs``: one gate per endpoint; every limit, every 400/404/405.
- ``visibility``: what a visitor may see, as a queryset, hidden ids and the
  engine filter (the rule itself: ``HealthArticlePage.objects.visible()``).
- ``ranking``: every boost, the query's clauses and the database ordering.
- ``engine``: the engine searcher, holding every engine query body.
- ``database``: the database searcher, with the same methods; ``fts`` its
  SQLite FTS5 shortcut.
- ``results``: the response, items, snippets and facets; ``promoted``: editor
  promotions.
- ``service``: which searcher answers, with the engine breaker
  (search/breaker.py) deciding when the engine is failing.

Views and templates use the names exported here.
"""

from ..backends import engine_backend
from .database import database_backend
from .engine import es_fields
from .inputs import (
    DEFAULT_AUTOCOMPLETE,
    DEFAULT_PAGE_SIZE,
    MAX_AUTOCOMPLETE,
    MAX_PAGE_SIZE,
    SearchInputError,
    clean_positive_int,
    clean_query,
)
from .results import SearchResponse, highlight_text, load_cards, load_pages, serialize
from .service import autocomplete, backend_label, search_articles, similar_ids
from .visibility import (
    CONTENT_TYPE,
    hidden_article_ids,
    searchable_articles,
    visible_articles,
)

__all__ = [
    "CONTENT_TYPE",
    "DEFAULT_AUTOCOMPLETE",
    "DEFAULT_PAGE_SIZE",
    "MAX_AUTOCOMPLETE",
    "MAX_PAGE_SIZE",
    "SearchInputError",
    "SearchResponse",
    "autocomplete",
    "backend_label",
    "clean_positive_int",
    "clean_query",
    "database_backend",
    "engine_backend",
    "es_fields",
    "hidden_article_ids",
    "highlight_text",
    "load_cards",
    "load_pages",
    "search_articles",
    "searchable_articles",
    "serialize",
    "similar_ids",
    "visible_articles",
]
