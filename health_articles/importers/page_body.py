"""An imported body as this site will hold it: images and internal links.

Image placeholders become image blocks when ``--media`` has the file (one not
found keeps its caption or alt text as a paragraph, with a note); links between
imported articles become page links, and those pointing at pages not made yet
keep their old URL, which redirects, until the writer rewrites them.
"""

from __future__ import annotations

import copy
import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .base import IMAGE_PLACEHOLDER, ImageRef, ImportedArticle
from .media import MediaLibrary

_HREF = re.compile(r'<a href="([^"]*)">')


@dataclass
class ResolvedBody:
    """An article's body and featured image as this site will hold them."""

    body: list[dict]
    hero: tuple | None  # (image or None, alt text), None: the source has none
    links_missing: bool  # some internal link's page does not exist yet


def resolve_body(
    article: ImportedArticle,
    media: MediaLibrary,
    page_id_for: Callable[[str], int | None],
    notes: list[str],
) -> ResolvedBody:
    """The body with image placeholders and internal links resolved, the
    featured image, and whether some link's target page does not exist yet
    (the featured image's alt text is kept even when its file is not).

    ``page_id_for`` maps a source id to its page's id (None: no page yet).
    """
    hero = None
    if article.hero is not None:
        image, _ = find_image(media, article.hero, notes)
        hero = (image, article.hero.alt[:250])
    missing = False

    def link(match):
        nonlocal missing
        target = article.internal_links.get(match.group(1))
        if target is None:
            return match.group(0)
        pk = page_id_for(target)
        if pk is None:
            missing = True  # keeps its old URL, which redirects
            return match.group(0)
        return f'<a linktype="page" id="{pk}">'

    body = []
    for block in copy.deepcopy(article.body_blocks):
        if block["type"] == IMAGE_PLACEHOLDER:
            body.extend(_image_blocks(media, block["value"], notes))
            continue
        if block["type"] == "paragraph" and article.internal_links:
            block["value"] = _HREF.sub(link, block["value"])
        body.append(block)
    return ResolvedBody(body, hero, missing)


def _image_blocks(media: MediaLibrary, value: dict, notes: list[str]) -> list[dict]:
    ref = ImageRef(value["url"], value["alt"], value["caption"], value["title"])
    image, _ = find_image(media, ref, notes, value.get("fallback_url", ""))
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


def find_image(media: MediaLibrary, ref: ImageRef, notes: list[str], *urls: str):
    """(image, path) from ``media``, (None, None) with a note when unreadable;
    a note too when the file is not found."""
    try:
        image, path = media.image_for(ref, *urls)
    except (OSError, ValueError, ValidationError) as exc:
        notes.append(f"image {ref.url} could not be read ({exc})")
        return None, None
    if path is None:
        where = "in --media" if media.root else "(no --media folder given)"
        notes.append(
            f"image not brought: {ref.url} not found {where}; "
            f"kept its text (alt: {ref.alt!r})"
        )
    return image, path
