"""Clean HTML before and after it is walked into blocks.

Before: WordPress shortcodes, ``[caption]`` shortcodes, ``wpautop`` paragraphs,
comments, scripts, embeds and ad markup. After: each block's inner HTML is
sanitised with nh3 so that only ``b``/``i`` (``strong``/``em`` are mapped),
``a[href]`` with a safe scheme, ``br`` and lists survive.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3
from bs4 import Comment, Tag

# [wpdreams_ajaxsearchpro_results id=1 element='div'], [ad_1], [/caption] ...
SHORTCODE = re.compile(
    r"\[\[?/?[A-Za-z_][\w-]*(?:\s+(?:[^\[\]\"']|\"[^\"]*\"|'[^']*')*)?/?\]\]?"
)

REMOVE_WITH_CONTENT = [
    "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed",
    "ins", "form", "button", "input", "select", "textarea", "svg", "canvas",
    "template", "nav", "aside", "video", "audio", "img", "picture", "figure",
    "link", "meta", "head",
]  # fmt: skip
# Ad-ish class or id tokens: ad, ads, ad-slot, ad_1, adsbygoogle, advert...,
# sponsored, but not header, shadow, add-to-cart.
AD_TOKEN = re.compile(
    r"(?:^|[-_])(?:ads?|adv|advert\w*|adsbygoogle|adsense|adslot|adunit|"
    r"sponsor(?:ed)?|dfp|gpt)(?:$|[-_\d])",
    re.I,
)
INLINE_TAGS = ["b", "i", "a", "br"]
SAFE_SCHEMES = {"http", "https", "mailto"}
#: Kept in rich mode (they become image blocks).
MEDIA_TAGS = {"img", "picture", "figure"}


# --- Pre-cleaning -------------------------------------------------------------


def strip_shortcodes(text: str) -> str:
    """Remove WordPress shortcodes such as ``[ad_1]`` or ``[gallery ids="1"]``."""
    return SHORTCODE.sub("", text)


_BLOCK_RE = (
    r"(?:p|h[1-6]|ul|ol|li|div|blockquote|table|thead|tbody|tr|td|th|pre|figure|"
    r"figcaption|section|article|header|footer|aside|nav|hr|dl|dd|dt|form|"
    r"address|details|summary|main|iframe|script|style|noscript|ins)"
)
_OPEN_BLOCK = re.compile(rf"(<{_BLOCK_RE}\b[^>]*>)", re.I)
_CLOSE_BLOCK = re.compile(rf"(</{_BLOCK_RE}\s*>)", re.I)
_STARTS_BLOCK = re.compile(rf"^</?{_BLOCK_RE}\b", re.I)
_TRAILING_CLOSERS = re.compile(rf"(?:\s*</{_BLOCK_RE}\s*>)+\s*$", re.I)


def autop(content: str) -> str:
    """WordPress's ``wpautop``, simplified: blank lines separate paragraphs.

    Runs of text outside block-level elements are split on blank lines and
    wrapped in ``<p>``; single newlines inside them become ``<br>``.
    """
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    content = _OPEN_BLOCK.sub(r"\n\n\1", content)
    content = _CLOSE_BLOCK.sub(r"\1\n\n", content)
    chunks = []
    for chunk in re.split(r"\n\s*\n", content):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_BLOCK.match(chunk):
            chunks.append(chunk)
            continue
        closers = _TRAILING_CLOSERS.search(chunk)
        text, tail = (
            (chunk[: closers.start()], closers.group()) if closers else (chunk, "")
        )
        chunks.append("<p>" + re.sub(r"\s*\n\s*", "<br>", text) + "</p>" + tail.strip())
    return "\n".join(chunks)


def is_ad(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    tokens = list(tag.get("class") or [])
    if tag.get("id"):
        tokens.append(tag["id"])
    return any(AD_TOKEN.search(token) for token in tokens)


_CAPTION_SHORTCODE = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.I | re.S)
_IMG_WITH_LINK = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S
)


def captions_to_figures(text: str) -> str:
    """The classic editor's ``[caption]<img ...> Text[/caption]`` as a figure."""

    def figure(match):
        inner = _IMG_WITH_LINK.match(match.group(1))
        if not inner:
            return match.group(1)
        return (
            f"<figure>{inner.group(1)}<figcaption>{inner.group(2).strip()}"
            "</figcaption></figure>"
        )

    return _CAPTION_SHORTCODE.sub(figure, text)


def remove_junk(root: Tag, keep_media: bool = False) -> None:
    """Drop comments, scripts, embeds and ad markup, in place (images and
    figures stay when ``keep_media``)."""
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    removed = [t for t in REMOVE_WITH_CONTENT if not (keep_media and t in MEDIA_TAGS)]
    for tag in root.find_all(removed):
        tag.decompose()
    for tag in root.find_all(is_ad):
        if not tag.decomposed:
            tag.decompose()
    for tag in root.select("body > header, body > footer"):  # site chrome
        tag.decompose()


# --- Sanitising block content -------------------------------------------------


def sanitise_inline(fragment: str, base_url: str = "", lists: bool = False) -> str:
    """nh3-clean ``fragment`` down to b/i/a/br (and lists when ``lists``)."""
    fragment = re.sub(r"<(/?)strong\b", r"<\1b", fragment, flags=re.I)
    fragment = re.sub(r"<(/?)em\b", r"<\1i", fragment, flags=re.I)
    tags = set(INLINE_TAGS) | ({"ul", "ol", "li"} if lists else set())
    cleaned = nh3.clean(
        fragment,
        tags=tags,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}},
        url_schemes=SAFE_SCHEMES,
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
        link_rel=None,
    )
    # Links whose href was refused keep their text only.
    cleaned = re.sub(r"<a>(.*?)</a>", r"\1", cleaned, flags=re.S)
    cleaned = re.sub(r"\s+", " ", cleaned.replace("\xa0", " "))
    cleaned = re.sub(r"(\s*<br>\s*)+$|^(\s*<br>\s*)+", "", cleaned.strip())
    cleaned = re.sub(r"<(b|i|a)\b[^>]*>\s*</\1>", "", cleaned)
    return cleaned.strip()


def plain_text(fragment: str) -> str:
    text = re.sub(r"<br>|</li>|</p>", " ", fragment)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.split())
