"""Clean scraped or exported HTML into article body blocks.

The cleaner removes WordPress shortcodes, scripts, styles, iframes and ad
markup, walks the remaining structure into heading, paragraph and list blocks,
and sanitises each block's inner HTML with nh3 so that only ``b``/``i``
(``strong``/``em`` are mapped), ``a[href]`` with a safe scheme, ``br`` and
lists survive. Used directly for ``.html`` files and by the WXR and
MedlinePlus parsers for their embedded HTML.

With ``rich=True`` (content a site wrote itself: WordPress posts) quotes,
tables and images are kept as quote, table and image blocks instead of being
flattened or dropped; a separator only ends the paragraph before it.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.utils.text import slugify

from .base import (
    IMAGE_PLACEHOLDER,
    ImportedArticle,
    ItemError,
    ParseResult,
    decode_text,
    summarise,
)

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
CONTAINER_TAGS = {
    "html", "body", "main", "article", "section", "div", "header", "footer",
    "blockquote", "center", "details", "summary", "dl", "dd", "dt", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figcaption", "pre",
    "address", "hgroup",
}  # fmt: skip
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LIST_TAGS = {"ul", "ol"}
INLINE_TAGS = ["b", "i", "a", "br"]
SAFE_SCHEMES = {"http", "https", "mailto"}
TITLE_MAX_CHARS = 255
HEADING_MAX_CHARS = 200
QUOTE_ATTRIBUTION_MAX_CHARS = 200
IMAGE_TEXT_MAX_CHARS = 250
#: Kept in rich mode (they become image blocks).
MEDIA_TAGS = {"img", "picture", "figure"}
_WP_IMAGE_ID = re.compile(r"^wp-image-(\d+)$")


@dataclass
class RawBlock:
    """A block before heading levels are fixed: heading, paragraph or list
    (and, in rich mode, quote, table or image with their ``value``)."""

    kind: str  # "heading" | "paragraph" | "list" | "quote" | "table" | "image"
    html: str  # heading: plain text; others: sanitised HTML with the wrapper tag
    text: str  # plain text
    level: int = 2  # headings only: 1-6 as in the source
    value: dict | None = None  # quote, table and image: the block's value


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


# --- Walking the structure ----------------------------------------------------


class _Walker:
    def __init__(self, base_url: str, rich: bool = False):
        self.base_url = base_url
        self.rich = rich
        self.blocks: list[RawBlock] = []
        self.loose: list[str] = []

    def walk(self, node: Tag) -> None:
        for child in list(node.children):
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment):
                    self.loose.append(html_lib.escape(str(child), quote=False))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if self.rich and self.walk_rich(child, name):
                continue
            if name in HEADING_TAGS:
                self.flush()
                text = " ".join(child.get_text(" ").split())
                if text:
                    self.blocks.append(RawBlock("heading", text, text, int(name[1])))
            elif name == "p":
                self.flush()
                self.add_paragraph(child.decode_contents())
            elif name in LIST_TAGS:
                self.flush()
                self.add_list(str(child))
            elif name == "hr":
                self.flush()
            elif name in CONTAINER_TAGS or name == "li":
                self.flush()
                self.walk(child)
                self.flush()
            else:  # inline: b, strong, a, span, br, unknown tags...
                self.loose.append(str(child))

    def walk_rich(self, child: Tag, name: str) -> bool:
        """Quotes, tables and images as their own blocks; True when handled."""
        if name == "blockquote":
            self.flush()
            self.add_quote(child)
        elif name == "table":
            self.flush()
            self.add_table(child, caption="")
        elif name == "figure":
            self.flush()
            table = child.find("table")
            img = child.find("img")
            nested = child.find("figure")
            if table is not None:
                self.add_table(table, caption=_figcaption(child))
            elif img is not None and nested is None:
                self.add_image(img, caption=_figcaption(child))
            else:  # a gallery, an embed, a pull quote: walk what it holds
                for caption in child.find_all("figcaption", recursive=False):
                    caption.decompose()
                self.walk(child)
            self.flush()
        elif name == "img":
            self.flush()
            self.add_image(child, caption="")
        elif name in {"p", "a", "picture", "span"} and child.find("img"):
            # <p><a href="big.jpg"><img></a> text</p>: the image, then the text
            self.flush()
            self.walk(child)
            self.flush()
        else:
            return False
        return True

    def add_quote(self, quote: Tag) -> None:
        cites = [c.extract() for c in quote.find_all("cite")]
        attribution = " ".join(" ".join(c.get_text(" ").split()) for c in cites)
        parts = [
            " ".join(p.get_text(" ").split()) for p in (quote.find_all("p") or [quote])
        ]
        text = "\n\n".join(p for p in parts if p)
        if not text:
            return
        attribution = attribution.lstrip("—–- ").strip()
        self.blocks.append(
            RawBlock(
                "quote",
                "",
                text,
                value={
                    "quote": text,
                    "attribution": attribution[:QUOTE_ATTRIBUTION_MAX_CHARS],
                },
            )
        )

    def add_table(self, table: Tag, caption: str) -> None:
        rows = []
        header = table.find("thead") is not None
        for index, row in enumerate(table.find_all("tr")):
            cells = row.find_all(["td", "th"])
            if index == 0 and cells and all(c.name == "th" for c in cells):
                header = True
            rows.append([" ".join(c.get_text(" ").split()) for c in cells])
        rows = [r for r in rows if any(r)]
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        own_caption = table.find("caption")
        if not caption and own_caption is not None:
            caption = " ".join(own_caption.get_text(" ").split())
        text = " ".join(" ".join(r) for r in rows)
        self.blocks.append(
            RawBlock(
                "table",
                "",
                text,
                value={
                    "data": rows,
                    "first_row_is_table_header": header,
                    "first_col_is_header": False,
                    "table_caption": caption,
                },
            )
        )

    def add_image(self, img: Tag, caption: str) -> None:
        src = (img.get("src") or img.get("data-src") or "").strip()
        if not src or src.startswith("data:"):
            return
        attachment = ""
        for css_class in img.get("class") or []:
            found = _WP_IMAGE_ID.match(css_class)
            if found:
                attachment = found.group(1)
        alt = " ".join((img.get("alt") or "").split())[:IMAGE_TEXT_MAX_CHARS]
        self.blocks.append(
            RawBlock(
                "image",
                "",
                caption or alt,
                value={
                    "url": urljoin(self.base_url, src) if self.base_url else src,
                    "alt": alt,
                    "caption": caption[:IMAGE_TEXT_MAX_CHARS],
                    "title": "",
                    "attachment_id": attachment,
                },
            )
        )

    def flush(self) -> None:
        if self.loose:
            self.add_paragraph("".join(self.loose))
            self.loose = []

    def add_paragraph(self, inner: str) -> None:
        cleaned = sanitise_inline(inner, self.base_url)
        text = plain_text(cleaned)
        if text:
            self.blocks.append(RawBlock("paragraph", f"<p>{cleaned}</p>", text))

    def add_list(self, outer: str) -> None:
        cleaned = sanitise_inline(outer, self.base_url, lists=True)
        cleaned = re.sub(r"<li>\s*</li>", "", cleaned)
        cleaned = re.sub(r"\s*(</?(?:ul|ol|li)>)\s*", r"\1", cleaned)
        text = plain_text(cleaned)
        if text and cleaned.startswith(("<ul>", "<ol>")):
            self.blocks.append(RawBlock("list", cleaned, text))
        elif text:  # a list without items: keep its text as a paragraph
            self.add_paragraph(outer)


def html_to_raw_blocks(
    fragment: str, base_url: str = "", rich: bool = False
) -> list[RawBlock]:
    """Clean an HTML fragment or document into raw blocks."""
    if rich:
        fragment = captions_to_figures(fragment)
    soup = BeautifulSoup(strip_shortcodes(fragment), "html.parser")
    remove_junk(soup, keep_media=rich)
    return soup_to_raw_blocks(soup, base_url, rich=rich)


def soup_to_raw_blocks(
    soup: BeautifulSoup, base_url: str = "", rich: bool = False
) -> list[RawBlock]:
    walker = _Walker(base_url, rich=rich)
    walker.walk(content_root(soup))
    walker.flush()
    return walker.blocks


def content_root(soup: BeautifulSoup) -> Tag:
    """The element holding the article: entry content, article, main or body."""
    for selector in (".entry-content", ".post-content", "article", "main", "body"):
        found = soup.select_one(selector)
        if found is not None:
            return found
    return soup


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


def _figcaption(figure: Tag) -> str:
    caption = figure.find("figcaption")
    if caption is None:
        return ""
    text = " ".join(caption.get_text(" ").split())
    caption.decompose()
    return text


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
