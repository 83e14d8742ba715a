"""Popular topics: the articles visitors open most from search.

Clicks are counted per article and day (``ArticleClickDaily``: no visitor
data, no query text). The list shown is the most clicked live, public
articles of the last 30 days, topped up with the editors' choice
(``PopularTopic``, Search > Popular topics) and then with recently reviewed
articles, so it never falls back to the first titles from A to Z. Only article
titles are ever shown, never what visitors typed.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from health_articles.models import HealthArticlePage

from .models import ArticleClickDaily, PopularTopic

logger = logging.getLogger("search")

PERIOD_DAYS = 30
DEFAULT_LIMIT = 8


def record_article_click(article_id, date=None):
    """Count one click through to ``article_id``. Never raises."""
    today = date or timezone.localdate()
    try:
        rows = ArticleClickDaily.objects.filter(article_id=article_id, date=today)
        if rows.update(clicks=F("clicks") + 1):
            return True
        try:
            with transaction.atomic():
                ArticleClickDaily.objects.create(
                    article_id=article_id, date=today, clicks=1
                )
        except IntegrityError:  # created concurrently
            rows.update(clicks=F("clicks") + 1)
        return True
    except Exception:  # noqa: BLE001 - analytics must never break a click
        logger.exception("Could not record an article click")
        return False


def _visible():
    return HealthArticlePage.objects.visible()


def most_clicked(limit=DEFAULT_LIMIT, days=PERIOD_DAYS, today=None):
    """Ids of the most clicked visible articles in the last ``days`` days."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=days - 1)
    rows = (
        ArticleClickDaily.objects.filter(
            date__gte=start, date__lte=today, article__in=_visible().values("pk")
        )
        .values("article_id")
        .annotate(total=Sum("clicks"))
        .order_by("-total", "article_id")[:limit]
    )
    return [row["article_id"] for row in rows]


def editors_choice(limit=DEFAULT_LIMIT):
    visible = _visible().values("pk")
    return list(
        PopularTopic.objects.filter(page__in=visible).values_list("page_id", flat=True)[
            :limit
        ]
    )


def popular_articles(limit=DEFAULT_LIMIT, today=None):
    """Up to ``limit`` visible articles: most clicked, then editors' choice,
    then the most recently reviewed."""
    ids = []
    for source in (
        lambda: most_clicked(limit, today=today),
        lambda: editors_choice(limit),
    ):
        for pk in source():
            if pk not in ids and len(ids) < limit:
                ids.append(pk)
        if len(ids) >= limit:
            break
    if len(ids) < limit:
        recent = (
            _visible()
            .exclude(pk__in=ids)
            .order_by(F("last_reviewed").desc(nulls_last=True), "-first_published_at")
            .values_list("pk", flat=True)[: limit - len(ids)]
        )
        ids.extend(recent)
    pages = _visible().filter(pk__in=ids).only("id", "title", "url_path", "path")
    by_id = {page.pk: page for page in pages}
    return [by_id[pk] for pk in ids if pk in by_id]
