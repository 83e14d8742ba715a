"""The ``.html`` file parser: one article from a scraped or exported page.

The HTML cleaning the other parsers share lives in its own rooms:
:mod:`.html_cleaning` (shortcodes, junk and ad markup, nh3 sanitising),
:mod:`.html_walker` (structure into raw blocks) and :mod:`.raw_blocks` (title
and StreamField data). The WXR and MedlinePlus parsers use them for their
embedded HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from .base import ImportedArticle, ItemError, ParseResult, decode_text, summarise
from .html_cleaning import autop, remove_junk, strip_shortcodes
from .html_walker import html_to_raw_blocks, soup_to_raw_blocks
from .raw_blocks import TITLE_MAX_CHARS, body_blocks, first_paragraph_text, take_title

# Importable from here as before (the parser tests use them).
__all__ = ["autop", "html_to_raw_blocks", "parse_html", "strip_shortcodes"]

# --- The .html file parser ----------------------------------------------------


def parse_html(data: bytes, path: Path) -> ParseResult:
    """One article from an HTML document or fragment."""
    soup = BeautifulSoup(strip_shortcodes(decode_text(data)), "html.parser")
    head_title = _document_title(soup)
    description = _meta(soup, name="description")
    canonical = _canonical_url(soup)
    remove_junk(soup)
    h1 = soup.find("h1")
    title = " ".join(h1.get_text(" ").split()) if h1 else ""
    if h1:
        h1.decompose()
    blocks = soup_to_raw_blocks(soup, base_url=canonical)
    title = title or take_title(blocks, fallback=head_title)
    result = ParseResult()
    position = str(path)
    if not title:
        result.errors.append(
            _no_title_error(position, "expected an <h1>, a heading or a question line")
        )
        return result
    if not any(b.kind != "heading" for b in blocks):
        result.errors.append(_empty_error(position))
        return result
    result.articles.append(
        ImportedArticle(
            title=title[:TITLE_MAX_CHARS],
            summary=summarise(description or first_paragraph_text(blocks)),
            body_blocks=body_blocks(blocks),
            source_id=canonical or f"file:{path.name}",
            source_url=canonical,
            position=position,
        )
    )
    return result


def _document_title(soup: BeautifulSoup) -> str:
    tag = soup.find("title")
    if tag is None:
        return ""
    title = " ".join(tag.get_text().split())
    # "Muscle cramps | Health Answers" -> "Muscle cramps"
    return re.split(r"\s+[|–—-]\s+", title)[0].strip()


def _meta(soup: BeautifulSoup, **attrs) -> str:
    tag = soup.find("meta", attrs=attrs)
    return " ".join((tag.get("content") or "").split()) if tag else ""


def _canonical_url(soup: BeautifulSoup) -> str:
    link = soup.find("link", rel="canonical")
    url = (link.get("href") if link else "") or _meta(soup, property="og:url")
    return url if re.match(r"https?://", url or "") else ""


def _no_title_error(position: str, hint: str) -> ItemError:
    return ItemError(position, f"no title found ({hint})")


def _empty_error(position: str) -> ItemError:
    return ItemError(position, "no article text found after cleaning")
