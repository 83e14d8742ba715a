"""Search-time synonyms: expand a visitor's query into equivalent queries.

Rules come from the ``Synonym`` table (editable in the admin, seeded with the
starter list in ``synonyms_data.py``) plus every live article's also-known-as
names, which point at the article's title. Expansion happens in Python before
the query is sent, so a saved rule changes the next search on every backend
without reindexing anything. The map is cached per process and rebuilt when
the rules or the published articles change (search/freshness.py).
"""

import contextlib
import contextvars
import re
from dataclasses import dataclass, field

from health_articles.models import HealthArticlePage

from .freshness import DerivedCache
from .models import Synonym

MAX_ALTERNATIVES = 8
_WORD = re.compile(r"[\w']+", re.UNICODE)


def normalise(text):
    """Lowercase, strip punctuation and collapse spaces: the key used for
    synonyms, promotions and analytics ("Muscle Cramps " -> "muscle cramps")."""
    return " ".join(_WORD.findall((text or "").lower().replace("’", "'")))


@dataclass
class SynonymMap:
    rules: dict = field(default_factory=dict)  # phrase -> set of phrases it also finds
    _longest: int | None = None  # words in the longest phrase (computed once)
    _bags: dict | None = None

    def add_equivalent(self, terms):
        terms = [normalise(t) for t in terms if normalise(t)]
        for term in terms:
            self.rules.setdefault(term, set()).update(t for t in terms if t != term)
        self._longest = None
        self._bags = None

    def bags(self):
        """{word bag: phrases}: rule phrases by their content words, stemmed
        and sorted, so "my heart is racing" finds the rule for "racing
        heart" whatever the word order, filler or inflection."""
        if self._bags is None:
            bags = {}
            for phrase in self.rules:
                key = bag(phrase)
                if key:
                    bags.setdefault(key, []).append(phrase)
            self._bags = bags
        return self._bags

    def add_one_way(self, source, targets):
        source = normalise(source)
        if source:
            self.rules.setdefault(source, set()).update(
                normalise(t) for t in targets if normalise(t) and normalise(t) != source
            )
            self._longest = None
            self._bags = None

    @property
    def longest(self):
        if self._longest is None:
            self._longest = max((len(p.split()) for p in self.rules), default=0)
        return self._longest

    def expand(self, query):
        """Alternatives for ``query`` (not including the query itself).

        Phrases are looked up by word n-grams of the query (no regex per
        rule: thousands of rules cost nothing per search). Longest phrases
        win: once "heat stroke" matched, the words inside it are not
        rewritten again by a shorter rule for "stroke".
        """
        text = normalise(query)
        words = text.split()
        if not words:
            return []
        longest = self.longest
        found = []
        for start in range(len(words)):
            for end in range(min(len(words), start + longest), start, -1):
                phrase = " ".join(words[start:end])
                if phrase in self.rules:
                    found.append((end - start, start, end, phrase))
        found.sort(key=lambda item: (-item[0], item[1]))
        alternatives = []
        seen = {text}
        taken = []  # word spans already covered by a longer phrase
        for _size, start, end, phrase in found:
            if len(alternatives) >= MAX_ALTERNATIVES:
                break
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            for replacement in sorted(self.rules[phrase]):
                candidate = " ".join(words[:start] + [replacement] + words[end:])
                if candidate not in seen:
                    seen.add(candidate)
                    alternatives.append(candidate)
                if len(alternatives) >= MAX_ALTERNATIVES:
                    break
        if len(alternatives) < MAX_ALTERNATIVES:
            self._expand_bags(words, seen, alternatives)
        return alternatives

    def _expand_bags(self, words, seen, alternatives):
        """Alternatives from rules matched by word bags of the content words."""
        content = content_words(" ".join(words))
        bags = self.bags()
        # Phrases of two words or more: single words are found above, and
        # the engine stems them.
        for size in range(min(len(content), self.longest), 1, -1):
            for start in range(len(content) - size + 1):
                window = content[start : start + size]
                for phrase in bags.get(bag(" ".join(window)), ()):
                    for replacement in sorted(self.rules[phrase]):
                        candidate = " ".join(
                            content[:start] + [replacement] + content[start + size :]
                        )
                        if candidate not in seen:
                            seen.add(candidate)
                            alternatives.append(candidate)
                        if len(alternatives) >= MAX_ALTERNATIVES:
                            return


# Words that say how a visitor asks, not what about: English function words
# and the fillers of health questions ("what is", "how is it treated", "my",
# "can I", "should I", "why do", "is it normal"). They are never required and
# never drive the ranking, on any backend (search/query/ranking.py); a query
# made only of them is searched as typed.
STOP_WORDS = frozenset(
    """
    a about above after again all also am an and any are aren't as at be been
    before being below between both but by can can't cannot could couldn't did
    didn't do does doesn't doing don't down during each few for from further
    get gets getting got had has have having he her here hers herself him
    himself his how i i'd i'm i've if in into is isn't it it's its itself just
    keep keeps let like lot lots me might more most much must my myself no nor
    not now of off often on once only or other ought our ours ourselves out
    over own same she should shouldn't so some such than that that's the their
    theirs them themselves then there these they this those through to too
    under until up us very was wasn't we were weren't what what's when where
    which while who whom why will with won't would wouldn't you your yours
    yourself im ive whats hows whos anything something someone thing things
    normal ok okay mean means really always usually sometimes still ever
    possible know tell need want way ways go goes going happen happens
    happening
    """.split()
)
_SUFFIXES = ("ing", "es", "ed", "s")


def content_words(text):
    """The words of ``text`` that name what it is about (normalised)."""
    words = normalise(text).split()
    kept = [w for w in words if w not in STOP_WORDS]
    return kept or words


def _stem(word):
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def bag(phrase):
    """The sorted, crudely stemmed content words of a phrase."""
    words = [w for w in normalise(phrase).split() if w not in STOP_WORDS]
    return tuple(sorted(_stem(w) for w in words))


def map_from_rules(rules):
    """A SynonymMap from Synonym rows (or objects with ``kind``/``term_list``)."""
    synonym_map = SynonymMap()
    for rule in rules:
        terms = rule.term_list()
        if len(terms) < 2:
            continue
        if rule.kind == Synonym.KIND_ONE_WAY:
            synonym_map.add_one_way(terms[0], terms[1:])
        else:
            synonym_map.add_equivalent(terms)
    return synonym_map


def build_map(rules=None):
    """The map from ``rules`` (default: the enabled Synonym rows) and the
    visible articles' also-known-as names."""
    if rules is None:
        rules = Synonym.objects.filter(enabled=True)
    synonym_map = map_from_rules(rules)
    pages = (
        HealthArticlePage.objects.visible()
        .exclude(also_known_as="")
        .values_list("title", "also_known_as")
    )
    for title, names in pages:
        for name in names.splitlines():
            key = normalise(name)
            if not key or key == normalise(title):
                continue
            if all(word in STOP_WORDS for word in key.split()):
                # An abbreviation that is also filler ("ALL", acute
                # lymphocytic leukemia) would rewrite every query with "all".
                continue
            synonym_map.add_one_way(name, [title])
    return synonym_map


_cache = DerivedCache(build_map)
# A map used instead of the cached one in this thread (or task) only: the
# synonym impact preview (search/impact.py) searches with a pending change
# without saving it and without other requests seeing it.
_override = contextvars.ContextVar("synonym_map_override", default=None)


def get_map():
    override = _override.get()
    return override if override is not None else _cache.get()


@contextlib.contextmanager
def using_map(synonym_map):
    """Search with ``synonym_map`` inside this block, in this context only."""
    token = _override.set(synonym_map)
    try:
        yield synonym_map
    finally:
        _override.reset(token)


def invalidate():
    _cache.invalidate()


def expand(query):
    return get_map().expand(query)
