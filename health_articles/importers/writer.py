"""Write parsed articles as Wagtail pages, idempotently.

An article is matched to an existing page by ``source_id`` (then by
``source_url``), wherever that page now lives. New pages are added under the
parent index page; existing pages keep their slug and place. When the imported
content equals the page's latest revision (and the page is live if it should
be), nothing is written and the article counts as unchanged.

Each article is written in its own transaction. Editor-picked related articles
(``related_source_ids``) are resolved against pages that already exist; those
pointing at pages created later in the same run are filled in by
:meth:`ArticleWriter.resolve_pending_related` at the end. Related links are only
ever added, never removed, so editors' own picks survive re-imports.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..models import HealthArticlePage, RelatedArticle
from .base import STATUS_DEFAULT, STATUS_PUBLISH, ImportedArticle

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
SLUG_MAX_CHARS = 80
LOCK_RETRIES = 8  # about 10 s of back-off in all


class WriteError(Exception):
    """An article that cannot be written (duplicate source, invalid page...)."""


@dataclass
class _PendingRelated:
    page_id: int
    source_ids: list[str]
    publish: bool
    position: str


@dataclass
class WriteReport:
    """Messages a caller should show: warnings and per-article notes."""

    warnings: list[str] = field(default_factory=list)


class ArticleWriter:
    def __init__(self, parent: Page, *, publish: bool = False):
        self.parent = parent
        self.publish_default = publish
        self.report = WriteReport()
        self.taken_slugs = set(parent.get_children().values_list("slug", flat=True))
        self.source_positions: dict[str, str] = {}
        self.slug_positions: dict[str, str] = {}
        self.page_ids: dict[str, int] = {}  # source_id -> page id, this run
        self.pending: list[_PendingRelated] = []
        self._sources: tuple[dict[str, int], dict[str, int]] | None = None
        self._names = None  # duplicates.NameIndex, read on first use

    # --- One article ----------------------------------------------------------

    def write(self, article: ImportedArticle) -> str:
        """Create or update the page for ``article`` in its own transaction.

        Returns ``CREATED``, ``UPDATED`` or ``UNCHANGED``; raises
        :class:`WriteError` (nothing written) when the article cannot be saved.
        """
        self._check_duplicates(article)
        try:
            outcome, page_id, missing = in_transaction(
                partial(self._with_one_reference_update, self._write, article)
            )
        except ValidationError as exc:
            raise WriteError(_validation_message(exc))
        self.page_ids[article.source_id] = page_id
        if outcome == CREATED:
            self._warn_same_name(article, page_id)
        by_id, by_url = self._known_sources()
        by_id.setdefault(article.source_id, page_id)
        if article.source_url:
            by_url.setdefault(article.source_url, page_id)
        if missing:
            self.pending.append(
                _PendingRelated(
                    page_id, missing, self.should_publish(article), article.position
                )
            )
        return outcome

    def _warn_same_name(self, article: ImportedArticle, page_id: int) -> None:
        """A new page named like an existing article (title or also-known-as,
        any capitalisation) is probably a duplicate: say so."""
        from ..duplicates import NameIndex

        if self._names is None:
            self._names = NameIndex(HealthArticlePage.objects.exclude(pk=page_id))
        for pk, other, how in self._names.clashes(article.title, exclude=page_id):
            where = "title" if how == "title" else "also-known-as name"
            self.report.warnings.append(
                f"{article.position}: “{article.title}” has the same name as the "
                f"{where} of existing article “{other}” (id {pk}); it may be a "
                "duplicate (see Reports > Likely duplicates)"
            )
        self._names.add(page_id, article.title, "\n".join(article.also_known_as))

    @staticmethod
    def _with_one_reference_update(write, article):
        """Run ``write`` with Wagtail's per-save reference index updates off, then
        update the page's references once: a new published page is saved three
        times (add_child, save_revision, publish), and each update re-reads the
        whole page."""
        with disable_reference_index_auto_update():
            outcome, page_id, missing = write(article)
        if outcome != UNCHANGED:
            ReferenceIndex.create_or_update_for_object(
                HealthArticlePage.objects.get(pk=page_id)
            )
        return outcome, page_id, missing

    def _check_duplicates(self, article: ImportedArticle) -> None:
        earlier = self.source_positions.get(article.source_id)
        if earlier:
            raise WriteError(
                f"duplicate source id {article.source_id!r} "
                f"(already imported from {earlier}); skipped"
            )
        self.source_positions[article.source_id] = article.position
        base = self.base_slug(article)
        earlier = self.slug_positions.get(base)
        if earlier:
            self.report.warnings.append(
                f"{article.position}: duplicate slug {base!r} (also used by "
                f"{earlier}); this article gets a numbered slug"
            )
        else:
            self.slug_positions[base] = article.position

    def should_publish(self, article: ImportedArticle) -> bool:
        if article.status == STATUS_DEFAULT:
            return self.publish_default
        return article.status == STATUS_PUBLISH

    def _write(self, article: ImportedArticle) -> tuple[str, int, list[str]]:
        publish = self.should_publish(article)
        existing = self.find_existing(article)
        related = self._resolve_related(article)
        if existing is None:
            page = self._create(article, publish, list(related.values()))
            outcome = CREATED
        else:
            page = existing
            outcome = self._update(existing, article, publish, related)
        missing = [s for s in article.related_source_ids if s not in related]
        return outcome, page.pk, missing

    def find_existing(self, article: ImportedArticle) -> HealthArticlePage | None:
        """The page imported earlier from this source (by source id, then URL)."""
        by_id, by_url = self._known_sources()
        pk = by_id.get(article.source_id)
        if pk is None and article.source_url:
            pk = by_url.get(article.source_url)
        if pk is None:
            return None
        return HealthArticlePage.objects.filter(pk=pk).first()

    def _known_sources(self) -> tuple[dict[str, int], dict[str, int]]:
        """source id -> page id and source URL -> page id for every article page,
        read once (two short columns) instead of two lookups per article."""
        if self._sources is None:
            by_id: dict[str, int] = {}
            by_url: dict[str, int] = {}
            rows = (
                HealthArticlePage.objects.order_by("pk")
                .values_list("pk", "source_id", "source_url")
                .iterator(chunk_size=2000)
            )
            for pk, source_id, source_url in rows:
                if source_id:
                    by_id.setdefault(source_id, pk)
                if source_url:
                    by_url.setdefault(source_url, pk)
            self._sources = (by_id, by_url)
        return self._sources

    def _create(self, article, publish, related_ids) -> HealthArticlePage:
        page = HealthArticlePage(
            title=article.title,
            slug=self.unique_slug(self.base_slug(article)),
            live=False,
            first_published_at=article.published_at if publish else None,
        )
        self._apply(page, article, related_ids)
        self.parent.add_child(instance=page)
        self.taken_slugs.add(page.slug)
        revision = page.save_revision(clean=False)
        log(instance=page, action="wagtail.create", content_changed=True)
        if publish:
            revision.publish()
            self._set_dates(page, article)
        return page

    def _update(self, existing, article, publish, related) -> str:
        current = existing.get_latest_revision_as_object()
        wanted_related = self._merged_related(current, related)
        content_changed = self._state(current) != self._wanted_state(
            article, current, wanted_related
        )
        needs_publish = publish and (
            content_changed or not existing.live or existing.has_unpublished_changes
        )
        dates_changed = publish and self._dates_differ(existing, article)
        if not (content_changed or needs_publish or dates_changed):
            return UNCHANGED
        if content_changed or needs_publish:
            self._apply(current, article, wanted_related)
            current.full_clean()
            revision = current.save_revision(clean=False, log_action=True)
            if publish:
                revision.publish()
        if publish:
            self._set_dates(existing, article)
        return UPDATED

    # --- Field values ---------------------------------------------------------

    def _apply(self, page, article: ImportedArticle, related_ids: list[int]) -> None:
        page.title = article.title
        page.summary = article.summary
        page.also_known_as = "\n".join(article.also_known_as)
        page.body = json.dumps(article.body_blocks)
        page.source_id = article.source_id
        page.source_url = article.source_url
        if article.credit:
            page.source_credit = article.credit
        if article.author:
            page.author = article.author
        page.tags.set(article.tags)
        if article.related_source_ids:
            page.related_links = [
                RelatedArticle(page_id=pk, sort_order=i)
                for i, pk in enumerate(related_ids)
            ]

    def _state(self, page) -> dict:
        return {
            "title": page.title,
            "summary": page.summary,
            "also_known_as": page.also_known_as,
            "body": [(b["type"], b["value"]) for b in page.body.raw_data],
            "source_id": page.source_id,
            "source_url": page.source_url,
            "source_credit": page.source_credit,
            "author": page.author,
            "tags": sorted(tag.name for tag in page.tags.all()),
            "related": [link.page_id for link in page.related_links.all()],
        }

    def _wanted_state(self, article, current, related_ids) -> dict:
        return {
            "title": article.title,
            "summary": article.summary,
            "also_known_as": "\n".join(article.also_known_as),
            "body": [(b["type"], b["value"]) for b in article.body_blocks],
            "source_id": article.source_id,
            "source_url": article.source_url,
            "source_credit": article.credit or current.source_credit,
            "author": article.author or current.author,
            "tags": sorted(article.tags),
            "related": related_ids
            if article.related_source_ids
            else [link.page_id for link in current.related_links.all()],
        }

    def _dates_differ(self, page, article) -> bool:
        return bool(
            (article.published_at and page.first_published_at != article.published_at)
            or (
                article.last_published_at
                and page.last_published_at != article.last_published_at
            )
        )

    def _set_dates(self, page, article) -> None:
        """Keep the source's publication dates rather than the import time."""
        dates = {}
        if article.published_at:
            dates["first_published_at"] = article.published_at
        if article.last_published_at:
            dates["last_published_at"] = article.last_published_at
        if dates:
            Page.objects.filter(pk=page.pk).update(**dates)

    # --- Slugs ----------------------------------------------------------------

    def base_slug(self, article: ImportedArticle) -> str:
        slug = slugify(article.slug or article.title)[:SLUG_MAX_CHARS].strip("-")
        return slug or "article"

    def unique_slug(self, base: str) -> str:
        slug, n = base, 2
        while slug in self.taken_slugs:
            slug, n = f"{base}-{n}", n + 1
        return slug

    # --- Related articles -----------------------------------------------------

    def _resolve_related(self, article: ImportedArticle) -> dict[str, int]:
        """source id -> page id, for the related sources that exist now."""
        if not article.related_source_ids:
            return {}
        by_id = self._known_sources()[0]
        own = by_id.get(article.source_id)
        return {
            source: by_id[source]
            for source in article.related_source_ids
            if source in by_id and by_id[source] != own
        }

    def _merged_related(self, current, resolved: dict[str, int]) -> list[int]:
        """The page's related links plus the resolved ones it lacks, in order."""
        ids = [link.page_id for link in current.related_links.all()]
        ids += [pk for pk in resolved.values() if pk not in ids and pk != current.pk]
        return ids

    def resolve_pending_related(self) -> tuple[int, int]:
        """Link related articles created later in the run.

        Returns (pages updated, related ids still not found).
        """
        updated = unresolved = 0
        for item in self.pending:
            found = {s: self.page_ids[s] for s in item.source_ids if s in self.page_ids}
            unresolved += len(item.source_ids) - len(found)
            if not found:
                continue
            try:
                linked = in_transaction(partial(self._link_related, item, found))
            except Exception as exc:  # noqa: BLE001 - report it, link the others
                self.report.warnings.append(
                    f"{item.position}: could not link related articles "
                    f"({type(exc).__name__}: {exc})"
                )
                continue
            updated += linked
        self.pending = []
        return updated, unresolved

    def _link_related(self, item: _PendingRelated, found: dict[str, int]) -> bool:
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


def in_transaction(func):
    """Run ``func`` in its own transaction, retrying when SQLite is locked.

    SQLite refuses a write while another connection (the search outbox's
    delivery thread, a web request) holds the lock; the transaction was rolled
    back, so running it again is safe. Inside an outer transaction (--dry-run)
    there is nothing to retry.
    """
    for attempt in range(LOCK_RETRIES + 1):
        try:
            with transaction.atomic():
                return func()
        except OperationalError as exc:
            retry = "locked" in str(exc) and not connection.in_atomic_block
            if not retry or attempt == LOCK_RETRIES:
                raise
            time.sleep(min(2.0, 0.1 * 2**attempt))


def _validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)
