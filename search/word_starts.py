"""The database backend's autocomplete index: word starts of live articles.

Wagtail's database ``autocomplete()`` scans its full-text table per prefix,
and ``icontains`` over titles, other names and tag names scans every row
(p95 over half a second at 20,000 articles on SQLite at 8 clients). Here
each word start is a row (search.models.WordStart) and a prefix's best
candidates are the first rows of one index, on SQLite and PostgreSQL alike.

Rows exist for live articles (visibility is still checked on every result:
search/query/results.py ``load_pages``). The outbox keeps them current with
the database backend's index (search/outbox.py calls :func:`update`);
``rebuild_index`` and migration 0008 rebuild them all (:func:`rebuild`).
"""

from django.db import transaction

from health_articles.models import HealthArticlePage, HealthArticleTag

from .models import WordStart
from .synonyms import normalise

# Longer words are looked up by their first LONGEST letters, then checked.
LONGEST = 12
ROWS_PER_INSERT = 5000


def _starts(title, also_known_as, tag_names):
    """{prefix: rank} for one article (the best rank of each prefix)."""
    ranked = []
    title_words = normalise(title).split()
    for position, word in enumerate(title_words):
        ranked.append((word, 0 if position == 0 else 2))
    for name in (also_known_as or "").splitlines():
        for position, word in enumerate(normalise(name).split()):
            ranked.append((word, 1 if position == 0 else 3))
    for name in tag_names:
        for word in normalise(name).split():
            ranked.append((word, 3))
    best = {}
    for word, rank in ranked:
        for size in range(1, min(len(word), LONGEST) + 1):
            prefix = word[:size]
            if rank < best.get(prefix, 99):
                best[prefix] = rank
    return best


def _rows(ids=None):
    articles = HealthArticlePage.objects.live().order_by()
    if ids is not None:
        articles = articles.filter(pk__in=ids)
    rows = list(articles.values_list("pk", "title", "also_known_as"))
    tags = {}
    through = HealthArticleTag.objects.filter(
        content_object_id__in=[pk for pk, *_ in rows]
    )
    if ids is None:
        through = HealthArticleTag.objects.all()
    for pk, name in through.values_list("content_object_id", "tag__name"):
        tags.setdefault(pk, []).append(name)
    for pk, title, also_known_as in rows:
        length = len(title or "")
        for prefix, rank in _starts(title, also_known_as, tags.get(pk, ())).items():
            yield WordStart(
                prefix=prefix, article_id=pk, rank=rank, title_length=length
            )


def _insert(rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= ROWS_PER_INSERT:
            WordStart.objects.bulk_create(batch)
            batch = []
    if batch:
        WordStart.objects.bulk_create(batch)


def update(ids):
    """Rebuild the rows of articles ``ids`` (indexed, changed or deleted)."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return
    with transaction.atomic():
        WordStart.objects.filter(article_id__in=ids).delete()
        _insert(_rows(ids))


def rebuild():
    """Every row again, from the live articles; returns how many."""
    with transaction.atomic():
        WordStart.objects.all().delete()
        _insert(_rows())
    return WordStart.objects.count()


def candidates(words, limit):
    """Ids of live articles where every word starts a word of the title, an
    other name or a tag, best first: titles starting with the first word,
    then other names, then the rest; shorter titles first within each."""
    words = [w for w in words if w]
    if not words:
        return []
    first, rest = words[0], words[1:]
    rows = WordStart.objects.filter(prefix=first[:LONGEST])
    for word in rest:
        rows = rows.filter(
            article_id__in=WordStart.objects.filter(prefix=word[:LONGEST]).values(
                "article_id"
            )
        )
    rows = rows.order_by("rank", "title_length", "article_id")
    if all(len(w) <= LONGEST for w in words):
        return list(rows.values_list("article_id", flat=True)[:limit])
    # A word longer than the stored starts: its first LONGEST letters found
    # the candidates; the caller checks the whole word (see database.py).
    return list(rows.values_list("article_id", flat=True)[: limit * 10])
