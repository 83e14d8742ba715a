"""The MedlinePlus corpus as the benchmark sees it, and the relevance queries.

Read straight from ../shared/data/medlineplus/health-topics.xml (never copied
into the project). Queries are made from each topic's also-called names,
titles with one deterministic (seeded) edit, and title prefixes.
"""

from __future__ import annotations

import random
import string
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MEDLINEPLUS_XML = REPO.parent / "shared" / "data" / "medlineplus" / "health-topics.xml"


@dataclass
class Topic:
    topic_id: str
    title: str
    also_called: list[str]
    groups: list[str]

    @property
    def source_id(self):
        return f"medlineplus:{self.topic_id}"


def _fold(text):
    return " ".join((text or "").casefold().split())


def load_topics(path=MEDLINEPLUS_XML) -> list[Topic]:
    root = ET.parse(path).getroot()
    topics = []
    for element in root.findall("health-topic"):
        if (element.get("language") or "English") != "English":
            continue
        title = " ".join((element.get("title") or "").split())
        names = []
        for child in element.findall("also-called") + element.findall("see-reference"):
            name = " ".join((child.text or "").split())
            if name and _fold(name) != _fold(title) and name not in names:
                names.append(name)
        topics.append(
            Topic(
                topic_id=(element.get("id") or "").strip(),
                title=title,
                also_called=names,
                groups=[g.text or "" for g in element.findall("group")],
            )
        )
    return topics


def write_subset(path: Path, count: int, source=MEDLINEPLUS_XML, step: int = 0):
    """Write ``count`` topics (every ``step``-th) to ``path`` (under bench/.work)."""
    root = ET.parse(source).getroot()
    topics = root.findall("health-topic")
    if step <= 0:
        step = max(1, len(topics) // count)
    chosen = topics[::step][:count]
    new_root = ET.Element(root.tag, dict(root.attrib, total=str(len(chosen))))
    new_root.extend(chosen)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(new_root).write(path, encoding="utf-8", xml_declaration=True)
    return path


# ---------------------------------------------------------------- queries


@dataclass
class Query:
    kind: str  # "also_called" | "misspelt" | "prefix"
    text: str
    relevant: list[str]  # source ids
    topic: str  # the source id the query was made from


def one_edit(title: str, rng: random.Random) -> str | None:
    """``title`` with one edit (substitute, delete, insert or swap) in one word
    of 4+ letters, never its first letter; None when no word qualifies."""
    words = title.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        return None
    index = rng.choice(candidates)
    word = words[index]
    pos = rng.randrange(1, len(word))
    op = rng.choice(("substitute", "delete", "insert", "swap"))
    letters = string.ascii_lowercase
    if op == "substitute":
        new = rng.choice([c for c in letters if c != word[pos].lower()])
        word = word[:pos] + new + word[pos + 1 :]
    elif op == "delete":
        word = word[:pos] + word[pos + 1 :]
    elif op == "insert":
        word = word[:pos] + rng.choice(letters) + word[pos:]
    else:
        if pos == len(word) - 1:
            pos -= 1
        if pos < 1 or word[pos].lower() == word[pos + 1].lower():
            new = rng.choice([c for c in letters if c != word[pos].lower()])
            word = word[:pos] + new + word[pos + 1 :]
        else:
            word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    words[index] = word
    return " ".join(words)


def make_queries(topics: list[Topic], seed: int = 7) -> list[Query]:
    by_name = {}
    for topic in topics:
        for name in [topic.title, *topic.also_called]:
            by_name.setdefault(_fold(name), set()).add(topic.source_id)
    queries = []
    for topic in topics:
        for name in topic.also_called:
            queries.append(
                Query(
                    "also_called", name, sorted(by_name[_fold(name)]), topic.source_id
                )
            )
    for topic in topics:
        rng = random.Random(f"{seed}:typo:{topic.topic_id}")
        text = one_edit(topic.title, rng)
        if text and _fold(text) != _fold(topic.title):
            queries.append(Query("misspelt", text, [topic.source_id], topic.source_id))
    for topic in topics:
        words = topic.title.split()
        if len(words) >= 2:
            text = f"{words[0]} {words[1][:3]}"
            queries.append(Query("prefix", text, [topic.source_id], topic.source_id))
    return queries
