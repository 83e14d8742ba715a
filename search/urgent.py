"""Urgent help: which editor-made entry (if any) a query calls for.

An entry (``UrgentHelpEntry``) has trigger phrases, synonym sets of its own
and exclusions. A query matches a phrase when every word of the phrase is
among the query's words, in any order, after the same steps search takes:

- normalisation and UK/US spelling (``synonyms.normalise``,
  ``spelling.americanise``);
- question and filler words dropped (``synonyms.STOP_WORDS``), except the few
  that carry the meaning of an urgent phrase ("can't breathe", "too many
  pills", "end my life": see ``MEANINGFUL``);
- the site's synonym rules (``synonyms.expand``: "myocardial infarction"
  finds "heart attack"), then the entry's own sets ("hurts" = "pain");
- the same crude stemming as the synonym word bags (``synonyms.bag``);
- typo tolerance for words of four letters or more that neither the entry
  nor the site's vocabulary knows ("chest pian"), as the engine's AUTO:4,7
  fuzziness does: one edit (a swap counts as one) up to seven letters, two
  from eight, same first letter.

Requiring every word of a phrase keeps look-alikes out: "chest of drawers"
and "chest x-ray" have no pain word, "pill organiser" is not "too many
pills", "breathing exercises for singers" has no difficulty word. A query
holding an exclusion ("food" for poisoning) never shows the entry.

Matching runs in Python on the words of the query, so it is the same on the
database backend and on the engine. Compiled entries are cached per process
and rebuilt when the content fingerprint changes (search/freshness.py),
which includes the entries and the per-site numbers:
:func:`generation` returns that part, for caches of answers.
"""

import datetime
import functools
import logging
import re
from dataclasses import dataclass, field

import nh3
from django.db import DatabaseError, transaction
from django.db.models import F
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from health_articles.models import HealthArticlePage

from . import freshness, synonyms, vocabulary
from .models import UrgentHelpEntry, UrgentHelpSettings, UrgentHelpShownDaily
from .spelling import americanise

# Stop words that carry the meaning of an urgent phrase; kept on both sides.
MEANINGFUL = frozenset(
    "can't cannot cant not no don't won't too many much want myself my".split()
)
MIN_TYPO_LENGTH = 4
# message_html: links, emphasis and lists (in paragraphs), nothing else.
ALLOWED_TAGS = {"a", "b", "strong", "em", "i", "ul", "ol", "li", "p", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_PLACEHOLDER = re.compile(
    r"\{(emergency_number|poison_control_number|crisis_line_number)\}"
)
_TEL_PLACEHOLDER = re.compile(
    r'href="tel:\{(emergency_number|poison_control_number|crisis_line_number)\}"'
)
DEFAULT_NUMBERS = {
    name: UrgentHelpSettings._meta.get_field(name).default
    for name in ("emergency_number", "poison_control_number", "crisis_line_number")
}


# A pure function of the word, called for every word of every entry on every
# query and keystroke (about 300 times per search): remembered.
@functools.lru_cache(maxsize=20000)
def _stem(word):
    stemmed = synonyms.bag(word)
    return stemmed[0] if len(stemmed) == 1 else word


def _words(text):
    """Normalised words without filler (the meaningful few kept)."""
    words = synonyms.normalise(americanise(synonyms.normalise(text))).split()
    kept = [w for w in words if w not in synonyms.STOP_WORDS or w in MEANINGFUL]
    return kept or words


@dataclass
class CompiledEntry:
    pk: int
    title: str
    message_html: str  # expanded rich text, placeholders not yet replaced
    article: dict | None
    phrases: list  # [frozenset of canonical stems]
    exclusions: list
    canonical: dict  # stem -> canonical stem (the entry's synonym sets)
    vocabulary: set  # every word the entry knows (unstemmed)
    # The vocabulary by first letter, in order (typo candidates).
    by_letter: dict = field(default_factory=dict)

    def canon(self, words):
        return frozenset(self.canonical.get(_stem(w), _stem(w)) for w in words)

    def fix_typos(self, words, known):
        fixed = []
        for word in words:
            if (
                len(word) >= MIN_TYPO_LENGTH
                and word not in self.vocabulary
                and _stem(word) not in self.canonical
                and not known(word)
            ):
                limit = 1 if len(word) < 8 else 2
                for candidate in self.by_letter.get(word[0], ()):
                    if vocabulary.edit_distance(word, candidate, limit) <= limit:
                        word = candidate
                        break
            fixed.append(word)
        return fixed

    def matches(self, bags):
        if any(ex <= bag for ex in self.exclusions for bag in bags):
            return False
        return any(phrase <= bag for phrase in self.phrases for bag in bags)


def _compile(entry, article):
    canonical = {}
    vocabulary_words = set()
    for terms in entry.synonym_set_list():
        words = [w for t in terms for w in _words(t)]
        if not words:
            continue
        head = _stem(words[0])
        for word in words:
            canonical.setdefault(_stem(word), head)
            vocabulary_words.add(word)
    compiled = CompiledEntry(
        pk=entry.pk,
        title=entry.title,
        message_html=expand_db_html(entry.message),
        article=article,
        phrases=[],
        exclusions=[],
        canonical=canonical,
        vocabulary=vocabulary_words,
    )
    for phrase in entry.phrase_list():
        words = _words(phrase)
        vocabulary_words.update(words)
        compiled.phrases.append(compiled.canon(words))
    compiled.exclusions = [compiled.canon(_words(p)) for p in entry.exclusion_list()]
    compiled.phrases = [p for p in compiled.phrases if p]
    for word in sorted(vocabulary_words):
        compiled.by_letter.setdefault(word[0], []).append(word)
    return compiled


@dataclass
class Compiled:
    entries: list
    numbers: dict  # site id -> {placeholder: number}
    default_site_id: int | None


def build():
    entries = list(
        UrgentHelpEntry.objects.filter(enabled=True).order_by("priority", "pk")
    )
    article_ids = {e.article_id for e in entries if e.article_id}
    articles = {}
    for page in HealthArticlePage.objects.visible().filter(pk__in=article_ids):
        articles[page.pk] = {
            "id": page.pk,
            "title": page.title,
            "url": page.get_url() or page.url_path,
        }
    numbers = {s.site_id: s.numbers() for s in UrgentHelpSettings.objects.all()}
    default_site = Site.objects.filter(is_default_site=True).values_list(
        "pk", flat=True
    )
    return Compiled(
        entries=[_compile(e, articles.get(e.article_id)) for e in entries],
        numbers=numbers,
        default_site_id=next(iter(default_site), None),
    )


_cache = freshness.DerivedCache(build)


def invalidate():
    _cache.invalidate()


def generation():
    """The urgent-help part of the content fingerprint: answers that carry
    ``urgent_help`` must be cached under it (it moves when an entry, the
    numbers or the articles change)."""
    return freshness.urgent_help_fingerprint()


@dataclass(frozen=True)
class UrgentHelp:
    entry_id: int
    title: str
    message_html: str
    article: dict | None

    def as_json(self):
        return {
            "title": self.title,
            "message_html": self.message_html,
            "article": dict(self.article) if self.article else None,
        }


def render_message(message_html, numbers):
    """Placeholders replaced with the site's numbers (digits only inside
    ``tel:`` links), then sanitised to links, emphasis and lists."""

    def tel(match):
        digits = re.sub(r"[^\d+]", "", numbers.get(match.group(1), ""))
        return f'href="tel:{digits}"'

    def text(match):
        return nh3.clean_text(numbers.get(match.group(1), ""))

    html = _PLACEHOLDER.sub(text, _TEL_PLACEHOLDER.sub(tel, message_html))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def _bags(entry, alternatives, known):
    return [entry.canon(entry.fix_typos(words, known)) for words in alternatives]


def match(query, site=None):
    """The urgent help for ``query`` (an :class:`UrgentHelp`) or None."""
    text = synonyms.normalise(query)
    if not text:
        return None
    compiled = _cache.get()
    if not compiled.entries:
        return None
    alternatives = [_words(text)] + [_words(a) for a in synonyms.expand(text)]
    vocab = vocabulary.get()

    def known(word):
        return word in vocab

    for entry in compiled.entries:
        if entry.matches(_bags(entry, alternatives, known)):
            site_id = getattr(site, "pk", None) or compiled.default_site_id
            numbers = {**DEFAULT_NUMBERS, **compiled.numbers.get(site_id, {})}
            return UrgentHelp(
                entry_id=entry.pk,
                title=entry.title,
                message_html=render_message(entry.message_html, numbers),
                article=entry.article,
            )
    return None


def as_json(urgent):
    return urgent.as_json() if urgent is not None else None


SURFACES = ("searches", "suggestions")
logger = logging.getLogger("search")


def record_shown(urgent, surface):
    """Count one showing of ``urgent``'s entry today (no query text)."""
    if urgent is None:
        return
    if surface not in SURFACES:
        raise ValueError(f"Unknown surface {surface!r}")
    try:
        with transaction.atomic():  # a savepoint: a failure spoils nothing
            _count(urgent.entry_id, surface)
    except DatabaseError:  # a count must never cost the visitor the page
        logger.warning("Could not count urgent help %s", urgent.entry_id, exc_info=True)


def _count(entry_id, surface):
    today = datetime.date.today()
    updated = UrgentHelpShownDaily.objects.filter(entry_id=entry_id, date=today).update(
        **{surface: F(surface) + 1}
    )
    if not updated:
        if not UrgentHelpEntry.objects.filter(pk=entry_id).exists():
            return  # deleted since it matched: nothing to count
        row, created = UrgentHelpShownDaily.objects.get_or_create(
            entry_id=entry_id, date=today, defaults={surface: 1}
        )
        if not created:
            UrgentHelpShownDaily.objects.filter(pk=row.pk).update(
                **{surface: F(surface) + 1}
            )
