"""Words of live, public articles: the basis of "did you mean" on every backend
and of typo tolerance on the database backend (which has no fuzzy matching).

Built from titles, also-known-as names, clinical terms, tag names and
summaries of the articles visitors may see, so a draft's or private page's
words are never suggested. Words found only in article bodies are known too
(count 0): they are never offered as a correction, but a word that is
anywhere in the index is never "corrected" or fuzzed into another. Cached
per process, rebuilt when published content changes (search/freshness.py)
and dropped when the outbox delivers a change.
"""

import bisect
import difflib
import re
from collections import Counter

from django.db.models import TextField
from django.db.models.functions import Cast
from taggit.models import Tag

from health_articles.models import HealthArticlePage

from .freshness import DerivedCache
from .models import UrgentHelpEntry
from .spelling import spelling_variants
from .synonyms import STOP_WORDS, normalise

MIN_TYPO_LENGTH = 4
_WORD = re.compile(r"[a-z][a-z'-]+")
_TAG = re.compile(r"<[^>]*>|&[a-z]+;")


def build():
    counts = Counter()
    visible = HealthArticlePage.objects.visible()
    rows = visible.values_list("title", "also_known_as", "clinical_terms", "summary")
    for title, aka, terms, summary in rows:
        for text, weight in ((title, 5), (aka, 5), (terms, 2), (summary, 1)):
            for word in _WORD.findall(normalise(text)):
                counts[word] += weight
    for name in Tag.objects.filter(
        health_articles_healtharticletag_items__content_object__in=visible.values("pk")
    ).values_list("name", flat=True):
        for word in _WORD.findall(normalise(name)):
            counts[word] += 3
    for body in visible.annotate(raw=Cast("body", TextField())).values_list(
        "raw", flat=True
    ):
        # The stored block JSON as text: its keys and markup add a few known
        # words, which only means those words are never fuzzed.
        for word in set(_WORD.findall(_TAG.sub(" ", (body or "").lower()))):
            counts.setdefault(word, 0)
    # The words of urgent-help triggers are known too: "overdose" must never
    # be "corrected" into "overuse" on a site with no overdose article.
    for phrases, synonym_sets in UrgentHelpEntry.objects.filter(
        enabled=True
    ).values_list("phrases", "synonym_sets"):
        for word in _WORD.findall(normalise(f"{phrases} {synonym_sets}")):
            counts.setdefault(word, 0)
    return counts


MAX_CORRECTED_WORDS = 6
_memo = {}


class _VocabularyCache(DerivedCache):
    sorted_words = ()
    by_letter = {}

    def on_rebuild(self):
        _memo.clear()
        # Body-only words (count 0) are known but never suggested.
        words = sorted(word for word, count in self._value.items() if count)
        by_letter = {}
        for word in words:
            by_letter.setdefault(word[0], []).append(word)
        self.sorted_words, self.by_letter = words, by_letter


_cache = _VocabularyCache(lambda: build())


def get():
    return _cache.get()


def invalidate():
    _cache.invalidate()
    _memo.clear()


def correct_word(word, vocab=None, prefix=False):
    """The closest known word to ``word`` (or None when it is known or too short)."""
    vocab = vocab if vocab is not None else get()
    if len(word) < MIN_TYPO_LENGTH or word in vocab:
        return None
    if any(variant in vocab for variant in spelling_variants(word)):
        return None  # the other spelling is known ("fibre": fiber), not a slip
    indexed = vocab is _cache._value
    if prefix and _known_prefix(word, vocab, indexed):
        return None
    memo_key = (word, prefix)
    if indexed and memo_key in _memo:
        return _memo[memo_key]
    # Typos rarely change the first letter: compare within it (much faster).
    if indexed:
        candidates = _cache.by_letter.get(word[0]) or _cache.sorted_words
    else:
        offered = [known for known in vocab if vocab[known]]
        candidates = [known for known in offered if known[0] == word[0]] or offered
    result = _closest(word, vocab, candidates, prefix)
    if indexed:
        if len(_memo) > 5000:
            _memo.clear()
        _memo[memo_key] = result
    return result


def _known_prefix(word, vocab, indexed):
    if not indexed:
        return any(known.startswith(word) for known in vocab if vocab[known])
    words = _cache.sorted_words
    at = bisect.bisect_left(words, word)
    return at < len(words) and words[at].startswith(word)


def _closest(word, vocab, candidates, prefix):
    if prefix:
        # Compare the typed prefix against prefixes of the same length (+1).
        best = None
        best_ratio = 0.0
        for known in candidates:
            for size in (len(word), len(word) + 1):
                ratio = difflib.SequenceMatcher(None, word, known[:size]).ratio()
                if ratio > best_ratio or (
                    ratio == best_ratio and best and vocab[known] > vocab[best]
                ):
                    best, best_ratio = known, ratio
        return best if best_ratio >= 0.75 else None
    # Long words tolerate more slips ("dehydrashun" -> "dehydration").
    cutoff = 0.7 if len(word) >= 8 else 0.75
    # Many known words tie on the ratio ("codp": cord, copd, code...), and
    # get_close_matches breaks ties by spelling: keep them all, then prefer
    # the fewest edits, a swap of two letters counting as one ("codp" is
    # one swap from "copd", two edits from "cord"), then the more common
    # word (the ratio undervalues swaps: "tiena" is tinea, not tina), then
    # the ratio.
    matches = difflib.get_close_matches(
        word, candidates, n=CLOSE_MATCHES, cutoff=cutoff
    )
    # Filler names no topic: never the correction ("thrat" is not "that").
    matches = [m for m in matches if m not in STOP_WORDS]
    if not matches:
        return None
    return min(
        matches,
        key=lambda m: (
            edit_distance(word, m),
            -vocab[m],
            -difflib.SequenceMatcher(None, word, m).ratio(),
        ),
    )


CLOSE_MATCHES = 50


def edit_distance(a, b, limit=None):
    """Edits from ``a`` to ``b``: insert, delete, substitute, or swap two
    neighbouring letters (optimal string alignment distance).

    With ``limit``, the count stops as soon as it must exceed the limit and
    ``limit + 1`` is returned (urgent-help matching compares each typed word
    with many trigger words)."""
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


def typo_edits(length):
    """Edits a slip of typing makes in a word this long: one up to seven
    letters, two beyond (two edits turned seven-letter clinical words into
    others: "capitis" -> "cavities", "externa" -> "extra")."""
    return 1 if length < 8 else 2


def slips(query, corrected):
    """True when every word ``corrected`` changed in ``query`` is a slip of
    typing: within :func:`typo_edits` of the word it replaced, and not
    another form of it ("smelly" and "smell", "sunburnt" and "sunburn": the
    engine's stemming already joins those). A correction further away may
    still be offered as "did you mean" ("dehydrashun"), but is not searched
    beside the visitor's words: it turned unknown clinical words into other
    topics ("hematuria" -> "hematoma")."""
    typed, fixed = normalise(query).split(), normalise(corrected).split()
    if len(typed) != len(fixed):
        return False
    changed = [(a, b) for a, b in zip(typed, fixed, strict=True) if a != b]
    return bool(changed) and all(
        not a.startswith(b) and edit_distance(a, b) <= typo_edits(len(a))
        for a, b in changed
    )


def correct(query, prefix_last=False):
    """The query with unknown words replaced by their closest known word, or None."""
    words = normalise(query).split()
    if not words:
        return None
    vocab = get()
    changed = False
    result = []
    for position, word in enumerate(words):
        if position >= MAX_CORRECTED_WORDS or word in STOP_WORDS:
            # Filler never names a topic, and correcting it can reverse the
            # meaning ("can't breathe" is not "can breathe").
            result.append(word)
            continue
        fixed = correct_word(
            word, vocab, prefix=prefix_last and position == len(words) - 1
        )
        if fixed:
            changed = True
            result.append(fixed)
        else:
            result.append(word)
    return " ".join(result) if changed else None
