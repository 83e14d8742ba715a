"""MedlinePlus health-topics XML (``health-topics`` > ``health-topic``).

Only ``language="English"`` topics are imported (the site is English; Spanish
topics are translations of the same topics). ``full-summary`` (escaped HTML)
becomes the body; ``meta-desc`` the summary; ``also-called`` and
``see-reference`` the other names; ``group`` the tags; ``related-topic`` the
editor-picked related articles. ``mesh-heading``, ``primary-institute``,
``site``, ``language-mapped-topic`` and ``other-language`` are accepted and
ignored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .base import (
    ImportedArticle,
    ImportInputError,
    ItemError,
    ParseResult,
    SkippedItem,
    element_lines,
    item_position,
    local_name,
    parse_xml,
    summarise,
    unique_names,
)
from .html_walker import html_to_raw_blocks
from .raw_blocks import TITLE_MAX_CHARS, body_blocks, first_paragraph_text

CREDIT = "Courtesy of MedlinePlus from the National Library of Medicine"
LANGUAGE = "English"


class TopicProblem(Exception):
    """A malformed health topic."""


def source_id_for(topic_id: str) -> str:
    return f"medlineplus:{topic_id}"


def parse_medlineplus(data: bytes, path: Path) -> ParseResult:
    root = parse_xml(data, path)
    if local_name(root.tag) != "health-topics":
        raise ImportInputError(f"{path}: not MedlinePlus XML (no <health-topics>)")
    lines = element_lines(data, "health-topic")
    result = ParseResult()
    for index, topic in enumerate(root.findall("health-topic")):
        position = item_position(path, index, lines)
        language = topic.get("language") or LANGUAGE
        if language != LANGUAGE:
            result.skipped.append(
                SkippedItem(
                    position,
                    f"{language} topic",
                    f"skipped {language} topic {topic.get('title')!r}",
                    title=topic.get("title") or "",
                )
            )
            continue
        try:
            article = parse_topic(topic)
        except TopicProblem as exc:
            result.errors.append(ItemError(position, str(exc)))
            continue
        article.position = position
        result.articles.append(article)
    return result


def parse_topic(topic) -> ImportedArticle:
    title = " ".join((topic.get("title") or "").split())
    topic_id = (topic.get("id") or "").strip()
    if not title:
        raise TopicProblem("health-topic has no title attribute")
    if len(title) > TITLE_MAX_CHARS:
        raise TopicProblem(f"title is longer than {TITLE_MAX_CHARS} characters")
    if not topic_id:
        raise TopicProblem(f"health-topic {title!r} has no id attribute")

    blocks = html_to_raw_blocks(topic.findtext("full-summary") or "")
    description = " ".join((topic.get("meta-desc") or "").split())
    if not blocks and not description:
        raise TopicProblem(f"health-topic {title!r} has no full-summary")

    other_names = [e.text or "" for e in topic.findall("also-called")]
    other_names += [e.text or "" for e in topic.findall("see-reference")]
    related = [
        source_id_for(e.get("id").strip())
        for e in topic.findall("related-topic")
        if (e.get("id") or "").strip()
    ]
    return ImportedArticle(
        title=title,
        summary=summarise(description or first_paragraph_text(blocks)),
        body_blocks=body_blocks(blocks),
        tags=unique_names(e.text or "" for e in topic.findall("group")),
        also_known_as=unique_names(other_names, exclude=[title]),
        clinical_terms=unique_names(
            (e.text or "" for e in topic.findall("mesh-heading/descriptor")),
            exclude=[title, *other_names],
        ),
        source_id=source_id_for(topic_id),
        source_url=(topic.get("url") or "").strip(),
        credit=CREDIT,
        published_at=_date_created(topic.get("date-created")),
        related_source_ids=list(dict.fromkeys(related)),
    )


def _date_created(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), "%m/%d/%Y").replace(tzinfo=UTC)
    except ValueError:
        raise TopicProblem(f"invalid date-created {value!r} (expected MM/DD/YYYY)")
