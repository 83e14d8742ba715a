"""WordPress eXtended RSS (WXR), the XML written by WordPress's exporter.

Only ``post`` items are imported: pages (About, Contact...), attachments, menu
items and revisions are skipped and listed as such. ``publish`` posts are
published; ``draft``, ``pending``, ``private``, ``future`` and
password-protected posts stay drafts; ``trash`` and ``auto-draft`` are skipped.
Categories and tags (except WordPress's default "Uncategorized") become tags.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from .base import (
    STATUS_DRAFT,
    STATUS_PUBLISH,
    ImportedArticle,
    ImportInputError,
    ItemError,
    ParseResult,
    element_lines,
    item_position,
    local_name,
    parse_xml,
    summarise,
    unique_names,
)
from .html import (
    TITLE_MAX_CHARS,
    autop,
    body_blocks,
    first_paragraph_text,
    html_to_raw_blocks,
    plain_text,
    sanitise_inline,
)

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS_PREFIX = "http://wordpress.org/export/"

PUBLISHED_STATUSES = {"publish"}
DRAFT_STATUSES = {"draft", "pending", "private", "future"}
IGNORED_CATEGORIES = {"uncategorized"}


class ItemProblem(Exception):
    """A malformed WXR item."""


def _prefix(tag: str) -> str:
    """The prefix for an element's namespace: wp, content, excerpt, dc or ""."""
    if not tag.startswith("{"):
        return ""
    uri = tag[1:].split("}", 1)[0]
    if uri == CONTENT_NS:
        return "content"
    if uri == DC_NS:
        return "dc"
    if uri.startswith(WP_NS_PREFIX):
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


def parse_wxr(data: bytes, path: Path) -> ParseResult:
    root = parse_xml(data, path)
    channel = root.find("channel")
    if local_name(root.tag) != "rss" or channel is None:
        raise ImportInputError(f"{path}: not a WordPress export (no <rss><channel>)")
    channel_fields = _fields(channel)
    base_url = channel_fields.get("wp:base_blog_url") or channel_fields.get("link", "")
    authors = _authors(channel)
    lines = element_lines(data, "item")
    result = ParseResult()
    for index, item in enumerate(channel.findall("item")):
        position = item_position(path, index, lines)
        try:
            article = parse_item(item, base_url, authors)
        except ItemProblem as exc:
            result.errors.append(ItemError(position, str(exc)))
            continue
        if isinstance(article, str):
            result.skipped.append(f"{position}: {article}")
            continue
        article.position = position
        result.articles.append(article)
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


def parse_item(item, base_url: str, authors: dict[str, str]) -> ImportedArticle | str:
    """An article, or a string saying why the item is skipped."""
    fields = _fields(item)
    post_type = fields.get("wp:post_type", "post")
    title = " ".join(fields.get("title", "").split())
    status = fields.get("wp:status", "publish")
    if post_type != "post":
        return f"skipped {post_type} {title!r} (only posts are imported)"
    if status in {"trash", "auto-draft", "inherit"}:
        return f"skipped {status} post {title!r}"
    if not title:
        raise ItemProblem("post has no <title>")
    if len(title) > TITLE_MAX_CHARS:
        raise ItemProblem(f"title is longer than {TITLE_MAX_CHARS} characters")
    if status not in PUBLISHED_STATUSES | DRAFT_STATUSES:
        raise ItemProblem(f"unknown wp:status {status!r}")
    link = fields.get("link", "")
    source_id = fields.get("guid") or link
    if not source_id:
        raise ItemProblem("post has neither <guid> nor <link>")

    content = autop(fields.get("content:encoded", ""))
    blocks = html_to_raw_blocks(content, base_url=link or base_url)
    excerpt = plain_text(sanitise_inline(fields.get("excerpt:encoded", "")))
    if not blocks and not excerpt:
        raise ItemProblem("post has no content")

    is_published = status in PUBLISHED_STATUSES and not fields.get("wp:post_password")
    published = modified = None
    if is_published:  # drafts carry placeholder dates ("0000-00-00", "-0001")
        published = _date(fields, "wp:post_date_gmt", "pubDate", "wp:post_date")
        modified = _date(fields, "wp:post_modified_gmt", "wp:post_modified")
    creator = fields.get("dc:creator", "")
    return ImportedArticle(
        title=title,
        summary=summarise(excerpt or first_paragraph_text(blocks)),
        body_blocks=body_blocks(blocks),
        tags=_tags(item),
        source_id=source_id,
        source_url=link if re.match(r"https?://", link) else "",
        author=authors.get(creator, creator),
        slug=fields.get("wp:post_name", ""),
        status=STATUS_PUBLISH if is_published else STATUS_DRAFT,
        published_at=published,
        last_published_at=max(filter(None, [published, modified]), default=None),
    )


def _tags(item) -> list[str]:
    names = []
    for category in item.findall("category"):
        if category.get("domain") not in {"category", "post_tag"}:
            continue
        if (category.get("nicename") or "").lower() in IGNORED_CATEGORIES:
            continue
        names.append(category.text or "")
    return unique_names(names)


def _date(fields: dict[str, str], *keys: str) -> datetime | None:
    """The first usable date among ``keys`` (UTC); WordPress writes
    ``0000-00-00 00:00:00`` for "never"."""
    for key in keys:
        value = fields.get(key, "")
        if not value or value.startswith("0000-00-00"):
            continue
        if key == "pubDate":  # RFC 822; WordPress writes junk here for drafts
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
            raise ItemProblem(f"invalid date in <wp:{key[3:]}>: {value!r}")
    return None
