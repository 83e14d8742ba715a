"""The database searcher: the reduced form of every search, with the same
methods as the engine searcher (search/query/engine.py).

Database full-text search (Wagtail's backend, with an SQLite FTS5 shortcut),
spelling and synonym alternatives, typo correction from the vocabulary,
prefix matches for autocomplete, shared tags for related reading, tag facets
in SQL. Visibility is the rule's queryset throughout.
"""

import datetime
import heapq
from collections import Counter

from django.conf import settings
from django.db.models import Count, F, Q
from taggit.models import Tag
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from health_articles.models import HealthArticleTag

from .. import vocabulary, word_starts
from ..freshness import DerivedCache
from ..spelling import spelling_variants
from ..synonyms import normalise
from . import fts, names, ranking, semantic
from .promoted import filter_by_tags
from .results import highlighter, load_cards, match_cards, serialize, tag_facets
from .visibility import searchable_articles, visible_articles, visible_ids

_EPOCH = datetime.date(1900, 1, 1)


def database_backend():
    names = settings.WAGTAILSEARCH_BACKENDS
    for name in ("fallback", "default"):
        if name in names and "database" in names[name]["BACKEND"]:
            return get_search_backend(name)
    return get_search_backend("wagtail.search.backends.database")


class DatabaseSearcher:
    def __init__(self, backend=None):
        self.backend = backend or database_backend()

    # ------------------------------------------------------------ search

    def search(self, response, tags, sort, alternatives):
        queryset = filter_by_tags(visible_articles(), tags)
        query = response.query
        ids = []
        if query:
            # Spelling correction is the service's (search/query/service.py),
            # the same on both backends.
            ids = self.match(queryset, tags, alternatives)
            if sort != "reviewed":
                head, _total = semantic.blend(
                    ranking.semantic_text(alternatives),
                    ids[: semantic.DEPTH],
                    len(ids),
                    semantic.tag_filter(tags),
                )
                head = names.exact_first(head, alternatives)
                ids = head + [pk for pk in ids[semantic.DEPTH :] if pk not in head]
            if sort == "reviewed":
                reviewed = dict(
                    queryset.filter(pk__in=ids).values_list("pk", "last_reviewed")
                )
                ids.sort(key=lambda pk: reviewed.get(pk) or _EPOCH, reverse=True)
        else:
            ids = list(
                queryset.order_by(
                    F("last_reviewed").desc(nulls_last=True), "title"
                ).values_list("pk", flat=True)
            )
        response.total = len(ids)
        start = (response.page - 1) * response.page_size
        mark = highlighter(normalise(query).split())
        response.results = [
            serialize(page, mark(page.summary))
            for page in load_cards(ids[start : start + response.page_size])
        ]
        response.facets = self.facets(ids) if response.want_facets else []

    def facets(self, ids):
        counts = (
            Tag.objects.filter(
                health_articles_healtharticletag_items__content_object_id__in=ids
            )
            .annotate(n=Count("health_articles_healtharticletag_items"))
            .order_by("-n", "name")
            .values_list("slug", "n")[:50]
        )
        return tag_facets(list(counts))

    def match(self, queryset, tags, alternatives):
        """Ids of visible articles matching any alternative, names first."""
        expanded = []
        for alternative in alternatives:
            # Content words only: filler ("what is", "my", "can I") is never
            # required (search/query/ranking.py).
            words = ranking.content_words(alternative)
            alternative = " ".join(words)
            expanded.append(alternative)
            variant_words = [spelling_variants(w) for w in words]
            if any(len(v) > 1 for v in variant_words):
                expanded.append(" ".join(v[-1] for v in variant_words))
                expanded.append(" ".join(v[0] for v in variant_words))
        expanded = list(dict.fromkeys(a for a in expanded if a))
        if not expanded:
            return []
        direct = fts.usable(self.backend, queryset)
        search_queryset = (
            queryset if direct else filter_by_tags(searchable_articles(), tags)
        )
        matches = self._run(search_queryset, expanded, "and")
        # The database backend does not stem: prefix matches on titles,
        # also-known-as names and tags find "cramps" for "cramp" (on SQLite
        # the full-text query matches word starts itself).
        seen = {page.pk for page in matches}
        for alternative in () if direct else expanded[:4]:
            prefixed = prefix_match(queryset, alternative.split(), 100)
            fresh = [pk for pk in prefixed if pk not in seen]
            seen.update(fresh)
            matches.extend(match_cards(queryset, fresh))
        if len(expanded) > 1 or len(expanded[0].split()) > 1:
            # Not every content word of a long question is in an article:
            # articles with some of them follow those with all (always, so
            # a synonym can only add results, never take some away).
            seen = {page.pk for page in matches}
            matches.extend(
                page
                for page in self._run(search_queryset, expanded, "or")
                if page.pk not in seen
            )
        if not direct:
            # Wagtail's search ran on the cached form of the rule: check the
            # matches against the rule itself.
            allowed = visible_ids([page.pk for page in matches])
            matches = [page for page in matches if page.pk in allowed]
        return ranking.names_first(matches, expanded)

    def _run(self, queryset, alternatives, operator):
        direct = fts.sqlite_fts(self.backend, queryset, alternatives, operator)
        if direct is not None:
            return direct
        search_query = Or([PlainText(a, operator=operator) for a in alternatives])
        try:
            return list(
                self.backend.search(search_query, queryset, order_by_relevance=True)[
                    :300
                ]
            )
        except TypeError:
            # The database backend cannot build a query from words it ignores
            # entirely (e.g. only stop words): no matches.
            return []

    # ------------------------------------------------------------ autocomplete

    def autocomplete(self, prefix, limit):
        """Prefix matches on titles, also-known-as names and tag names in SQL.

        Wagtail's database ``autocomplete()`` scans its full-text table for
        every prefix (about a minute per keystroke at 20,000 articles on
        SQLite); word starts in three short columns are a bounded scan.
        """
        text = normalise(prefix)
        candidates = max(limit * 3, 20)
        ids = prefix_match(visible_articles(), text.split(), candidates)
        if not ids:
            corrected = vocabulary.correct(text, prefix_last=True)
            if corrected:
                ids = prefix_match(visible_articles(), corrected.split(), candidates)
        return ranking.starts_with_first(load_cards(ids), prefix)[:limit]

    # ------------------------------------------------------------ related

    def more_like_this(self, page, exclude, limit):
        return shared_tag_ids(page, exclude, limit)


class _TagIndex:
    """The visible articles' tags in memory: {tag id: article ids} and each
    article's place in the tie-break order (most recently reviewed first,
    then by title)."""

    def __init__(self, postings, position):
        self.postings = postings
        self.position = position


def _build_tag_index():
    order = (
        visible_articles()
        .order_by(F("last_reviewed").desc(nulls_last=True), "title", "pk")
        .values_list("pk", flat=True)
    )
    position = {pk: i for i, pk in enumerate(order.iterator(chunk_size=5000))}
    postings = {}
    rows = HealthArticleTag.objects.values_list("tag_id", "content_object_id")
    for tag_id, pk in rows.order_by().iterator(chunk_size=5000):
        if pk in position:
            postings.setdefault(tag_id, []).append(pk)
    return _TagIndex(postings, position)


# Kept with the content fingerprint (search/freshness.py): a publish, a
# restriction or a tag edit rebuilds it, in every process within seconds.
_tag_index = DerivedCache(_build_tag_index)


def shared_tag_ids(page, exclude, limit):
    """The visible articles sharing the most tags with ``page`` (related
    reading on this backend, and one of the blend's rankings on every one),
    then the most recently reviewed. Counted in memory from the tag index:
    the same count in SQL cost about 40 ms per call at 20,000 articles on
    SQLite (110 ms grouped by every column)."""
    # .all(), not values_list: in the editor's preview the tags are the
    # form's, an in-memory set that has no values_list.
    tag_ids = [tag.pk for tag in page.tags.all() if tag.pk is not None]
    if not tag_ids:
        return []
    index = _tag_index.get()
    shared = Counter()
    for tag_id in tag_ids:
        shared.update(index.postings.get(tag_id, ()))
    skip = set(exclude)
    position = index.position.__getitem__
    # Most shared tags first, then the tie-break order. Taken count by count
    # (a tag such as "Blood, Heart and Circulation" is on thousands of
    # articles; a key function called for each was a third of a related
    # list's time).
    found = []
    for count in sorted(set(shared.values()), reverse=True):
        bucket = [pk for pk, n in shared.items() if n == count and pk not in skip]
        found.extend(heapq.nsmallest(limit - len(found), bucket, key=position))
        if len(found) >= limit:
            break
    return found


def _word_start_q(field, word):
    # A word starts the column or follows a space or hyphen (also-known-as:
    # also a new line, one name per line, or an opening bracket).
    q = Q(**{f"{field}__istartswith": word})
    for before in (" ", "\n", "-", "(") if field == "also_known_as" else (" ", "-"):
        q |= Q(**{f"{field}__icontains": before + word})
    return q


def prefix_match(queryset, words, limit):
    """Ids of articles of ``queryset`` where every word starts a word of the
    title, an also-known-as name or a tag name: titles starting with the
    first word first, then other names, then the rest, shorter titles first.

    Candidates come from the word-start table (search/word_starts.py, one
    index range per prefix); ``queryset`` (the visibility rule, tag filters)
    is then applied to them in one query by primary key.
    """
    words = [w for w in words if w][: ranking.MAX_ENGINE_WORDS]
    if not words:
        return []
    # Over-fetch: some candidates may be hidden or lack a tag filter.
    ids = word_starts.candidates(words, limit * 3)
    allowed = queryset.filter(pk__in=ids)
    for word in words:
        if len(word) > word_starts.LONGEST:
            # Only the word's first letters are stored: check it whole.
            tagged = HealthArticleTag.objects.filter(_word_start_q("tag__name", word))
            allowed = allowed.filter(
                _word_start_q("title", word)
                | _word_start_q("also_known_as", word)
                | Q(pk__in=tagged.values("content_object_id"))
            )
    allowed = set(allowed.values_list("pk", flat=True))
    return [pk for pk in ids if pk in allowed][:limit]
