"""Ranking: every boost and every ordering rule, for both backends.

The engine searcher builds its query bodies from the clauses here; the
database searcher orders its matches with the same preferences (a title or
also-known-as match first) in Python.
"""

import re

from .. import synonyms
from ..synonyms import normalise

# Longest query sent to the engine, in words (keeps clause counts bounded).
MAX_ENGINE_WORDS = 12
MAX_ENGINE_ALTERNATIVES = 5
# The visitor's own wording, then each synonym alternative.
ORIGINAL_WEIGHT = 1.0
ALTERNATIVE_WEIGHT = 0.9
# Column weights for SQLite's bm25 over Wagtail's FTS5 table, in its column
# order (autocomplete, body, title): title matches count four times.
FTS_WEIGHTS = "0.0, 1.0, 4.0"
FUZZINESS = "AUTO:4,7"


def alternatives(query):
    """The visitor's wording, normalised, then its synonym alternatives."""
    return [normalise(query)] + synonyms.expand(query)


def field_boosts(fields):
    return [
        f"{fields['title']}^8",
        f"{fields['aka']}^8",
        f"{fields['tag_names']}^3",
        f"{fields['summary']}^2",
        f"{fields['body']}^1",
    ]


def text_clauses(fields, text, weight, original=True):
    """Engine clauses for one wording of the query.

    The visitor's own words get typo tolerance and the broad clauses;
    synonym alternatives are real terms, so they get the cheap exact clauses
    only (fuzzy clauses per alternative made long queries slow).
    """
    all_fields = field_boosts(fields)
    best = {
        "query": text,
        "type": "best_fields",
        "fields": all_fields,
        "operator": "and",
        "tie_breaker": 0.3,
        "boost": 2.0 * weight,
    }
    phrase = {
        # Exact phrases rank above scattered words.
        "query": text,
        "type": "phrase",
        "fields": all_fields,
        "slop": 1,
        "boost": 3.0 * weight,
    }
    if not original:
        return [{"multi_match": best}, {"multi_match": phrase}]
    # Every word, or a near miss of it, in the short fields that name the
    # topic. Fuzzy expansion over the body's large term dictionary cost more
    # than the rest of the query and found little the short fields miss.
    fuzzy = dict(best)
    fuzzy.update(
        {
            "fields": all_fields[:3],
            "fuzziness": FUZZINESS,
            "prefix_length": 1,
            "max_expansions": 10,
            "boost": 1.8 * weight,
        }
    )
    return [
        {"multi_match": best},
        {"multi_match": fuzzy},
        # A misspelt word compared with whole words: the stemmed fields hold
        # stems ("obes", "smoke"), so "obeity" or "smokig" are too far from
        # them; the ``.words`` subfields hold the unstemmed words.
        {
            "multi_match": {
                "query": text,
                "type": "best_fields",
                "fields": [f"{fields['title']}.words^2", f"{fields['aka']}.words"],
                "operator": "and",
                "fuzziness": FUZZINESS,
                "prefix_length": 1,
                "max_expansions": 10,
                "boost": 1.0 * weight,
            }
        },
        {"multi_match": phrase},
        # Words spread over several fields.
        {
            "multi_match": {
                "query": text,
                "type": "cross_fields",
                "fields": all_fields,
                "operator": "and",
                "boost": 1.0 * weight,
            }
        },
        # Most of the words, for long questions.
        {
            "multi_match": {
                "query": text,
                "type": "most_fields",
                "fields": all_fields,
                "minimum_should_match": "2<70%",
                "boost": 0.5 * weight,
            }
        },
    ]


def query_clauses(fields, alternatives):
    """Clauses for the query and its synonym alternatives (visitor's first)."""
    should = []
    for position, alternative in enumerate(alternatives[:MAX_ENGINE_ALTERNATIVES]):
        weight = ORIGINAL_WEIGHT if position == 0 else ALTERNATIVE_WEIGHT
        text = " ".join(alternative.split()[:MAX_ENGINE_WORDS])
        should.extend(text_clauses(fields, text, weight, original=position == 0))
    return should


def autocomplete_clauses(fields, text, typo_tolerant):
    should = [
        {
            "match": {
                fields["title_prefix"]: {"query": text, "operator": "and", "boost": 6}
            }
        },
        {
            "match": {
                fields["aka_prefix"]: {"query": text, "operator": "and", "boost": 5}
            }
        },
        {"match": {"_edgengrams": {"query": text, "operator": "and", "boost": 1}}},
        {"match_phrase_prefix": {fields["title"]: {"query": text, "boost": 4}}},
    ]
    if typo_tolerant:
        should.append(
            {
                "match": {
                    "_edgengrams": {
                        "query": text,
                        "operator": "and",
                        "fuzziness": FUZZINESS,
                        "prefix_length": 1,
                        "boost": 0.5,
                    }
                }
            }
        )
    return should


def names_first(pages, alternatives):
    """Database matches reordered: title and also-known-as matches first, as
    the engine's boosts would do. Returns ids."""

    def score(item):
        position, page = item
        title = normalise(page.title)
        names = [normalise(n) for n in page.also_known_as_list]
        best = 0
        for alternative in alternatives:
            if alternative == title or alternative in names:
                best = max(best, 4)
            elif re.search(rf"\b{re.escape(alternative)}", title) or any(
                re.search(rf"\b{re.escape(alternative)}", n) for n in names
            ):
                best = max(best, 3)
            elif all(
                re.search(rf"\b{re.escape(w[:5])}", title) for w in alternative.split()
            ):
                best = max(best, 2)
        return (-best, position)

    ranked = sorted(enumerate(pages), key=score)
    return [page.pk for _, page in ranked]


def starts_with_first(pages, prefix):
    """Autocomplete order: titles starting with the prefix, then names, then
    titles with a word starting with it, then the rest (stable)."""
    text = normalise(prefix)

    def rank(item):
        position, page = item
        title = normalise(page.title)
        names = [normalise(n) for n in page.also_known_as_list]
        if title.startswith(text):
            return (0, position)
        if any(n.startswith(text) for n in names):
            return (1, position)
        if re.search(rf"\b{re.escape(text)}", title):
            return (2, position)
        return (3, position)

    return [page for _, page in sorted(enumerate(pages), key=rank)]
