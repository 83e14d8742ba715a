"""Ranking: every boost and every ordering rule, for both backends.

The engine searcher builds its query bodies from the clauses here; the
database searcher orders its matches with the same preferences (a title or
also-known-as match first) in Python.
"""

import re

from .. import synonyms
from ..synonyms import content_words, normalise

# Longest query sent to the engine, in words (keeps clause counts bounded).
MAX_ENGINE_WORDS = 12
MAX_ENGINE_ALTERNATIVES = 5
# The visitor's own wording, then each synonym alternative.
ORIGINAL_WEIGHT = 1.0
ALTERNATIVE_WEIGHT = 0.9
# An alternative names the whole concept ("breast infection" for
# "mastitis"): one of its words alone ("breast") is weak evidence, so its
# any-word backbone counts less than the visitor's own.
ALTERNATIVE_BACKBONE = 0.25
# Column weights for SQLite's bm25 over Wagtail's FTS5 table, in its column
# order (autocomplete, body, title): title matches count four times.
FTS_WEIGHTS = "0.0, 1.0, 4.0"
FUZZINESS = "AUTO:4,7"


def alternatives(query, corrected=None):
    """The visitor's wording, normalised, then the spelling correction's
    (``corrected``: the vocabulary's, for words no article holds), then the
    synonym alternatives (of the correction when there is one).

    The corrected wording is searched beside the visitor's own, so a slip in
    one word of several ("skxin cancer") still ranks the topic it names by
    all its words, on both backends; the visitor's known words are never
    changed (search/vocabulary.py corrects unknown words only).
    """
    wordings = [normalise(query)]
    corrected = corrected if corrected and normalise(corrected) != wordings[0] else None
    if corrected:
        # The correction keeps every known word, so its synonyms are the
        # visitor's with the slip mended ("skxin malignancy" helps nobody).
        wordings += [normalise(corrected), *synonyms.expand(corrected)]
    else:
        wordings += synonyms.expand(query)
    found = Wordings(dict.fromkeys(w for w in wordings if w))
    found.corrected = corrected is not None
    return found


class Wordings(list):
    """A query's wordings, the visitor's first; ``corrected`` when the
    second is the spelling correction of the first."""

    corrected = False


# Name (title, also-known-as) boost of the any-word backbone: a name
# holding one word of a several-word query ("heart" of "heart racing",
# "burning" of "burning pee") must not outrank the article about the whole
# concept; the all-words names clause keeps full-name matches on top.
PARTIAL_NAME_BOOST = 3
# A one-word wording is sent as two clauses, not four (same ranking, less
# engine work).
ONE_WORD_CLAUSES = True


# The visitor's wording and this many alternatives make the embedded text.
SEMANTIC_ALTERNATIVES = 1 + MAX_ENGINE_ALTERNATIVES


def semantic_text(alternatives):
    """The text the semantic half embeds: the content words of the visitor's
    wording, then those its synonym alternatives add (the concept, not only
    its lay name: "heart racing" -> "... tachycardia", found near
    Arrhythmia)."""
    # A slip ("caocer") is noise to the embedding model: with a correction
    # the corrected wording stands for the visitor's.
    skip = 1 if getattr(alternatives, "corrected", False) else 0
    wordings = alternatives[skip : SEMANTIC_ALTERNATIVES + skip]
    words = [w for a in wordings for w in content_words(a)]
    return " ".join(dict.fromkeys(words))


# Clinical terms (MeSH headings) name the concept as clinicians do, but are
# broader than a title ("Mastitis" is a heading of Breast Diseases, and
# "Hemorrhage" of every bleeding topic): weak evidence, as a body word is.
# Measured on the dev half of bench/relevance: boost 1 scored 0.731 on the
# engine against 3's 0.728; embedding them with the article scored 0.732 but
# moved bleeding topics above Brain Aneurysm for "brain bleed" (the guard).
CLINICAL_TERMS_BOOST = 1


def field_boosts(fields, names=8):
    return [
        f"{fields['title']}^{names}",
        f"{fields['aka']}^{names}",
        f"{fields['tag_names']}^3",
        f"{fields['terms']}^{CLINICAL_TERMS_BOOST}",
        f"{fields['summary']}^2",
        f"{fields['body']}^1",
    ]


def text_clauses(fields, text, weight, original=True, unknown=()):
    """Engine clauses for one wording of the query.

    ``text`` holds the content words only (see :func:`content_words`). The
    backbone is a BM25 ``best_fields`` over every field where any content
    word may match (long questions rank by the concepts they hold); the
    clauses above it reward every content word in the names (a title or
    also-known-as match dominates body matches), the exact phrase and every
    word spread over the fields. Fuzzy clauses apply to ``unknown`` words
    only (not in the vocabulary): a correctly spelled word is never
    rewritten into another topic ("hives" never brings HIV).
    """
    all_fields = field_boosts(fields)
    names = all_fields[:2]
    several = len(text.split()) > 1
    backbone = 1.0 if original else ALTERNATIVE_BACKBONE
    if not several and ONE_WORD_CLAUSES:
        # One word: its phrase and its every-word clause score as the
        # backbone does, so the backbone carries their boosts (two clauses
        # instead of four per wording).
        clauses = [
            {
                "multi_match": {
                    "query": text,
                    "type": "best_fields",
                    "fields": all_fields,
                    "tie_breaker": 0.3,
                    "boost": (backbone + 2.5) * weight,
                }
            },
            {
                "multi_match": {
                    "query": text,
                    "type": "best_fields",
                    "fields": names,
                    "boost": 2.0 * weight,
                }
            },
        ]
        return clauses + fuzzy_clauses(fields, unknown, weight, original)
    clauses = [
        {
            "multi_match": {
                "query": text,
                "type": "best_fields",
                "fields": field_boosts(fields, PARTIAL_NAME_BOOST)
                if several
                else all_fields,
                "tie_breaker": 0.3,
                "boost": backbone * weight,
            }
        },
        {
            "multi_match": {
                "query": text,
                "type": "best_fields",
                "fields": names,
                "operator": "and",
                "boost": 2.0 * weight,
            }
        },
        {
            "multi_match": {
                # Exact phrases rank above scattered words.
                "query": text,
                "type": "phrase",
                "fields": all_fields,
                "slop": 1,
                "boost": 2.0 * weight,
            }
        },
        {
            "multi_match": {
                # Every content word, spread over several fields.
                "query": text,
                "type": "cross_fields",
                "fields": all_fields,
                "operator": "and",
                "boost": 0.5 * weight,
            }
        },
    ]
    return clauses + fuzzy_clauses(fields, unknown, weight, original)


def fuzzy_clauses(fields, unknown, weight, original):
    """Typo tolerance for the words the vocabulary does not know."""
    all_fields = field_boosts(fields)
    clauses = []
    if original and unknown:
        # A misspelt word compared with whole words in the names: the
        # stemmed fields hold stems ("obes", "smoke"), so "obeity" or
        # "smokig" are too far from them; the ``.words`` subfields hold the
        # unstemmed words.
        clauses.append(
            {
                "multi_match": {
                    "query": " ".join(unknown),
                    "type": "best_fields",
                    "fields": [
                        f"{fields['title']}.words^2",
                        f"{fields['aka']}.words^2",
                        *all_fields[:3],
                    ],
                    "fuzziness": FUZZINESS,
                    "prefix_length": 1,
                    "max_expansions": 10,
                    "boost": 1.5 * weight,
                }
            }
        )
    return clauses


def query_clauses(fields, alternatives, known=None):
    """Clauses for the query and its synonym alternatives (visitor's first).

    ``known(word)`` says whether a word is in the index's vocabulary; words
    it does not know get typo tolerance.
    """
    should = []
    for position, alternative in enumerate(alternatives[:MAX_ENGINE_ALTERNATIVES]):
        weight = ORIGINAL_WEIGHT if position == 0 else ALTERNATIVE_WEIGHT
        words = content_words(alternative)[:MAX_ENGINE_WORDS]
        unknown = []
        if position == 0 and known is not None:
            unknown = [w for w in words if len(w) >= 4 and not known(w)]
        should.extend(
            text_clauses(
                fields, " ".join(words), weight, original=position == 0, unknown=unknown
            )
        )
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
    # Compiled once per search, not once per match (up to 600 of them).
    compiled = [
        (
            alternative,
            re.compile(rf"\b{re.escape(alternative)}"),
            [re.compile(rf"\b{re.escape(w[:5])}") for w in alternative.split()],
        )
        for alternative in alternatives
    ]

    def score(item):
        position, page = item
        title = normalise(page.title)
        names = [normalise(n) for n in page.also_known_as_list]
        best = 0
        for alternative, starts, word_starts in compiled:
            if alternative == title or alternative in names:
                return (-4, position)
            if best < 3 and (
                starts.search(title)
                or any(starts.search(n) for n in names)
                or _names_in(alternative, [title, *names])
            ):
                # The query starts a name, or names a topic among its words.
                best = 3
            elif best < 2 and all(p.search(title) for p in word_starts):
                best = 2
        return (-best, position)

    ranked = sorted(enumerate(pages), key=score)
    return [page.pk for _, page in ranked]


def _names_in(text, names):
    """True when one of ``names`` is a whole-word phrase inside ``text``."""
    padded = f" {text} "
    return any(name and f" {name} " in padded for name in names)


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
