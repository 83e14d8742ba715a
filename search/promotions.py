"""Promoted results share the normalised query key used by search and analytics.

Wagtail's search_promotions only lowercases and collapses spaces; search looks
promotions up by :func:`search.synonyms.normalise` (punctuation removed too).
Every ``Query`` saved, from the admin or from code, is stored under that key.
If a query with the same key exists already, the two are merged (promotions
and daily hits move to the saved one), so "Muscle cramps?" and "muscle cramps"
can never hold two different sets of promotions.
"""

import uuid

from django.db.models import F, Max

from .synonyms import normalise

MAX_LENGTH = 255


def normalise_query_pre_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    key = normalise(instance.query_string)[:MAX_LENGTH].strip()
    if not key:
        return  # nothing to normalise to ("???"): keep Wagtail's form
    instance.query_string = key
    others = sender.objects.filter(query_string=key)
    if instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    existing = others.first()
    if existing is None:
        return
    if instance.pk is not None:
        # Renamed onto an existing query: absorb it before taking its key.
        merge_queries(existing.pk, instance.pk)
        sender.objects.filter(pk=existing.pk).delete()
    else:
        # A new row for an existing key: free the key now, merge after insert.
        sender.objects.filter(pk=existing.pk).update(
            query_string=f"__merging__{existing.pk}_{uuid.uuid4().hex[:8]}"
        )
        instance._search_merge_from = existing.pk


def merge_query_post_save(sender, instance, raw=False, **kwargs):
    source_pk = getattr(instance, "_search_merge_from", None)
    if raw or source_pk is None:
        return
    del instance._search_merge_from
    merge_queries(source_pk, instance.pk)
    sender.objects.filter(pk=source_pk).delete()


def merge_queries(source_pk, target_pk):
    """Move promotions and daily hits of query ``source_pk`` to ``target_pk``."""
    from wagtail.contrib.search_promotions.models import (
        QueryDailyHits,
        SearchPromotion,
    )

    target_pages = set(
        SearchPromotion.objects.filter(query_id=target_pk)
        .exclude(page=None)
        .values_list("page_id", flat=True)
    )
    offset = SearchPromotion.objects.filter(query_id=target_pk).aggregate(
        top=Max("sort_order")
    )["top"]
    offset = -1 if offset is None else offset
    for promotion in SearchPromotion.objects.filter(query_id=source_pk).order_by(
        "sort_order", "pk"
    ):
        if promotion.page_id and promotion.page_id in target_pages:
            promotion.delete()  # the same page promoted twice: keep one
            continue
        offset += 1
        SearchPromotion.objects.filter(pk=promotion.pk).update(
            query_id=target_pk, sort_order=offset
        )
    for hits in QueryDailyHits.objects.filter(query_id=source_pk):
        updated = QueryDailyHits.objects.filter(
            query_id=target_pk, date=hits.date
        ).update(hits=F("hits") + hits.hits)
        if updated:
            hits.delete()
        else:
            QueryDailyHits.objects.filter(pk=hits.pk).update(query_id=target_pk)
