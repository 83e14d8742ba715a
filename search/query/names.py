"""Exact names first: an article whose title or also-known-as name is what
the visitor typed (or its spelling correction, or one of its synonym
alternatives) leads the results, on both backends, whatever the fusion with
the semantic half did to it.

Reciprocal rank fusion rewards articles both halves rank: a broad topic near
every query's embedding ("Cancer") outranked the article the visitor named
("Testicular Cancer", first in the lexical ranking). Measured on the 1,017
MedlinePlus titles typed as queries: the title was first for 95.1% of them
before this rule.

The map is {normalised name: article ids} of the articles visitors may see,
built once per content fingerprint (search/freshness.py); results are still
checked against the rule by whoever loads them (results.load_cards).
"""

from health_articles.models import also_known_as_names

from ..freshness import DerivedCache
from ..synonyms import content_words, normalise
from .visibility import visible_articles


def _build():
    names = {}
    rows = visible_articles().values_list("pk", "title", "also_known_as").order_by()
    for pk, title, aka in rows.iterator(chunk_size=5000):
        for name in (title, *also_known_as_names(aka)):
            key = normalise(name)
            if key:
                names.setdefault(key, set()).add(pk)
    return names


_names = DerivedCache(_build)


def named_by(alternatives):
    """Ids of the visible articles one of the wordings names exactly (the
    whole wording, or its content words: "what is gout" names Gout)."""
    index = _names.get()
    found = set()
    for wording in alternatives:
        for key in {normalise(wording), " ".join(content_words(wording))}:
            found |= index.get(key, set())
    return found


def exact_first(ids, alternatives):
    """``ids`` with the articles the wordings name exactly moved to the
    front (each group keeps its order)."""
    named = named_by(alternatives)
    if not named:
        return list(ids)
    return [pk for pk in ids if pk in named] + [pk for pk in ids if pk not in named]
