"""An imported article's field values on its page, and the state compared to
decide whether a re-import changes anything."""

from __future__ import annotations

import json

from wagtail.models import Page

from ..models import RelatedArticle
from .base import ImportedArticle
from .page_body import ResolvedBody


def apply_fields(
    page, article: ImportedArticle, related_ids: list[int], resolved: ResolvedBody
) -> None:
    page.title = article.title
    page.summary = article.summary
    page.also_known_as = "\n".join(article.also_known_as)
    if article.clinical_terms is not None:
        page.clinical_terms = "\n".join(article.clinical_terms)
    page.body = json.dumps(resolved.body)
    page.source_id = article.source_id
    page.source_url = article.source_url
    page.source_parent = parent_note(article)
    if resolved.hero is not None:
        page.hero_image, page.hero_image_alt = resolved.hero
    if article.credit:
        page.source_credit = article.credit
    if article.author:
        page.author = article.author
    page.tags.set(article.tags)
    if article.related_source_ids:
        page.related_links = [
            RelatedArticle(page_id=pk, sort_order=i) for i, pk in enumerate(related_ids)
        ]


def page_state(page) -> dict:
    """What an import sets, as the page (or revision) holds it now."""
    return {
        "title": page.title,
        "summary": page.summary,
        "also_known_as": page.also_known_as,
        "clinical_terms": page.clinical_terms,
        "body": [(b["type"], b["value"]) for b in page.body.raw_data],
        "source_id": page.source_id,
        "source_url": page.source_url,
        "source_credit": page.source_credit,
        "source_parent": page.source_parent,
        "author": page.author,
        "tags": sorted(tag.name for tag in page.tags.all()),
        "related": [link.page_id for link in page.related_links.all()],
        "hero": (page.hero_image_id, page.hero_image_alt),
    }


def wanted_state(
    article: ImportedArticle, current, related_ids: list[int], resolved: ResolvedBody
) -> dict:
    """:func:`page_state` as it would be after importing ``article``."""
    hero = resolved.hero
    return {
        "title": article.title,
        "summary": article.summary,
        "also_known_as": "\n".join(article.also_known_as),
        "clinical_terms": "\n".join(article.clinical_terms)
        if article.clinical_terms is not None
        else current.clinical_terms,
        "body": [(b["type"], b["value"]) for b in resolved.body],
        "source_id": article.source_id,
        "source_url": article.source_url,
        "source_credit": article.credit or current.source_credit,
        "source_parent": parent_note(article),
        "author": article.author or current.author,
        "tags": sorted(article.tags),
        "related": related_ids
        if article.related_source_ids
        else [link.page_id for link in current.related_links.all()],
        "hero": (
            (hero[0].pk if hero[0] else None, hero[1])
            if hero is not None
            else (current.hero_image_id, current.hero_image_alt)
        ),
    }


def parent_note(article: ImportedArticle) -> str:
    return article.parent_source_id[:255]


def dates_differ(page, article: ImportedArticle) -> bool:
    return bool(
        (article.published_at and page.first_published_at != article.published_at)
        or (
            article.last_published_at
            and page.last_published_at != article.last_published_at
        )
    )


def set_dates(page, article: ImportedArticle) -> None:
    """Keep the source's publication dates rather than the import time."""
    dates = {}
    if article.published_at:
        dates["first_published_at"] = article.published_at
    if article.last_published_at:
        dates["last_published_at"] = article.last_published_at
    if dates:
        Page.objects.filter(pk=page.pk).update(**dates)
