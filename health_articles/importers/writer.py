"""Write parsed articles as Wagtail pages, idempotently.

An article is matched to an existing page by ``source_id`` (then by
``source_url``), wherever that page now lives. New pages are added under the
parent index page; existing pages keep their slug and place. When the imported
content equals the page's latest revision (and the page is live if it should
be), nothing is written and the article counts as unchanged.

Each article is written in its own transaction (:mod:`.transactions`).
Editor-picked related articles (``related_source_ids``, :mod:`.related_links`)
are resolved against pages that already exist; those pointing at pages created
later in the same run are filled in by :meth:`ArticleWriter.resolve_pending_related`
at the end. Related links are only ever added, never removed, so editors' own
picks survive re-imports.

What the source says about visibility is applied here, once:

- the source's status decides whether a page is live, scheduled (Wagtail's
  ``go_live_at``, published by ``publish_scheduled``), a draft or unpublished
  (a page imported earlier whose source is now a draft or in the trash);
- private and password articles get a view restriction before their first
  publish, so they are never public, not even for a moment; restrictions are
  only ever added (an editor's own restriction survives a re-import;
  :mod:`.restrictions`);
- old addresses become permanent redirects (``wagtail.contrib.redirects``;
  :mod:`.redirects`);
- links between imported articles become page links (pointing at pages made
  later in the run they keep their old URL, which redirects, until
  :meth:`ArticleWriter.resolve_pending_links` rewrites them at the end;
  :mod:`.page_body`);
- images are looked up in ``--media`` (:mod:`.media`); one not found keeps its
  caption or alt text as a paragraph and is reported.

The page's field values and the state compared on re-import are in
:mod:`.page_fields`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..duplicates import NameIndex
from ..models import HealthArticlePage
from .base import (
    STATUS_DEFAULT,
    STATUS_FUTURE,
    STATUS_PUBLISH,
    STATUS_TRASH,
    ImportedArticle,
)
from .media import MediaLibrary
from .page_body import resolve_body
from .page_fields import (
    apply_fields,
    dates_differ,
    page_state,
    set_dates,
    wanted_state,
)
from .redirects import ensure_redirects
from .related_links import (
    PendingRelated,
    link_related,
    merged_related,
    resolve_related,
)
from .restrictions import ensure_restriction
from .transactions import in_transaction

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
#: A trashed source item with no page to unpublish.
SKIPPED = "skipped"

#: What the writer does with an article, from its status and ``--publish``.
LIVE = "live"
SCHEDULED = "scheduled"
DRAFT = "draft"
RETIRED = "retired"  # never live: unpublished if an earlier import published it

SLUG_MAX_CHARS = 80


class WriteError(Exception):
    """An article that cannot be written (duplicate source, invalid page...)."""


@dataclass
class WriteReport:
    """Messages a caller should show: warnings and per-article notes."""

    warnings: list[str] = field(default_factory=list)


@dataclass
class _PendingLinks:
    article: ImportedArticle
    page_id: int


class ArticleWriter:
    def __init__(
        self, parent: Page, *, publish: bool = False, media: MediaLibrary | None = None
    ):
        self.parent = parent
        self.publish_default = publish
        self.media = media or MediaLibrary(None)
        self.site = parent.get_site()
        self.report = WriteReport()
        self.pending_links: list[_PendingLinks] = []
        #: page id -> the article's notes from the writer (images not found...)
        self.notes: dict[int, list[str]] = {}
        self.taken_slugs = set(parent.get_children().values_list("slug", flat=True))
        self.source_positions: dict[str, str] = {}
        self.slug_positions: dict[str, str] = {}
        self.page_ids: dict[str, int] = {}  # source_id -> page id, this run
        self.pending: list[PendingRelated] = []
        self._sources: tuple[dict[str, int], dict[str, int]] | None = None
        self._names = None  # duplicates.NameIndex, read on first use

    # --- One article ----------------------------------------------------------

    def write(self, article: ImportedArticle) -> str:
        """Create or update the page for ``article`` in its own transaction.

        Returns ``CREATED``, ``UPDATED`` or ``UNCHANGED``; raises
        :class:`WriteError` (nothing written) when the article cannot be saved.
        """
        if self.mode(article) == RETIRED:
            self._check_duplicates(article, slugs=False)
            return self._retire(article)
        self._check_duplicates(article)
        try:
            outcome, page_id, missing = in_transaction(
                partial(self._with_one_reference_update, self._write, article)
            )
        except ValidationError as exc:
            raise WriteError(_validation_message(exc))
        self.last_page_id = page_id
        self.page_ids[article.source_id] = page_id
        if outcome == CREATED:
            self._warn_same_name(article, page_id)
        by_id, by_url = self._known_sources()
        by_id.setdefault(article.source_id, page_id)
        if article.source_url:
            by_url.setdefault(article.source_url, page_id)
        if missing:
            self.pending.append(
                PendingRelated(
                    page_id, missing, self.should_publish(article), article.position
                )
            )
        return outcome

    def _warn_same_name(self, article: ImportedArticle, page_id: int) -> None:
        """A new page named like an existing article (title or also-known-as,
        any capitalisation) is probably a duplicate: say so."""
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

    def _check_duplicates(self, article: ImportedArticle, slugs: bool = True) -> None:
        earlier = self.source_positions.get(article.source_id)
        if earlier:
            raise WriteError(
                f"duplicate source id {article.source_id!r} "
                f"(already imported from {earlier}); skipped"
            )
        self.source_positions[article.source_id] = article.position
        if not slugs:
            return
        base = self.base_slug(article)
        earlier = self.slug_positions.get(base)
        if earlier:
            self.report.warnings.append(
                f"{article.position}: duplicate slug {base!r} (also used by "
                f"{earlier}); this article gets a numbered slug"
            )
        else:
            self.slug_positions[base] = article.position

    def mode(self, article: ImportedArticle) -> str:
        """LIVE, SCHEDULED, DRAFT or RETIRED."""
        if article.status == STATUS_DEFAULT:
            return LIVE if self.publish_default else DRAFT
        return {
            STATUS_PUBLISH: LIVE,
            STATUS_FUTURE: SCHEDULED,
            STATUS_TRASH: RETIRED,
        }.get(article.status, DRAFT)

    def should_publish(self, article: ImportedArticle) -> bool:
        return self.mode(article) == LIVE

    def _write(self, article: ImportedArticle) -> tuple[str, int, list[str]]:
        mode = self.mode(article)
        existing = self.find_existing(article)
        related = resolve_related(article, self._known_sources()[0])
        notes: list[str] = []
        resolved = resolve_body(article, self.media, self._page_id_for, notes)
        if existing is None:
            page = self._create(article, mode, list(related.values()), resolved)
            outcome = CREATED
        else:
            page = existing
            outcome = self._update(existing, article, mode, related, resolved)
        if (
            ensure_redirects(page, article, self.site, self.report.warnings)
            and outcome == UNCHANGED
        ):
            outcome = UPDATED
        if resolved.links_missing:
            self.pending_links.append(_PendingLinks(article, page.pk))
        self.notes[page.pk] = notes
        missing = [s for s in article.related_source_ids if s not in related]
        return outcome, page.pk, missing

    def _retire(self, article: ImportedArticle) -> str:
        """A trashed source item: unpublish the page an earlier import made."""
        page = self.find_existing(article)
        if page is None:
            return SKIPPED
        self.last_page_id = page.pk
        if not page.live:
            return UNCHANGED
        in_transaction(partial(page.unpublish, log_action=True))
        return UPDATED

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

    def _page_id_for(self, source_id: str) -> int | None:
        """The page of ``source_id``: imported earlier or made in this run."""
        return self._known_sources()[0].get(source_id) or self.page_ids.get(source_id)

    def _create(self, article, mode, related_ids, resolved) -> HealthArticlePage:
        publish = mode == LIVE
        page = HealthArticlePage(
            title=article.title,
            slug=self.unique_slug(self.base_slug(article)),
            live=False,
            first_published_at=article.published_at if publish else None,
        )
        apply_fields(page, article, related_ids, resolved)
        page.go_live_at = article.go_live_at if mode == SCHEDULED else None
        self.parent.add_child(instance=page)
        self.taken_slugs.add(page.slug)
        # Before anything is published:
        ensure_restriction(page, article, self.report.warnings)
        revision = page.save_revision(clean=False)
        log(instance=page, action="wagtail.create", content_changed=True)
        if mode in {LIVE, SCHEDULED}:
            revision.publish()
        if publish:
            set_dates(page, article)
        return page

    def _update(self, existing, article, mode, related, resolved) -> str:
        current = existing.get_latest_revision_as_object()
        wanted_related = merged_related(current, related)
        wanted = wanted_state(article, current, wanted_related, resolved)
        content_changed = page_state(current) != wanted
        restricted = ensure_restriction(existing, article, self.report.warnings)
        go_live_at = article.go_live_at if mode == SCHEDULED else None
        if mode == LIVE:
            needs_publish = (
                content_changed or not existing.live or existing.has_unpublished_changes
            )
        elif mode == SCHEDULED:
            needs_publish = content_changed or not self._scheduled_as(
                existing, go_live_at
            )
        else:
            needs_publish = False
        unpublish = existing.live and (
            mode == DRAFT
            or (mode == SCHEDULED and needs_publish and go_live_at > timezone.now())
        )
        dates_changed = mode == LIVE and dates_differ(existing, article)
        if not (
            content_changed or needs_publish or dates_changed or unpublish or restricted
        ):
            return UNCHANGED
        if unpublish:
            existing.unpublish(log_action=True)
            current = existing.get_latest_revision_as_object()
        if content_changed or needs_publish:
            apply_fields(current, article, wanted_related, resolved)
            current.go_live_at = go_live_at
            current.full_clean()
            revision = current.save_revision(clean=False, log_action=True)
            if needs_publish:
                revision.publish()
        if mode == LIVE:
            set_dates(existing, article)
        return UPDATED

    @staticmethod
    def _scheduled_as(page, go_live_at) -> bool:
        """Live with nothing pending, or its latest revision waiting for
        ``go_live_at``."""
        page.refresh_from_db()
        if page.live and not page.has_unpublished_changes:
            return True
        latest = page.get_latest_revision()
        return bool(latest and latest.approved_go_live_at == go_live_at)

    # --- Links to pages made later in the run ----------------------------------

    def resolve_pending_links(self) -> int:
        """Rewrite links to pages made later in the run; returns pages updated."""
        updated = 0
        pending, self.pending_links = self.pending_links, []
        for item in pending:
            try:
                outcome, _, _ = in_transaction(
                    partial(self._with_one_reference_update, self._write, item.article)
                )
            except Exception as exc:  # noqa: BLE001 - report it, link the others
                self.report.warnings.append(
                    f"{item.article.position}: could not rewrite internal links "
                    f"({type(exc).__name__}: {exc})"
                )
                continue
            updated += outcome == UPDATED
        self.pending_links = []  # links to pages that never came stay as URLs
        return updated

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
                linked = in_transaction(partial(link_related, item, found))
            except Exception as exc:  # noqa: BLE001 - report it, link the others
                self.report.warnings.append(
                    f"{item.position}: could not link related articles "
                    f"({type(exc).__name__}: {exc})"
                )
                continue
            updated += linked
        self.pending = []
        return updated, unresolved


def _validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)
