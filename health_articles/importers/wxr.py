"""WordPress eXtended RSS (WXR), the XML written by WordPress's exporter.

Read as WordPress writes it: WXR 1.0 to 1.2, with the ``wp:`` namespace in
its ``http://wordpress.org/export/...`` form or the ``https://`` form
WordPress.com writes. Which items become articles:

- ``post`` and ``page`` items import. Pages import flat under the article
  index (their old parent is noted on the page and in the report; the old
  address redirects), so every article keeps one address pattern and a page
  never inherits a parent's privacy by accident.
- Every other ``wp:post_type`` (attachment, nav_menu_item, wp_block,
  wp_navigation, wp_template, wp_global_styles, revision, custom types) is
  skipped and counted by type; attachments describe images (alt text,
  caption, file) for the posts that use them.

``wp:status``: ``publish`` goes live; ``future`` keeps its date and goes live
then through Wagtail's ``publish_scheduled``; ``private`` and password posts
become live pages behind a Wagtail view restriction (never public);
``draft`` and ``pending`` stay drafts; ``trash`` never goes live (a page
imported earlier is unpublished); ``auto-draft`` and ``inherit`` items are
skipped. Categories and tags (except WordPress's default "Uncategorized")
become tags. Old permalinks (``link``, ``guid``, ``/?p=ID``) are listed for
redirects, and links between imported items for rewriting to page links.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from .base import (
    IMAGE_PLACEHOLDER,
    RESTRICT_PASSWORD,
    RESTRICT_PRIVATE,
    STATUS_DRAFT,
    STATUS_FUTURE,
    STATUS_PUBLISH,
    STATUS_TRASH,
    ImageRef,
    ImportedArticle,
    ImportInputError,
    ItemError,
    ParseResult,
    SkippedItem,
    element_lines,
    item_position,
    local_name,
    parse_xml,
    summarise,
    unique_names,
)
from .html_cleaning import autop, plain_text, sanitise_inline
from .html_walker import html_to_raw_blocks
from .raw_blocks import TITLE_MAX_CHARS, body_blocks, first_paragraph_text

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# http://wordpress.org/export/1.2/ and WordPress.com's https://... form.
WP_NS = re.compile(r"^https?://(?:www\.)?wordpress\.org/export/", re.I)

IMPORTED_TYPES = {"post", "page"}
#: Statuses of items that never were content (editor autosaves, attachments).
SKIPPED_STATUSES = {"auto-draft", "inherit"}
DRAFT_STATUSES = {"draft", "pending"}
#: Items in these states had a public (or restricted) address worth keeping.
ADDRESSED_STATUSES = {STATUS_PUBLISH, STATUS_FUTURE}
IGNORED_CATEGORIES = {"uncategorized"}
UNTITLED_WORDS = 10
_HREF = re.compile(r'<a href="([^"]*)">')


class ItemProblem(Exception):
    """A WXR item that cannot be imported at all."""


def _prefix(tag: str) -> str:
    """The prefix for an element's namespace: wp, content, excerpt, dc or ""."""
    if not tag.startswith("{"):
        return ""
    uri = tag[1:].split("}", 1)[0]
    if uri == CONTENT_NS:
        return "content"
    if uri == DC_NS:
        return "dc"
    if WP_NS.match(uri):
        return "excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"
    return "other"


def _fields(element) -> dict[str, str]:
    """Direct children as {"wp:post_type": text, "title": text, ...} (first wins)."""
    fields: dict[str, str] = {}
    for child in element:
        prefix = _prefix(child.tag)
        key = f"{prefix}:{local_name(child.tag)}" if prefix else local_name(child.tag)
        fields.setdefault(key, (child.text or "").strip())
    return fields


def _postmeta(item) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for child in item:
        if _prefix(child.tag) == "wp" and local_name(child.tag) == "postmeta":
            fields = _fields(child)
            key = fields.get("wp:meta_key", "")
            if key:
                meta.setdefault(key, []).append(fields.get("wp:meta_value", ""))
    return meta


class _Site:
    """What one export says about its site: hosts, items by id, old addresses."""

    def __init__(self, channel, items):
        fields = _fields(channel)
        self.base_url = (
            fields.get("wp:base_blog_url")
            or fields.get("wp:base_site_url")
            or fields.get("link", "")
        ).rstrip("/")
        self.hosts = {
            _host(url)
            for url in (
                fields.get("wp:base_blog_url", ""),
                fields.get("wp:base_site_url", ""),
                fields.get("link", ""),
            )
            if _host(url)
        }
        self.authors = _authors(channel)
        self.attachments: dict[str, ImageRef] = {}
        self.source_ids: dict[str, str] = {}  # post id -> source id
        self.titles: dict[str, str] = {}  # post id -> title
        self.by_address: dict[str, str] = {}  # normalised old URL -> source id
        for fields, meta in items:
            post_id = fields.get("wp:post_id", "")
            post_type = fields.get("wp:post_type", "post")
            if post_type == "attachment" and post_id:
                self.attachments[post_id] = ImageRef(
                    url=fields.get("wp:attachment_url") or fields.get("guid", ""),
                    alt=_one_line((meta.get("_wp_attachment_image_alt") or [""])[0]),
                    caption=_one_line(plain_text(fields.get("excerpt:encoded", ""))),
                    title=_one_line(fields.get("title", "")),
                )
            if post_type not in IMPORTED_TYPES:
                continue
            if fields.get("wp:status", "publish") in SKIPPED_STATUSES:
                continue
            source_id = self.source_id(fields)
            if not source_id:
                continue
            if post_id:
                self.source_ids.setdefault(post_id, source_id)
                self.titles.setdefault(post_id, _one_line(fields.get("title", "")))
            for url in self.old_urls(fields, meta):
                self.by_address.setdefault(self.address(url), source_id)

    def source_id(self, fields) -> str:
        post_id = fields.get("wp:post_id", "")
        fallback = f"{self.base_url}/?p={post_id}" if post_id else ""
        return fields.get("guid") or fields.get("link") or fallback

    def old_urls(self, fields, meta) -> list[str]:
        """Every address the item was reachable at: permalink, guid, ``?p=``."""
        urls = [fields.get("link", ""), fields.get("guid", "")]
        post_id = fields.get("wp:post_id", "")
        if post_id and self.base_url:
            urls.append(f"{self.base_url}/?p={post_id}")
            if fields.get("wp:post_type") == "page":
                urls.append(f"{self.base_url}/?page_id={post_id}")
        link = fields.get("link", "")
        slug = fields.get("wp:post_name", "")
        for old_slug in meta.get("_wp_old_slug", []):
            # WordPress redirects a renamed post's old slug itself: keep that.
            if slug and old_slug and f"/{slug}/" in link:
                urls.append(link.replace(f"/{slug}/", f"/{old_slug}/"))
        urls = [u for u in urls if re.match(r"https?://", u)]
        return list(dict.fromkeys(u for u in urls if _is_real_path(u)))

    def address(self, url: str) -> str:
        """An old URL compared without scheme, host, ``www.`` or trailing slash."""
        parts = urlsplit(html_lib.unescape(url))
        path = parts.path.rstrip("/") or "/"
        query = "&".join(sorted(q for q in parts.query.split("&") if q))
        return f"{path}?{query}" if query else path

    def is_internal(self, url: str) -> bool:
        return bool(re.match(r"https?://", url)) and _host(url) in self.hosts


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _is_real_path(url: str) -> bool:
    """Not the site's front page (a redirect from ``/`` would swallow it)."""
    parts = urlsplit(url)
    return bool(parts.path.strip("/") or parts.query)


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def parse_wxr(data: bytes, path: Path) -> ParseResult:
    root = parse_xml(data, path)
    channel = root.find("channel")
    if local_name(root.tag) != "rss" or channel is None:
        raise ImportInputError(f"{path}: not a WordPress export (no <rss><channel>)")
    elements = channel.findall("item")
    items = [(_fields(item), _postmeta(item)) for item in elements]
    site = _Site(channel, items)
    lines = element_lines(data, "item")
    result = ParseResult()
    for index, (element, (fields, meta)) in enumerate(
        zip(elements, items, strict=True)
    ):
        position = item_position(path, index, lines)
        try:
            parsed = parse_item(element, fields, meta, site)
        except ItemProblem as exc:
            result.errors.append(ItemError(position, str(exc)))
            continue
        if isinstance(parsed, SkippedItem):
            parsed.position = position
            result.skipped.append(parsed)
            continue
        parsed.position = position
        result.warnings.extend(f"{position}: {note}" for note in parsed.notes)
        result.articles.append(parsed)
    return result


def _authors(channel) -> dict[str, str]:
    """Author login -> display name, from the channel's ``wp:author`` entries."""
    authors = {}
    for element in channel:
        if _prefix(element.tag) == "wp" and local_name(element.tag) == "author":
            fields = _fields(element)
            login = fields.get("wp:author_login", "")
            if login:
                authors[login] = fields.get("wp:author_display_name") or login
    return authors


def parse_item(item, fields, meta, site: _Site) -> ImportedArticle | SkippedItem:
    """An article, or a :class:`SkippedItem` saying why the item is left out."""
    post_type = fields.get("wp:post_type") or "post"
    post_id = fields.get("wp:post_id", "")
    title = _one_line(fields.get("title", ""))
    status = fields.get("wp:status") or "publish"
    old_url = fields.get("link") or fields.get("guid", "")
    skip = _skip_reason(post_type, status, title)
    if skip:
        kind, message = skip
        return SkippedItem("", kind, message, old_url, title, post_id)
    source_id = site.source_id(fields)
    if not source_id:
        raise ItemProblem(f"{post_type} has no <guid>, <link> or <wp:post_id>")

    notes: list[str] = []
    content = fields.get("content:encoded", "")
    if "<!-- wp:" not in content:  # WordPress runs wpautop on classic posts only
        content = autop(content)
    link = fields.get("link", "")
    blocks = html_to_raw_blocks(content, base_url=link or site.base_url, rich=True)
    excerpt = plain_text(sanitise_inline(fields.get("excerpt:encoded", "")))
    if not title:
        if not blocks and not excerpt:
            return SkippedItem(
                "", "empty", f"skipped {post_type} with no title and no content",
                old_url, title, post_id,
            )  # fmt: skip
        title = _title_from_text(blocks, excerpt) or f"Untitled {post_type} {post_id}"
        notes.append(f"{post_type} has no title: titled {title!r} from its text")
    if len(title) > TITLE_MAX_CHARS:
        notes.append(f"title shortened to {TITLE_MAX_CHARS} characters")
        title = title[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
    if not blocks:
        notes.append(f"{post_type} {title!r} has no content: imported with no body")

    creator = fields.get("dc:creator", "")
    article = ImportedArticle(
        title=title,
        summary=summarise(excerpt or first_paragraph_text(blocks)),
        body_blocks=body_blocks(blocks),
        tags=_tags(item),
        source_id=source_id,
        source_url=link if re.match(r"https?://", link) else "",
        author=site.authors.get(creator, creator),
        slug=fields.get("wp:post_name", ""),
        kind=post_type,
        source_key=post_id,
        notes=notes,
    )
    _set_status(article, status, fields, notes)
    if article.status in ADDRESSED_STATUSES:
        article.old_urls = site.old_urls(fields, meta)
    _link_images(article, meta, site)
    _find_internal_links(article, site)
    parent = fields.get("wp:post_parent", "0")
    if parent not in {"", "0"}:
        article.parent_source_id = site.source_ids.get(parent, "")
        parent_title = site.titles.get(parent) or f"item {parent}"
        notes.append(
            f"{post_type} {title!r} was under {parent_title!r} at the source: "
            "imported flat (its old address redirects)"
        )
    if fields.get("wp:is_sticky") == "1":
        notes.append(
            f"{title!r} was sticky at the source: imported as an ordinary article "
            "(this site has no pinned slot)"
        )
    return article


def _skip_reason(post_type: str, status: str, title: str) -> tuple[str, str] | None:
    """(kind counted in the summary, message) for items that are not articles."""
    if post_type not in IMPORTED_TYPES:
        what = "revision" if post_type == "revision" else post_type
        return what, f"skipped {post_type} {title!r} (only posts and pages import)"
    if status in SKIPPED_STATUSES:
        return status, f"skipped {status} {post_type} {title!r}"
    return None


def _set_status(article: ImportedArticle, status: str, fields, notes) -> None:
    """Status, dates and view restriction from ``wp:status`` and the password."""
    password = fields.get("wp:post_password", "")
    if password:
        article.restriction, article.password = RESTRICT_PASSWORD, password
    if status == "private":
        article.restriction, article.password = RESTRICT_PRIVATE, ""
    if status in {"publish", "private"}:
        article.status = STATUS_PUBLISH
        article.published_at = _date(
            fields, notes, "wp:post_date_gmt", "pubDate", "wp:post_date"
        )
        modified = _date(fields, notes, "wp:post_modified_gmt", "wp:post_modified")
        article.last_published_at = max(
            filter(None, [article.published_at, modified]), default=None
        )
    elif status == "future":
        go_live_at = _date(fields, notes, "wp:post_date_gmt", "wp:post_date")
        if go_live_at is None:
            notes.append("scheduled post has no usable date: imported as a draft")
            article.status = STATUS_DRAFT
        else:
            # A date already past (WordPress missed its schedule) publishes at
            # once, as WordPress's own next cron run would.
            article.status = STATUS_FUTURE
            article.go_live_at = go_live_at
    elif status == "trash":
        article.status = STATUS_TRASH
    else:
        if status not in DRAFT_STATUSES:
            notes.append(f"unknown wp:status {status!r}: imported as a draft")
        article.status = STATUS_DRAFT


def _title_from_text(blocks, excerpt: str) -> str:
    heading = next((b.text for b in blocks if b.kind == "heading"), "")
    text = heading or excerpt or first_paragraph_text(blocks)
    words = text.split()
    if len(words) > UNTITLED_WORDS:
        return " ".join(words[:UNTITLED_WORDS]).rstrip(",;:.") + "…"
    return " ".join(words)


def _link_images(article: ImportedArticle, meta, site: _Site) -> None:
    """Attachment alt text and original files for images; the featured image."""
    for block in article.body_blocks:
        if block["type"] != IMAGE_PLACEHOLDER:
            continue
        value = block["value"]
        attachment = site.attachments.get(value.pop("attachment_id", ""))
        value["fallback_url"] = ""
        if attachment is not None:
            value["alt"] = value["alt"] or attachment.alt
            value["title"] = attachment.title
            value["fallback_url"] = attachment.url
    thumbnail = (meta.get("_thumbnail_id") or [""])[0]
    hero = site.attachments.get(thumbnail)
    if hero is not None:
        article.hero = ImageRef(hero.url, hero.alt, hero.caption, hero.title)
    elif thumbnail:
        article.notes.append(
            f"featured image (attachment {thumbnail}) is not in the export"
        )


def _find_internal_links(article: ImportedArticle, site: _Site) -> None:
    """hrefs that point at another imported item of this export."""
    own = article.source_id
    for block in article.body_blocks:
        if block["type"] != "paragraph":
            continue
        for href in _HREF.findall(block["value"]):
            url = html_lib.unescape(href)
            if not site.is_internal(url):
                continue
            target = site.by_address.get(site.address(url))
            if target and target != own:
                article.internal_links[href] = target


def _tags(item) -> list[str]:
    names = []
    for category in item.findall("category"):
        if category.get("domain") not in {"category", "post_tag"}:
            continue
        if (category.get("nicename") or "").lower() in IGNORED_CATEGORIES:
            continue
        names.append(category.text or "")
    return unique_names(names)


def _date(fields: dict[str, str], notes: list[str], *keys: str) -> datetime | None:
    """The first usable date among ``keys`` (UTC); WordPress writes
    ``0000-00-00 00:00:00`` for "never" and junk ``pubDate`` for drafts."""
    for key in keys:
        value = fields.get(key, "")
        if not value or value.startswith("0000-00-00"):
            continue
        if key == "pubDate":  # RFC 822
            try:
                parsed = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                continue
            return (
                parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
            )
        try:
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            notes.append(f"invalid date in <{key}>: {value!r} (left out)")
    return None
