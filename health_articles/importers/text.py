"""Plain text scraped from the old site: blank lines separate blocks.

The title is the first heading (``# Title``) or question/title-like line; later
short lines without closing punctuation become headings; ``-``/``*``/``1.``
lines become lists; every other block is a paragraph. WordPress shortcodes and
ad markers (``[ad_1]``) are removed first.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

from .base import ImportedArticle, ItemError, ParseResult, decode_text, summarise
from .html_cleaning import strip_shortcodes
from .raw_blocks import (
    TITLE_MAX_CHARS,
    RawBlock,
    body_blocks,
    first_paragraph_text,
    take_title,
)

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
LIST_ITEM = re.compile(r"^\s*(?:([-*•·])|(\d{1,3})[.)])\s+(.+)$")
HEADING_MAX_CHARS = 100


def text_to_raw_blocks(text: str) -> list[RawBlock]:
    text = strip_shortcodes(text).replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[RawBlock] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        heading = MARKDOWN_HEADING.match(lines[0])
        if heading:  # "# Title" or "## Section", alone or on the first line
            level, title = len(heading.group(1)), heading.group(2)
            blocks.append(RawBlock("heading", title, title, level))
            lines = lines[1:]
        elif not blocks and len(lines) > 1 and _is_question(lines[0]):
            # A title question directly above the first paragraph.
            question = html_lib.escape(lines[0], quote=False)
            blocks.append(RawBlock("paragraph", f"<p>{question}</p>", lines[0]))
            lines = lines[1:]
        if not lines:
            continue
        paragraph: list[str] = []
        items: list[tuple[str, str]] = []
        for line in lines:
            item = LIST_ITEM.match(line)
            if item:
                items.append(("ol" if item.group(2) else "ul", item.group(3)))
            elif items:  # a continuation line of the previous item
                items[-1] = (items[-1][0], f"{items[-1][1]} {line}")
            else:
                paragraph.append(line)
        if paragraph:
            joined = " ".join(paragraph)
            escaped = html_lib.escape(joined, quote=False)
            blocks.append(RawBlock("paragraph", f"<p>{escaped}</p>", joined))
        if items:
            tag = items[0][0]
            inner = "".join(
                f"<li>{html_lib.escape(t, quote=False)}</li>" for _, t in items
            )
            blocks.append(
                RawBlock(
                    "list", f"<{tag}>{inner}</{tag}>", " ".join(t for _, t in items)
                )
            )
    return blocks


def _is_question(line: str) -> bool:
    return line.endswith("?") and len(line) <= 150


def looks_like_heading(block: RawBlock) -> bool:
    return (
        block.kind == "paragraph"
        and len(block.text) <= HEADING_MAX_CHARS
        and len(block.text.split()) <= 14
        and not block.text.endswith((".", ",", ";", ":", "!"))
    )


def parse_text(data: bytes, path: Path) -> ParseResult:
    """One article from a plain-text file."""
    blocks = text_to_raw_blocks(decode_text(data))
    result = ParseResult()
    position = str(path)
    title = take_title(blocks)
    if not title:
        result.errors.append(
            ItemError(position, "no title found (expected a heading or question line)")
        )
        return result
    for index, block in enumerate(blocks[:-1]):
        if looks_like_heading(block):
            blocks[index] = RawBlock("heading", block.text, block.text, 2)
    if not any(b.kind != "heading" for b in blocks):
        result.errors.append(
            ItemError(position, "no article text found after cleaning")
        )
        return result
    result.articles.append(
        ImportedArticle(
            title=title[:TITLE_MAX_CHARS],
            summary=summarise(first_paragraph_text(blocks)),
            body_blocks=body_blocks(blocks),
            source_id=f"file:{path.name}",
            position=position,
        )
    )
    return result
