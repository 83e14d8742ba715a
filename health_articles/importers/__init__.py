"""Importers that turn old-site and third-party content into health articles.

Parsing is pure (``text``, ``html``, ``wxr``, ``medlineplus``: bytes in,
:class:`~.base.ImportedArticle` dataclasses out); :mod:`.writer` saves pages.
"""

from pathlib import Path

from .base import (
    FORMATS,
    ImportedArticle,
    ImportInputError,
    ItemError,
    ParseResult,
    detect_format,
    read_input,
)
from .html import parse_html
from .medlineplus import parse_medlineplus
from .text import parse_text
from .wxr import parse_wxr

PARSERS = {
    "text": parse_text,
    "html": parse_html,
    "wxr": parse_wxr,
    "medlineplus": parse_medlineplus,
}


def parse_file(path: Path, fmt: str = "auto") -> tuple[str, ParseResult]:
    """Read, detect and parse one file: (format, result).

    Raises :class:`ImportInputError` when the whole file cannot be imported.
    """
    data = read_input(path)
    if fmt == "auto":
        fmt = detect_format(path, data)
    return fmt, PARSERS[fmt](data, path)


__all__ = [
    "FORMATS",
    "PARSERS",
    "ImportInputError",
    "ImportedArticle",
    "ItemError",
    "ParseResult",
    "parse_file",
]
