"""What a pending synonym change does to search, before it is saved.

:func:`preview` searches the judged evaluation set (``SEARCH_RELEVANCE_SET``,
by default the project's bench/relevance/queries.json: judgments keyed by
the articles' ``source_id``) and the site's top searches of the last 30 days
(only those the analytics may show, search/privacy.py) twice: with the
synonym map as saved and with the pending change applied. The pending map is
used through :func:`search.synonyms.using_map`, in this request's context
only, so no other search sees it and nothing is saved.

Synonyms reach a search only through the alternatives of the query (and of
its spelling correction), so a query whose alternatives are the same under
both maps gives the same results: only the others are searched, which keeps
the preview within seconds on a large corpus. Whichever backend is active
answers (the engine, or the database when there is none).
"""

import difflib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from health_articles.models import HealthArticlePage

from . import analytics, synonyms, vocabulary
from .forms import parse_rule
from .models import Synonym
from .query import search_articles
from .query.service import backend_label
from .synonyms import normalise

RELEVANT = 2  # the grade from which a judged article counts as relevant
DEPTH = 10  # ranks are looked for in the first page of ten
POPULAR = 200
POPULAR_DAYS = 30


def relevance_set_path():
    default = Path(settings.BASE_DIR) / "bench" / "relevance" / "queries.json"
    return Path(getattr(settings, "SEARCH_RELEVANCE_SET", default))


def load_judged(path=None):
    """[(text, {source_id: grade})] of the judged set, [] when it is missing."""
    path = path or relevance_set_path()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [(q["text"], q["judged"]) for q in data.get("queries", [])]


@dataclass
class Change:
    query: str
    before: object
    after: object


@dataclass
class Impact:
    backend: str
    judged_path: str
    judged_total: int = 0  # judged queries with a relevant article on this site
    judged_affected: int = 0  # ... whose synonym alternatives change
    better: list = field(default_factory=list)
    worse: list = field(default_factory=list)
    popular_total: int = 0
    popular_affected: int = 0
    popular_changed: list = field(default_factory=list)
    searches: int = 0
    seconds: float = 0.0

    @property
    def judged_unchanged(self):
        return self.judged_total - len(self.better) - len(self.worse)


def pending_rules(kind, terms, enabled, replacing=None):
    """The enabled rules as they would be after saving: ``replacing`` (the
    pk of the rule being edited) left out, the pending rule added when
    enabled. ``terms`` as typed in the form ("a, b" or "a => b, c")."""
    kind, term_list, errors = parse_rule(terms, kind)
    if errors:
        raise ValueError(" ".join(errors))
    rules = [
        rule for rule in Synonym.objects.filter(enabled=True) if rule.pk != replacing
    ]
    if enabled:
        rules.append(Synonym(kind=kind, terms=", ".join(term_list), enabled=True))
    return rules


def _changed_words(before, after):
    """Words (and crude stems) of the phrases whose rules differ."""
    keys = {
        key
        for key in before.rules.keys() | after.rules.keys()
        if before.rules.get(key) != after.rules.get(key)
    }
    words = {word for key in keys for word in key.split()}
    return words | {stem for word in words for stem in synonyms.bag(word)}


def _touches(text, words):
    """Could a rule on ``words`` match ``text`` (a word or its stem)?"""
    return any(
        word in words or any(stem in words for stem in synonyms.bag(word))
        for word in normalise(text).split()
    )


def _near(text, words, vocab):
    """Could a spelling correction of ``text`` land on one of ``words``?
    Only unknown words are corrected, to a word of the same first letter at
    a similarity of 0.7 or more (search/vocabulary.py)."""
    for word in normalise(text).split():
        if len(word) < vocabulary.MIN_TYPO_LENGTH or word in vocab:
            continue
        for changed in words:
            if (
                changed[:1] == word[:1]
                and difflib.SequenceMatcher(None, word, changed).ratio() >= 0.7
            ):
                return True
    return False


def _affected(before, after, texts, everything=False):
    """The texts whose search the change can alter (``everything``: all of
    them, the bench's baseline). Synonyms reach a search only through the
    alternatives of the query and of its spelling correction; a query with
    no word of a changed rule, and none a correction could turn into one,
    is not searched."""
    if everything:
        return list(texts)
    words = _changed_words(before, after)
    vocab = vocabulary.get()
    found = []
    for text in texts:
        if _touches(text, words) and before.expand(text) != after.expand(text):
            found.append(text)
            continue
        if not _near(text, words, vocab):
            continue
        correction = vocabulary.correct(text)
        if correction and before.expand(correction) != after.expand(correction):
            found.append(text)
    return found


def _top_ids(synonym_map, text):
    with synonyms.using_map(synonym_map):
        return [r["id"] for r in search_articles(text, page_size=DEPTH).results]


def _first_relevant(ids, judged, key_of):
    for rank, pk in enumerate(ids, start=1):
        if judged.get(key_of.get(pk, ""), 0) >= RELEVANT:
            return rank
    return None


def preview(pending, judged=None, popular=None, everything=False):
    """The :class:`Impact` of replacing the enabled rules by ``pending``
    (``everything``: search every query, not only the affected ones)."""
    started = time.monotonic()
    before = synonyms.build_map()
    after = synonyms.build_map(pending)
    impact = Impact(backend=backend_label(), judged_path=str(relevance_set_path()))
    judged = load_judged() if judged is None else judged
    key_of = dict(
        HealthArticlePage.objects.visible()
        .exclude(source_id="")
        .values_list("pk", "source_id")
    )
    present = set(key_of.values())
    judged = [
        (text, grades)
        for text, grades in judged
        if any(grade >= RELEVANT and key in present for key, grade in grades.items())
    ]
    impact.judged_total = len(judged)
    grades_of = {}
    for text, grades in judged:
        grades_of.setdefault(text, grades)
    affected = _affected(before, after, list(grades_of), everything)
    impact.judged_affected = len(affected)
    for text in affected:
        rank_before = _first_relevant(_top_ids(before, text), grades_of[text], key_of)
        rank_after = _first_relevant(_top_ids(after, text), grades_of[text], key_of)
        impact.searches += 2
        change = Change(text, rank_before, rank_after)
        worst = DEPTH + 1
        if (rank_after or worst) < (rank_before or worst):
            impact.better.append(change)
        elif (rank_after or worst) > (rank_before or worst):
            impact.worse.append(change)
    if popular is None:
        start = analytics.period_start(POPULAR_DAYS)
        popular = [row["query"] for row in analytics.top_queries(start, limit=POPULAR)]
    impact.popular_total = len(popular)
    affected = _affected(before, after, popular, everything)
    impact.popular_affected = len(affected)
    titles = {}
    for text in affected:
        top_before = (_top_ids(before, text) or [None])[0]
        top_after = (_top_ids(after, text) or [None])[0]
        impact.searches += 2
        if top_before != top_after:
            titles.update({top_before: None, top_after: None})
            impact.popular_changed.append(Change(text, top_before, top_after))
    names = dict(
        HealthArticlePage.objects.filter(
            pk__in=[pk for pk in titles if pk]
        ).values_list("pk", "title")
    )
    for change in impact.popular_changed:
        change.before = names.get(change.before, "no results")
        change.after = names.get(change.after, "no results")
    impact.seconds = time.monotonic() - started
    return impact
