"""SQLite FTS5 shortcut for Wagtail's SQLite search backend.

Wagtail's SQLite backend ranks with a correlated subquery that repeats the
full-text match for every matching row (about 10 s per search at 20,000
articles); ranking in the match itself takes milliseconds. The table and its
contents are Wagtail's; only the query is ours.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections

from health_articles.models import HealthArticlePage

from .ranking import FTS_WEIGHTS, MAX_ENGINE_WORDS
from .results import match_cards

logger = logging.getLogger("search")


def usable(backend, queryset):
    """True when ``backend`` is Wagtail's SQLite one on an SQLite database."""
    return (
        "sqlite" in type(backend).__module__
        and connections[queryset.db].vendor == "sqlite"
    )


def fts_word(word):
    """One visitor's word as an FTS5 expression. Words come from normalise()
    ([\\w']+) and are quoted as FTS5 strings. From three letters on, words
    starting with it match too ("cramp" finds "cramps": this backend does not
    stem)."""
    quoted = '"' + word.replace('"', '""') + '"'
    if len(word) < 3:
        return quoted
    return f"({quoted} OR {quoted}*)"


def sqlite_fts(backend, queryset, alternatives, operator):
    """Matches of ``queryset`` for any alternative, best first (``NameCard``:
    id, title, also-known-as names), or None when the backend is not
    Wagtail's SQLite one (use ``backend.search``)."""
    if not usable(backend, queryset):
        return None
    connection = connections[queryset.db]
    joiner = " AND " if operator == "and" else " OR "
    groups = []
    for alternative in alternatives:
        words = [w for w in alternative.split() if w][:MAX_ENGINE_WORDS]
        if words:
            groups.append("(" + joiner.join(fts_word(w) for w in words) + ")")
    if not groups:
        return []
    match = "{title body} : (" + " OR ".join(groups) + ")"
    content_type = ContentType.objects.get_for_model(HealthArticlePage)
    sql = (
        "SELECT e.object_id FROM wagtailsearch_indexentry_fts "
        "JOIN wagtailsearch_indexentry e ON e.id = wagtailsearch_indexentry_fts.rowid "
        "WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s "
        f"ORDER BY bm25(wagtailsearch_indexentry_fts, {FTS_WEIGHTS}) LIMIT 1000"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, content_type.pk])
            ids = [int(row[0]) for row in cursor.fetchall()]
    except DatabaseError as exc:
        logger.warning("Direct full-text query failed, using Wagtail's: %s", exc)
        return None
    return match_cards(queryset, ids)[:300]
