"""A deterministic generator of plausible health articles.

``generate(count, seed)`` yields :class:`GeneratedArticle` objects: a title, a
summary, also-known-as names, 1-4 tags and a StreamField body made of the
site's real block types (heading, paragraph, key facts, symptoms, causes,
treatment steps, "when to see a doctor", FAQ). The same seed always gives the
same articles, so runs are comparable. Nothing here is copied from MedlinePlus.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from html import escape

from . import vocab


@dataclass
class GeneratedArticle:
    number: int
    title: str
    summary: str
    also_known_as: list[str]
    tags: list[str]
    body: list[dict]  # raw StreamField data: [{"type", "value", "id"}]
    author: str = ""
    last_reviewed_days_ago: int = 0
    words: int = 0
    extra: dict = field(default_factory=dict)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Filler:
    """Fills ``{cond}``-style slots for one article."""

    def __init__(self, rng: random.Random, condition, other):
        self.rng = rng
        self.cond, self.lay, self.system, self.part = condition
        self.cond2 = other[0]
        self.pop = rng.choice(vocab.POPULATIONS)

    def __call__(self, template: str) -> str:
        rng = self.rng
        if "{" not in template:
            return template
        values = {
            "cond": self.cond,
            "Cond": _cap(self.cond),
            "cond2": self.cond2,
            "part": self.part,
            "Part": _cap(self.part),
            "pop": self.pop,
            "lay": rng.choice(self.lay),
            "sym": rng.choice(vocab.SYMPTOMS),
            "cause": rng.choice(vocab.CAUSES),
            "cause2": rng.choice(vocab.CAUSES),
            "adj": rng.choice(vocab.ADJECTIVES),
            "n": rng.randint(2, 8),
            "n0": rng.choice((5, 10, 20, 50, 100)),
            "Qual": _cap(rng.choice(vocab.QUALIFIERS)),
        }
        return template.format(**values)


def _block_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _paragraph(fill, rng, sentences):
    chosen = rng.sample(vocab.INTRO_SENTENCES, sentences)
    return "<p>" + escape(" ".join(fill(s) for s in chosen), quote=False) + "</p>"


def make_article(number: int, seed: int) -> GeneratedArticle:
    """Article ``number`` of the stream for ``seed`` (independent of the others)."""
    rng = random.Random(f"{seed}:{number}")
    condition = rng.choice(vocab.CONDITIONS)
    other = rng.choice(vocab.CONDITIONS)
    fill = _Filler(rng, condition, other)
    pattern = rng.choice(vocab.TITLE_PATTERNS)
    title = fill(pattern)
    lay = list(condition[1])
    aka = []
    for name in rng.sample(lay, k=min(len(lay), rng.randint(1, 2))):
        if pattern.startswith("{Qual}"):
            aka.append(name)
        else:
            aka.append(f"{name} ({fill.pop})" if rng.random() < 0.2 else name)
    tags = [condition[2]]
    for tag in rng.sample(vocab.EXTRA_TAGS, rng.randint(0, 3)):
        if tag not in tags:
            tags.append(tag)

    summary = " ".join(fill(s) for s in rng.sample(vocab.INTRO_SENTENCES[:6], 2))
    body = []

    def add(kind, value):
        body.append({"type": kind, "value": value, "id": _block_id(rng)})

    add("paragraph", _paragraph(fill, rng, rng.randint(3, 5)))
    sections = ["facts", "symptoms", "causes", "treatment", "doctor", "faq", "more"]
    rng.shuffle(sections)
    sections = sections[: rng.randint(4, 7)]
    for section in sections:
        if section == "facts":
            add(
                "key_facts",
                {
                    "title": "Key facts",
                    "facts": [fill(f) for f in rng.sample(vocab.FACTS, 3)],
                },
            )
        elif section == "symptoms":
            add("heading", {"text": "Symptoms", "level": "h2", "anchor": ""})
            add(
                "symptoms",
                {
                    "title": f"Symptoms of {condition[0]}",
                    "intro": fill("Common symptoms of {cond} include:"),
                    "items": rng.sample(vocab.SYMPTOMS, rng.randint(3, 7)),
                },
            )
        elif section == "causes":
            add("heading", {"text": "Causes", "level": "h2", "anchor": ""})
            add(
                "causes",
                {
                    "title": "Causes",
                    "intro": "",
                    "items": rng.sample(vocab.CAUSES, rng.randint(2, 5)),
                },
            )
        elif section == "treatment":
            steps = rng.sample(vocab.TREATMENTS, rng.randint(2, 5))
            add(
                "treatment",
                {
                    "title": "Treatment and self-care",
                    "steps": [{"title": t, "detail": fill(d)} for t, d in steps],
                },
            )
        elif section == "doctor":
            add(
                "see_doctor",
                {
                    "title": "When to see a doctor",
                    "urgency": rng.choice(("routine", "urgent", "emergency")),
                    "text": "<p>"
                    + escape(fill(rng.choice(vocab.DOCTOR_TEXT)), quote=False)
                    + "</p>",
                },
            )
        elif section == "faq":
            items = rng.sample(vocab.FAQ_QUESTIONS, rng.randint(2, 4))
            add(
                "faq",
                {
                    "title": "Frequently asked questions",
                    "items": [
                        {"question": fill(q), "answer": f"<p>{escape(fill(a))}</p>"}
                        for q, a in items
                    ],
                },
            )
        else:
            add(
                "heading",
                {"text": fill("More about {cond}"), "level": "h2", "anchor": ""},
            )
            add("paragraph", _paragraph(fill, rng, rng.randint(2, 4)))
    return GeneratedArticle(
        number=number,
        title=title[:250],
        summary=summary[:300],
        also_known_as=aka,
        tags=tags,
        body=body,
        author=rng.choice(vocab.AUTHORS),
        last_reviewed_days_ago=rng.randint(0, 1500),
    )


def generate(count: int, seed: int = 20260414, start: int = 0):
    """``count`` articles numbered ``start``.. for ``seed``."""
    for number in range(start, start + count):
        yield make_article(number, seed)


if __name__ == "__main__":  # a peek: python -m bench.generator 3
    import json
    import sys

    for article in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 2):
        print(json.dumps(article.__dict__, indent=1)[:3000])
