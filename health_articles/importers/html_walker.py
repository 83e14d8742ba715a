"""Walk cleaned HTML into raw blocks: headings, paragraphs and lists.

With ``rich=True`` (content a site wrote itself: WordPress posts) quotes,
tables and images are kept as quote, table and image blocks instead of being
flattened or dropped; a separator only ends the paragraph before it.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .html_cleaning import (
    captions_to_figures,
    plain_text,
    remove_junk,
    sanitise_inline,
    strip_shortcodes,
)
from .raw_blocks import RawBlock

CONTAINER_TAGS = {
    "html", "body", "main", "article", "section", "div", "header", "footer",
    "blockquote", "center", "details", "summary", "dl", "dd", "dt", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figcaption", "pre",
    "address", "hgroup",
}  # fmt: skip
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LIST_TAGS = {"ul", "ol"}
QUOTE_ATTRIBUTION_MAX_CHARS = 200
IMAGE_TEXT_MAX_CHARS = 250
_WP_IMAGE_ID = re.compile(r"^wp-image-(\d+)$")


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


def _figcaption(figure: Tag) -> str:
    caption = figure.find("figcaption")
    if caption is None:
        return ""
    text = " ".join(caption.get_text(" ").split())
    caption.decompose()
    return text
