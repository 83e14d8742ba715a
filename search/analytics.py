"""Search analytics: what visitors searched for (no personal data)."""

import logging

from django.db import DatabaseError

from .synonyms import normalise

logger = logging.getLogger("search")


def record_search(query_text, total):
    """Count a search with Wagtail's search_promotions query hits."""
    key = normalise(query_text)
    if not key:
        return
    try:
        from wagtail.contrib.search_promotions.models import Query

        Query.get(key).add_hit()
    except DatabaseError:  # analytics must never break a search
        logger.exception("Could not record search analytics")
