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

What the source says about visibility is applied here, once:

- the source's status decides whether a page is live, scheduled (Wagtail's
  ``go_live_at``, published by ``publish_scheduled``), a draft or unpublished
  (a page imported earlier whose source is now a draft or in the trash);
- private and password articles get a view restriction before their first
  publish, so they are never public, not even for a moment; restrictions are
  only ever added (an editor's own restriction survives a re-import);
- old addresses become permanent redirects (``wagtail.contrib.redirects``);
- links between imported articles become page links (pointing at pages made
  later in the run they keep their old URL, which redirects, until
  :meth:`ArticleWriter.resolve_pending_links` rewrites them at the end);
- images are looked up in ``--media`` (:mod:`.media`); one not found keeps its
  caption or alt text as a paragraph and is reported.
"""

from __future__ import annotations

import copy
import html as html_lib
import json
import re
import time
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..models import HealthArticlePage, RelatedArticle
from .base import (
    IMAGE_PLACEHOLDER,
    RESTRICT_PASSWORD,
    STATUS_DEFAULT,
    STATUS_FUTURE,
    STATUS_PUBLISH,
    STATUS_TRASH,
    ImageRef,
    ImportedArticle,
)
from .media import MediaLibrary

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

#: Who may see a WordPress "private" post: the groups that could see it there
#: (editors and administrators); superusers always pass a group restriction.
PRIVATE_GROUPS = ("Moderators", "Editors")
_HREF = re.compile(r'<a href="([^"]*)">')
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


@dataclass
class _Resolved:
    """An article's body and featured image as this site will hold them."""

    body: list[dict]
    hero: tuple | None  # (image or None, alt text), None: the source has none
    links_missing: bool  # some internal link's page does not exist yet


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
        self.pending: list[_PendingRelated] = []
        self._sources: tuple[dict[str, int], dict[str, int]] | None = None

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
        related = self._resolve_related(article)
        notes: list[str] = []
        resolved = self._resolve(article, notes)
        if existing is None:
            page = self._create(article, mode, list(related.values()), resolved)
            outcome = CREATED
        else:
            page = existing
            outcome = self._update(existing, article, mode, related, resolved)
        if self._ensure_redirects(page, article) and outcome == UNCHANGED:
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

    def _create(self, article, mode, related_ids, resolved) -> HealthArticlePage:
        publish = mode == LIVE
        page = HealthArticlePage(
            title=article.title,
            slug=self.unique_slug(self.base_slug(article)),
            live=False,
            first_published_at=article.published_at if publish else None,
        )
        self._apply(page, article, related_ids, resolved)
        page.go_live_at = article.go_live_at if mode == SCHEDULED else None
        self.parent.add_child(instance=page)
        self.taken_slugs.add(page.slug)
        self._ensure_restriction(page, article)  # before anything is published
        revision = page.save_revision(clean=False)
        log(instance=page, action="wagtail.create", content_changed=True)
        if mode in {LIVE, SCHEDULED}:
            revision.publish()
        if publish:
            self._set_dates(page, article)
        return page

    def _update(self, existing, article, mode, related, resolved) -> str:
        current = existing.get_latest_revision_as_object()
        wanted_related = self._merged_related(current, related)
        wanted = self._wanted_state(article, current, wanted_related, resolved)
        content_changed = self._state(current) != wanted
        restricted = self._ensure_restriction(existing, article)
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
        dates_changed = mode == LIVE and self._dates_differ(existing, article)
        if not (
            content_changed or needs_publish or dates_changed or unpublish or restricted
        ):
            return UNCHANGED
        if unpublish:
            existing.unpublish(log_action=True)
            current = existing.get_latest_revision_as_object()
        if content_changed or needs_publish:
            self._apply(current, article, wanted_related, resolved)
            current.go_live_at = go_live_at
            current.full_clean()
            revision = current.save_revision(clean=False, log_action=True)
            if needs_publish:
                revision.publish()
        if mode == LIVE:
            self._set_dates(existing, article)
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

    # --- Field values ---------------------------------------------------------

    def _apply(self, page, article, related_ids: list[int], resolved) -> None:
        page.title = article.title
        page.summary = article.summary
        page.also_known_as = "\n".join(article.also_known_as)
        page.body = json.dumps(resolved.body)
        page.source_id = article.source_id
        page.source_url = article.source_url
        page.source_parent = self._parent_note(article)
        if resolved.hero is not None:
            page.hero_image, page.hero_image_alt = resolved.hero
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
            "source_parent": page.source_parent,
            "author": page.author,
            "tags": sorted(tag.name for tag in page.tags.all()),
            "related": [link.page_id for link in page.related_links.all()],
            "hero": (page.hero_image_id, page.hero_image_alt),
        }

    def _wanted_state(self, article, current, related_ids, resolved) -> dict:
        hero = resolved.hero
        return {
            "title": article.title,
            "summary": article.summary,
            "also_known_as": "\n".join(article.also_known_as),
            "body": [(b["type"], b["value"]) for b in resolved.body],
            "source_id": article.source_id,
            "source_url": article.source_url,
            "source_credit": article.credit or current.source_credit,
            "source_parent": self._parent_note(article),
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

    def _parent_note(self, article: ImportedArticle) -> str:
        return article.parent_source_id[:255]

    # --- Body: images and links -------------------------------------------------

    def _resolve(self, article, notes: list[str]) -> _Resolved:
        """The body with image placeholders and internal links resolved, the
        featured image, and whether some link's target page does not exist yet
        (the featured image's alt text is kept even when its file is not)."""
        hero = None
        if article.hero is not None:
            image, _ = self._image(article.hero, notes)
            hero = (image, article.hero.alt[:250])
        by_id = self._known_sources()[0]
        missing = False

        def link(match):
            nonlocal missing
            target = article.internal_links.get(match.group(1))
            if target is None:
                return match.group(0)
            pk = by_id.get(target) or self.page_ids.get(target)
            if pk is None:
                missing = True  # keeps its old URL, which redirects
                return match.group(0)
            return f'<a linktype="page" id="{pk}">'

        body = []
        for block in copy.deepcopy(article.body_blocks):
            if block["type"] == IMAGE_PLACEHOLDER:
                body.extend(self._image_blocks(block["value"], notes))
                continue
            if block["type"] == "paragraph" and article.internal_links:
                block["value"] = _HREF.sub(link, block["value"])
            body.append(block)
        return _Resolved(body, hero, missing)

    def _image_blocks(self, value: dict, notes: list[str]) -> list[dict]:
        ref = ImageRef(value["url"], value["alt"], value["caption"], value["title"])
        image, _ = self._image(ref, notes, value.get("fallback_url", ""))
        if image is not None:
            return [
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt_text": ref.alt,
                        "caption": ref.caption,
                    },
                }
            ]
        text = ref.caption or ref.alt
        if not text:
            return []
        return [{"type": "paragraph", "value": f"<p>{html_lib.escape(text)}</p>"}]

    def _image(self, ref: ImageRef, notes: list[str], *urls: str):
        try:
            image, path = self.media.image_for(ref, *urls)
        except (OSError, ValueError, ValidationError) as exc:
            notes.append(f"image {ref.url} could not be read ({exc})")
            return None, None
        if path is None:
            where = "in --media" if self.media.root else "(no --media folder given)"
            notes.append(
                f"image not brought: {ref.url} not found {where}; "
                f"kept its text (alt: {ref.alt!r})"
            )
        return image, path

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

    # --- Restrictions and redirects ---------------------------------------------

    def _ensure_restriction(self, page, article: ImportedArticle) -> bool:
        """Add the view restriction the source asks for; True when one was added.

        Never removes one: a page the source now calls public but that has a
        restriction (ours or an editor's) stays restricted, with a warning.
        """
        existing = PageViewRestriction.objects.filter(page=page)
        if not article.restriction:
            if existing.exists():
                self.report.warnings.append(
                    f"{article.position}: public at the source but restricted "
                    "here; the restriction is kept (remove it in the admin)"
                )
            return False
        if article.restriction == RESTRICT_PASSWORD:
            if existing.filter(
                restriction_type=PageViewRestriction.PASSWORD,
                password=article.password,
            ).exists():
                return False
            PageViewRestriction.objects.create(
                page=page,
                restriction_type=PageViewRestriction.PASSWORD,
                password=article.password,
            )
            return True
        if existing.filter(
            restriction_type__in=[
                PageViewRestriction.GROUPS,
                PageViewRestriction.LOGIN,
            ]
        ).exists():
            return False
        groups = list(Group.objects.filter(name__in=PRIVATE_GROUPS))
        restriction = PageViewRestriction.objects.create(
            page=page,
            restriction_type=(
                PageViewRestriction.GROUPS if groups else PageViewRestriction.LOGIN
            ),
        )
        if groups:
            restriction.groups.set(groups)
        return True

    def _ensure_redirects(self, page, article: ImportedArticle) -> bool:
        """A permanent redirect from each old address; True when any changed."""
        own = Redirect.normalise_path(page.url_path[len(self._root_path()) - 1 :])
        changed = False
        for url in article.old_urls:
            old_path = Redirect.normalise_path(url)
            if old_path in {"/", own}:
                continue
            redirect = Redirect.objects.filter(
                old_path=old_path, site=self.site
            ).first()
            if redirect is None:
                Redirect.objects.create(
                    old_path=old_path,
                    site=self.site,
                    redirect_page=page,
                    is_permanent=True,
                )
                changed = True
            elif redirect.redirect_page_id != page.pk or not redirect.is_permanent:
                if redirect.redirect_page_id not in {None, page.pk}:
                    self.report.warnings.append(
                        f"{article.position}: the redirect from {old_path} went to "
                        f"page {redirect.redirect_page_id}; it now goes to this one"
                    )
                redirect.redirect_page = page
                redirect.redirect_link = ""
                redirect.is_permanent = True
                redirect.save()
                changed = True
        return changed

    def _root_path(self) -> str:
        return self.site.root_page.url_path if self.site else "/"

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
