"""Editor-picked related articles from the source, only ever added.

Related sources that already have pages are linked as the article is written;
those made later in the run are linked at the end (:class:`PendingRelated`).
Links are never removed, so editors' own picks survive re-imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..models import HealthArticlePage, RelatedArticle
from .base import ImportedArticle


@dataclass
class PendingRelated:
    page_id: int
    source_ids: list[str]
    publish: bool
    position: str


def resolve_related(article: ImportedArticle, by_id: dict[str, int]) -> dict[str, int]:
    """source id -> page id, for the related sources that exist now."""
    if not article.related_source_ids:
        return {}
    own = by_id.get(article.source_id)
    return {
        source: by_id[source]
        for source in article.related_source_ids
        if source in by_id and by_id[source] != own
    }


def merged_related(current, resolved: dict[str, int]) -> list[int]:
    """The page's related links plus the resolved ones it lacks, in order."""
    ids = [link.page_id for link in current.related_links.all()]
    ids += [pk for pk in resolved.values() if pk not in ids and pk != current.pk]
    return ids


def link_related(item: PendingRelated, found: dict[str, int]) -> bool:
    """Add the related pages ``found`` to the item's page; True when it changed."""
    page = HealthArticlePage.objects.get(pk=item.page_id)
    # Publish the links only if the page is live with nothing else pending
    # (read now: the latest revision object may be ``page`` itself).
    publish = item.publish and page.live and not page.has_unpublished_changes
    current = page.get_latest_revision_as_object()
    ids = [link.page_id for link in current.related_links.all()]
    new = [pk for pk in found.values() if pk not in ids and pk != page.pk]
    if not new:
        return False
    current.related_links = [
        RelatedArticle(page_id=pk, sort_order=i) for i, pk in enumerate(ids + new)
    ]
    with disable_reference_index_auto_update():
        revision = current.save_revision(clean=False, log_action=True)
        if publish:
            revision.publish()
    ReferenceIndex.create_or_update_for_object(
        HealthArticlePage.objects.get(pk=page.pk)
    )
    return True
