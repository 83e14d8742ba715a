"""Raw blocks, the cleaners' common output, and how they become an article.

Every parser (plain text, HTML, WXR, MedlinePlus) first turns its input into
:class:`RawBlock` items; this module takes the title from them and turns the
rest into StreamField raw data, headings re-levelled and anchored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import slugify

from .base import IMAGE_PLACEHOLDER

TITLE_MAX_CHARS = 255
HEADING_MAX_CHARS = 200


@dataclass
class RawBlock:
    """A block before heading levels are fixed: heading, paragraph or list
    (and, in rich mode, quote, table or image with their ``value``)."""

    kind: str  # "heading" | "paragraph" | "list" | "quote" | "table" | "image"
    html: str  # heading: plain text; others: sanitised HTML with the wrapper tag
    text: str  # plain text
    level: int = 2  # headings only: 1-6 as in the source
    value: dict | None = None  # quote, table and image: the block's value


# --- Turning raw blocks into an article ---------------------------------------

_QUESTION_WORDS = re.compile(
    r"^(what|why|how|when|where|who|which|can|could|should|is|are|do|does|will)\b",
    re.I,
)


def looks_like_title(block: RawBlock) -> bool:
    """A heading, or a short line that reads as a question or a title."""
    if block.kind == "heading":
        return True
    if block.kind != "paragraph" or len(block.text) > 150:
        return False
    if block.text.endswith("?"):
        return True
    return len(block.text.split()) <= 12 and not block.text.endswith(
        (".", ",", ";", ":")
    )


def take_title(blocks: list[RawBlock], fallback: str = "") -> str:
    """Remove and return the title: the first h1, else an early heading or
    question line, else ``fallback``."""
    for index, block in enumerate(blocks):
        if block.kind == "heading" and block.level == 1:
            del blocks[index]
            return block.text
    for index, block in enumerate(blocks[:3]):
        if looks_like_title(block):
            del blocks[index]
            return block.text
    return fallback


def body_blocks(blocks: list[RawBlock]) -> list[dict]:
    """StreamField raw data: headings re-levelled so the shallowest is ``h2``."""
    levels = [b.level for b in blocks if b.kind == "heading"]
    top = min(levels) if levels else 2
    anchors: set[str] = set()
    result = []
    for block in blocks:
        if block.kind == "heading":
            text = block.text[:HEADING_MAX_CHARS]
            result.append(
                {
                    "type": "heading",
                    "value": {
                        "text": text,
                        "level": "h2" if block.level <= top else "h3",
                        "anchor": unique_anchor(text, anchors),
                    },
                }
            )
        elif block.kind == "image":
            result.append({"type": IMAGE_PLACEHOLDER, "value": dict(block.value)})
        elif block.kind in {"quote", "table"}:
            result.append({"type": block.kind, "value": block.value})
        else:
            result.append({"type": "paragraph", "value": block.html})
    return result


def unique_anchor(text: str, seen: set[str]) -> str:
    base = slugify(text)[:72] or "section"
    anchor, n = base, 2
    while anchor in seen:
        anchor, n = f"{base}-{n}", n + 1
    seen.add(anchor)
    return anchor


def first_paragraph_text(blocks: list[RawBlock]) -> str:
    return next((b.text for b in blocks if b.kind == "paragraph"), "")
