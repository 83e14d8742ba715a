"""Shared pieces of the article importers: the parsed-article dataclass, errors,
reading input files safely and detecting their format.

Parsers are pure functions: they take the bytes of one file and return a
:class:`ParseResult` (articles plus per-item errors). Nothing here touches the
database; :mod:`health_articles.importers.writer` does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import defusedxml
from defusedxml.ElementTree import fromstring as safe_fromstring
from django.conf import settings

#: Largest input file accepted, in bytes. Override with the
#: ``HEALTH_ARTICLES_IMPORT_MAX_BYTES`` setting.
MAX_INPUT_BYTES = 50 * 1024 * 1024

FORMATS = ("text", "html", "wxr", "medlineplus")

#: Status of a parsed article: follow ``--publish``, or what the source says.
STATUS_DEFAULT = ""
STATUS_PUBLISH = "publish"
STATUS_DRAFT = "draft"
#: Published at ``ImportedArticle.go_live_at`` by Wagtail's ``publish_scheduled``.
STATUS_FUTURE = "future"
#: Deleted at the source: never live (a page imported earlier is unpublished).
STATUS_TRASH = "trash"

#: View restrictions for imported pages: WordPress private and password posts.
RESTRICT_PRIVATE = "private"
RESTRICT_PASSWORD = "password"

TEXT_SUFFIXES = {"", ".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


class ImportInputError(Exception):
    """A whole input file cannot be imported (missing, empty, binary, broken...)."""


@dataclass
class ImportedArticle:
    """One article as parsed from a source, ready to be written as a page.

    ``body_blocks`` is StreamField raw data for ``ArticleBodyBlock``: a list of
    ``{"type": "paragraph"|"heading", "value": ...}`` dicts.
    """

    title: str
    summary: str = ""
    body_blocks: list[dict] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    also_known_as: list[str] = field(default_factory=list)
    #: Clinical names (MedlinePlus's MeSH headings); None: the source has
    #: none, so a re-import keeps what the page holds.
    clinical_terms: list[str] | None = None
    source_id: str = ""
    source_url: str = ""
    credit: str = ""
    author: str = ""
    slug: str = ""
    status: str = STATUS_DEFAULT
    published_at: datetime | None = None
    last_published_at: datetime | None = None
    related_source_ids: list[str] = field(default_factory=list)
    #: Where the article came from, for messages: "FILE" or "FILE: item 3, line 40".
    position: str = ""
    #: What the source calls it ("post", "page"), for the report.
    kind: str = ""
    #: The source's own id (WordPress post id), for the report.
    source_key: str = ""
    #: When a STATUS_FUTURE article goes live.
    go_live_at: datetime | None = None
    #: RESTRICT_PRIVATE or RESTRICT_PASSWORD: the page gets a view restriction.
    restriction: str = ""
    password: str = ""
    #: Old addresses (permalink, guid, ``/?p=ID``) that redirect to the new page.
    old_urls: list[str] = field(default_factory=list)
    #: href -> source id of the article it points at: rewritten to page links.
    internal_links: dict[str, str] = field(default_factory=dict)
    #: The featured image, resolved against ``--media`` by the writer.
    hero: ImageRef | None = None
    #: Source id of the page's parent at the source (pages are imported flat).
    parent_source_id: str = ""
    #: Things the report should say about this article (sticky, missing title...).
    notes: list[str] = field(default_factory=list)


#: Placeholder body block for an image: the writer turns it into an ``image``
#: block when the file is found under ``--media``, else into its text.
IMAGE_PLACEHOLDER = "source_image"


@dataclass
class ImageRef:
    """An image at the source: its URL (or path) and what describes it."""

    url: str
    alt: str = ""
    caption: str = ""
    title: str = ""

    def as_block(self) -> dict:
        return {
            "type": IMAGE_PLACEHOLDER,
            "value": {
                "url": self.url,
                "alt": self.alt,
                "caption": self.caption,
                "title": self.title,
            },
        }


@dataclass
class ItemError:
    """A malformed item: reported with its position and skipped."""

    position: str
    message: str

    def __str__(self):
        return f"{self.position}: {self.message}"


@dataclass
class SkippedItem:
    """An item deliberately left out (an attachment, a menu item, a topic in
    another language...): counted by ``kind`` and reported, never a failure."""

    position: str
    kind: str
    message: str
    old_url: str = ""
    title: str = ""
    source_key: str = ""

    def __str__(self):
        return f"{self.position}: {self.message}"


@dataclass
class ParseResult:
    articles: list[ImportedArticle] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)
    #: Item-level warnings (position: message) that do not stop the import.
    warnings: list[str] = field(default_factory=list)


def max_input_bytes():
    return getattr(settings, "HEALTH_ARTICLES_IMPORT_MAX_BYTES", MAX_INPUT_BYTES)


def read_input(path: Path) -> bytes:
    """The bytes of ``path``, or :class:`ImportInputError` with a clear reason."""
    if not path.exists():
        raise ImportInputError(f"{path}: no such file")
    if path.is_dir():
        raise ImportInputError(f"{path}: is a directory, not a file")
    if not path.is_file():
        raise ImportInputError(f"{path}: not a regular file")
    size = path.stat().st_size
    limit = max_input_bytes()
    if size > limit:
        raise ImportInputError(
            f"{path}: file is too large ({size / 1_048_576:.1f} MB; "
            f"the limit is {limit / 1_048_576:.1f} MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportInputError(f"{path}: cannot read file ({exc.strerror or exc})")
    if not data.strip():
        raise ImportInputError(f"{path}: file is empty")
    if looks_binary(data):
        raise ImportInputError(f"{path}: looks like a binary file, not text or XML")
    return data


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes or many control characters near the start."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text is not binary
        return False
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > max(8, len(head) // 100)


def decode_text(data: bytes) -> str:
    """Decode scraped text: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)[\s>/]")
_HTML_HINT = re.compile(
    r"<(html|body|p|h[1-6]|div|article|br|ul|ol|li|strong|em|a)[\s>/]", re.I
)


def detect_format(path: Path, data: bytes) -> str:
    """Guess the format of one input file from its content (and name)."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or path.suffix.lower() in {".xml", ".wxr"}:
        root = _xml_root_name(head)
        if root == "rss" and b"wordpress.org/export/" in head:
            return "wxr"
        if root == "health-topics":
            return "medlineplus"
        if root == "html":
            return "html"
        raise ImportInputError(
            f"{path}: unknown XML format (root element <{root or '?'}>); expected a "
            "WordPress export (WXR) or MedlinePlus health-topics XML"
        )
    text = decode_text(head[:16384])
    if head.lower().startswith((b"<!doctype html", b"<html")) or (
        _HTML_HINT.search(text) and path.suffix.lower() not in {".txt", ".text"}
    ):
        return "html"
    if path.suffix.lower() in HTML_SUFFIXES:
        return "html"
    if path.suffix.lower() in TEXT_SUFFIXES and not _looks_like_data(text):
        return "text"
    raise ImportInputError(
        f"{path}: cannot tell the format of this file; pass --format "
        f"({', '.join(FORMATS)})"
    )


def _xml_root_name(head: bytes) -> str:
    """The first element name after the prolog, comments and doctype."""
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.S)
    match = _XML_ROOT.search(body)
    return match.group(1).decode("ascii", "replace").lower() if match else ""


def _looks_like_data(text: str) -> bool:
    """JSON or CSV-like content that is certainly not an article."""
    stripped = text.lstrip()
    if stripped.startswith("{") or re.match(r"\[\s*[{\"\[\d]", stripped):
        return True
    lines = [line for line in stripped.splitlines()[:5] if line.strip()]
    return len(lines) >= 3 and all(line.count(",") >= 3 for line in lines)


# --- Small text helpers shared by the parsers ---------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(])")
SUMMARY_MAX_CHARS = 300


def summarise(text: str, limit: int = SUMMARY_MAX_CHARS) -> str:
    """The first sentences of ``text`` that fit in ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > limit:
            break
        summary = candidate
    if not summary:
        summary = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def unique_names(names, exclude=()) -> list[str]:
    """Strip, drop blanks and case-insensitive duplicates, keep order."""
    seen = {name.strip().casefold() for name in exclude if name}
    result = []
    for name in names:
        name = " ".join((name or "").split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result


# --- XML ----------------------------------------------------------------------


def parse_xml(data: bytes, path: Path):
    """The root element of an XML file, parsed safely (no entity expansion).

    Broken XML raises :class:`ImportInputError` with the line and column.
    """
    try:
        return safe_fromstring(data)
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":", 1)[0]
        raise ImportInputError(
            f"{path}: broken XML at line {line}, column {column + 1}: {reason}"
        )
    except defusedxml.DefusedXmlException as exc:
        raise ImportInputError(f"{path}: refused unsafe XML ({exc})")


def element_lines(data: bytes, local_name: str) -> list[int]:
    """Start line of every ``local_name`` element, in document order.

    A cheap second pass with expat (the document is already known to be
    well-formed and free of entity declarations) so item errors can name a line.
    """
    lines: list[int] = []
    parser = expat.ParserCreate(namespace_separator="}")

    def start(name, attrs):
        if name.rsplit("}", 1)[-1] == local_name:
            lines.append(parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.Parse(data, True)
    return lines


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def item_position(path: Path, index: int, lines: list[int]) -> str:
    """The position of the 0-based ``index``: ``FILE: item 3 (line 40)``."""
    line = f" (line {lines[index]})" if index < len(lines) else ""
    return f"{path}: item {index + 1}{line}"
