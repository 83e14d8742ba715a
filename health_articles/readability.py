"""Plain-language scores of an article's body (textstat's Flesch formulas).

:func:`body_text` is the text a reader reads: every heading, paragraph, list
item, step, callout, caption, quote and FAQ answer of the body, one sentence
per block (a block not ending in punctuation gets a full stop, so a heading is
not counted as the start of the next paragraph). Choices (heading level,
urgency), anchors, alt text, images, tables, references and search
boxes are left out.
:func:`scores` gives Flesch reading ease and Flesch-Kincaid grade level of a
text, or ``(None, None)`` when there is nothing to score. The page stores
both when it is saved, that is at publish (``HealthArticlePage.save``).
"""

import textstat
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.rich_text import RichText

SKIPPED_BLOCKS = {"references", "search_box", "table"}
SKIPPED_CHILDREN = {"anchor", "alt_text", "level", "urgency", "image"}
ENDINGS = ".!?:;"


def _texts(block, value):
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock) or isinstance(value, RichText):
        source = value.source if isinstance(value, RichText) else str(value)
        text = strip_tags(source.replace("</p>", "</p>\n").replace("</li>", ".\n"))
        yield text
    elif isinstance(block, blocks.ChoiceBlock):
        return
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if name not in SKIPPED_CHILDREN:
                yield from _texts(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _texts(block.child_block, item)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _texts(child.block, child.value)
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield str(value)


def body_text(body):
    """The readable text of a body StreamField value."""
    sentences = []
    for child in body or []:
        if child.block_type in SKIPPED_BLOCKS:
            continue
        for text in _texts(child.block, child.value):
            for line in str(text).splitlines():
                line = " ".join(line.split())
                if line:
                    sentences.append(line if line[-1] in ENDINGS else line + ".")
    return " ".join(sentences)


def scores(text):
    """(Flesch reading ease, Flesch-Kincaid grade) of ``text``."""
    if not text or not any(ch.isalpha() for ch in text):
        return None, None
    return (
        float(textstat.flesch_reading_ease(text)),
        float(textstat.flesch_kincaid_grade(text)),
    )


def describe(ease):
    """A plain label for a reading-ease score (Flesch's own bands)."""
    if ease is None:
        return "not scored"
    for floor, label in (
        (90, "very easy"),
        (80, "easy"),
        (70, "fairly easy"),
        (60, "plain English"),
        (50, "fairly difficult"),
        (30, "difficult"),
    ):
        if ease >= floor:
            return label
    return "very difficult"
