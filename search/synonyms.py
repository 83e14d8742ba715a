"""Search-time synonyms: expand a visitor's query into equivalent queries.

Rules come from the ``Synonym`` table (editable in the admin, seeded with the
starter list in ``synonyms_data.py``) plus every live article's also-known-as
names, which point at the article's title. Expansion happens in Python before
the query is sent, so a saved rule changes the next search on every backend
without reindexing anything. The map is cached per process and rebuilt when
the rules or the published articles change (search/freshness.py).
"""

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

    def add_equivalent(self, terms):
        terms = [normalise(t) for t in terms if normalise(t)]
        for term in terms:
            self.rules.setdefault(term, set()).update(t for t in terms if t != term)
        self._longest = None

    def add_one_way(self, source, targets):
        source = normalise(source)
        if source:
            self.rules.setdefault(source, set()).update(
                normalise(t) for t in targets if normalise(t) and normalise(t) != source
            )
            self._longest = None

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
        return alternatives


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


def build_map():
    synonym_map = map_from_rules(Synonym.objects.filter(enabled=True))
    pages = (
        HealthArticlePage.objects.visible()
        .exclude(also_known_as="")
        .values_list("title", "also_known_as")
    )
    for title, names in pages:
        for name in names.splitlines():
            if normalise(name) and normalise(name) != normalise(title):
                synonym_map.add_one_way(name, [title])
    return synonym_map


_cache = DerivedCache(build_map)


def get_map():
    return _cache.get()


def invalidate():
    _cache.invalidate()


def expand(query):
    return get_map().expand(query)
