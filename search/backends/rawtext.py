"""Searchable text of a StreamField straight from its stored JSON.

Wagtail's ``StreamField.get_searchable_content`` turns every block into its
Python value (StructValue, ListValue, RichText, bound blocks) and strips rich
text with Django's HTML parser: about half of a full rebuild's time. The
functions here walk the raw JSON with the same block definitions and give the
same list of strings: container blocks (stream, struct, list) are walked
directly; leaf blocks call their own ``get_searchable_content`` on their own
``to_python`` value (cheap for leaves), except blocks that index nothing
(image choosers: no database query) and rich text (a regular-expression strip
that hands anything unusual back to Wagtail's own function). A block class that
overrides ``get_searchable_content`` or ``to_python`` in a way not known here
is converted and asked the Wagtail way, so custom blocks stay correct.

tests/search/test_fast_documents.py compares the result with Wagtail's own
documents for every block type of the article body.
"""

import re
from html import unescape

from django.utils.encoding import force_str
from wagtail.blocks import RichTextBlock
from wagtail.blocks.base import Block
from wagtail.blocks.field_block import BaseChoiceBlock
from wagtail.blocks.list_block import ListBlock
from wagtail.blocks.stream_block import BaseStreamBlock
from wagtail.blocks.struct_block import BaseStructBlock
from wagtail.rich_text import get_text_for_indexing

_CHOICE_MODULE = BaseChoiceBlock.__module__
_BLOCK_END = re.compile(r"(</(p|h\d|li|blockquote)>)", re.IGNORECASE)
_BREAK = re.compile(r"(<(br|hr)\s*/>)", re.IGNORECASE)
# A start or end tag (quoted attribute values may contain ">"), or a comment
# without quotes or ">" inside.
_TAG = re.compile(
    r"""</?[A-Za-z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>|<!--[^>]*-->"""
)


def text_for_indexing(html):
    """``wagtail.rich_text.get_text_for_indexing`` without an HTML parser.

    Same result for the HTML Wagtail's editor stores; anything else (a bare
    ``<``, CDATA, unusual markup) is handed to Wagtail's function.
    """
    if "<" not in html:
        return unescape(html.strip())
    # Wagtail adds a space after block ends and breaks, then strips the tags:
    # replacing those tags by a space is the same.
    text = _TAG.sub("", _BREAK.sub(" ", _BLOCK_END.sub(" ", html)))
    if "<" in text:
        return get_text_for_indexing(html)
    return unescape(text.strip())


def _nothing(raw):
    return []


def _defined_by(cls, name, base):
    """True when ``cls.name`` is the function ``base`` defines (not overridden)."""
    return getattr(cls, name, None) is base.__dict__.get(name)


def raw_text_extractor(block):
    """A function raw JSON value -> ``block.get_searchable_content(value)``."""
    cls = type(block)
    search_index = getattr(block, "search_index", True)

    if _defined_by(cls, "get_searchable_content", Block):
        return _nothing

    if _defined_by(cls, "get_searchable_content", BaseStreamBlock) and _defined_by(
        cls, "to_python", BaseStreamBlock
    ):
        if not search_index:
            return _nothing
        children = {
            name: raw_text_extractor(child)
            for name, child in block.child_blocks.items()
        }

        def stream(raw):
            if not raw:
                return []
            if isinstance(raw, str) or not isinstance(raw[0], dict):
                return block.get_searchable_content(block.to_python(raw))
            content = []
            for item in raw:
                extract = children.get(item.get("type"))
                if extract is not None:
                    content.extend(extract(item.get("value")))
            return content

        return stream

    if _defined_by(cls, "get_searchable_content", BaseStructBlock) and _defined_by(
        cls, "to_python", BaseStructBlock
    ):
        if not search_index:
            return _nothing
        children = [
            (
                name,
                raw_text_extractor(child),
                child.get_searchable_content(child.get_default()),
            )
            for name, child in block.child_blocks.items()
        ]

        def struct(raw):
            if not isinstance(raw, dict):
                return block.get_searchable_content(block.to_python(raw))
            content = []
            for name, extract, default in children:
                if name in raw:
                    content.extend(extract(raw[name]))
                else:
                    content.extend(default)
            return content

        return struct

    if _defined_by(cls, "get_searchable_content", ListBlock) and _defined_by(
        cls, "to_python", ListBlock
    ):
        if not search_index:
            return _nothing
        child = raw_text_extractor(block.child_block)

        def listing(raw):
            content = []
            for item in raw or ():
                if (
                    isinstance(item, dict)
                    and "id" in item
                    and "value" in item
                    and item.get("type") == "item"
                ):
                    item = item["value"]
                content.extend(child(item))
            return content

        return listing

    if _defined_by(cls, "get_searchable_content", RichTextBlock) and _defined_by(
        cls, "to_python", RichTextBlock
    ):
        if not search_index:
            return _nothing

        def rich_text(raw):
            return [text_for_indexing(force_str(raw or ""))]

        return rich_text

    if isinstance(block, (BaseStreamBlock, BaseStructBlock, ListBlock)):
        # A container with its own idea of searchable content: ask it.
        def custom(raw):
            return block.get_searchable_content(block.to_python(raw))

        return custom

    if (
        isinstance(block, BaseChoiceBlock)
        and not callable(getattr(block, "_constructor_kwargs", {}).get("choices"))
        and getattr(cls.get_searchable_content, "__module__", "") == _CHOICE_MODULE
        and getattr(cls.to_python, "__module__", "") == _CHOICE_MODULE
    ):
        # Fixed choices: looking a label up walks (and normalises) the whole
        # choice list each time, so remember the answer per stored value.
        cache = {}

        def choice(raw):
            try:
                return list(cache[raw])
            except KeyError:
                content = cache[raw] = block.get_searchable_content(
                    block.to_python(raw)
                )
                return list(content)
            except TypeError:  # unhashable: not a plain choice value
                return block.get_searchable_content(block.to_python(raw))

        return choice

    def leaf(raw):
        return block.get_searchable_content(block.to_python(raw))

    return leaf


_extractors = {}


def stream_field_text(field, value):
    """``field.get_searchable_content(value)`` for a StreamField, from raw JSON.

    ``value`` is the field's StreamValue. When its blocks were already turned
    into Python values (and may have been edited in memory) the raw JSON may
    be stale, so Wagtail's own method answers.
    """
    bound = getattr(value, "_bound_blocks", None)
    raw = getattr(value, "_raw_data", None)
    if bound is None or raw is None or any(b is not None for b in bound):
        return field.get_searchable_content(value)
    if any(item is None for item in raw):
        return field.get_searchable_content(value)
    return extractor_for(field)(raw)


def extractor_for(field):
    """The raw-JSON text extractor of a StreamField (compiled once per field)."""
    extract = _extractors.get(field)
    if extract is None:
        extract = _extractors[field] = raw_text_extractor(field.stream_block)
    return extract
