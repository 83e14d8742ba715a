"""Template helpers for search pages: the live-search box, how a result is
shown (reviewed date, tag names, why it matched, what tells duplicates apart),
the results page's filters and the popular topics."""

import datetime
import itertools
from urllib.parse import urlencode

from django import template
from django.templatetags.static import static

from health_articles.models import HealthArticlePage

from .. import popular, synonyms
from ..related import related_articles
from ..synonyms import normalise

register = template.Library()

_counter = itertools.count(1)


@register.inclusion_tag("search/includes/live_search.html", takes_context=True)
def live_search(
    context,
    label="Search health topics",
    placeholder="e.g. muscle cramps",
    hide_label=False,
):
    """The live-search box: a plain GET form to /search/ that
    search/static/search/live-search.js enhances into a WAI-ARIA combobox.

    ``hide_label`` keeps the label for assistive technology only (the header
    box, whose placeholder and button already say what it is for)."""
    request = context.get("request")
    query = ""
    if request is not None and request.path.startswith("/search"):
        query = request.GET.get("q", "")[:200]
    uid = f"live-search-{next(_counter)}"
    return {
        "uid": uid,
        "label": label,
        "hide_label": hide_label,
        "placeholder": placeholder,
        "query": query,
        "script": static("search/live-search.js"),
        "stylesheet": static("search/live-search.css"),
    }


@register.simple_tag(takes_context=True)
def related_reading(context, page, limit=5):
    """Related, visible articles for ``page``: ``{% related_reading page as x %}``.

    Article templates get related reading through this tag, so content code
    never imports search's query code. Previews show the draft's own picks
    without touching the shared cache.
    """
    request = context.get("request")
    preview = bool(getattr(request, "is_preview", False))
    return related_articles(page, limit=limit, use_cache=not preview)


# ---------------------------------------------------------------- dates


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


@register.filter
def reviewed_date(value):
    """'2025-03-12' (or a date) -> '12 March 2025'; '' when not a date.

    The one way a review date is written on the public site."""
    day = _as_date(value)
    if day is None:
        return ""
    return f"{day.day} {day:%B %Y}"


@register.filter
def iso_date(value):
    day = _as_date(value)
    return day.isoformat() if day else ""


# ---------------------------------------------------------------- tags


@register.filter
def tag_label(name):
    """A tag's display name: spaces collapsed, first letter capitalised
    ("muscles" -> "Muscles"; "Bones, Joints and Muscles" unchanged)."""
    name = " ".join(str(name or "").split())
    return name[:1].upper() + name[1:]


@register.filter
def tag_labels(names):
    return [tag_label(name) for name in names or []]


@register.filter
def sorted_facets(facets):
    """Facets by display name, case-insensitively ("muscles" beside "Mouth")."""
    return sorted(
        facets or [],
        key=lambda f: (tag_label(f["name"]).casefold(), f["slug"]),
    )


@register.simple_tag
def applied_filters(selected_tags, facets, query="", sort="relevance"):
    """The visitor's tag filters as removable chips: [{"slug", "name", "url"}]."""
    from taggit.models import Tag

    selected = list(selected_tags or [])
    names = {f["slug"]: f["name"] for f in facets or []}
    missing = [slug for slug in selected if slug not in names]
    if missing:
        names.update(Tag.objects.filter(slug__in=missing).values_list("slug", "name"))
    chips = []
    for slug in selected:
        params = [("q", query or "")]
        if sort and sort != "relevance":
            params.append(("sort", sort))
        params += [("tag", other) for other in selected if other != slug]
        chips.append(
            {
                "slug": slug,
                "name": tag_label(names.get(slug, slug)),
                "url": "/search/?" + urlencode(params),
            }
        )
    return chips


# ---------------------------------------------------------------- why it matched

# Words that never explain a match ("what is gout and how is it treated").
_FUNCTION_WORDS = frozenset(
    "a an and are as at be by can do does for from get how i in is it my of on "
    "or the to what when where which who why with you your".split()
)


def _stem(word):
    return word[:5] if len(word) > 5 else word.rstrip("s") or word


def _significant(text):
    return [w for w in normalise(text).split() if w not in _FUNCTION_WORDS]


def _found_in(words, text):
    """Every one of ``words`` starts (by its stem) a word of ``text``."""
    targets = normalise(text).split()
    return bool(words) and all(
        any(t.startswith(_stem(w)) for t in targets) for w in words
    )


def _some_in(words, text):
    targets = normalise(text).split()
    return any(any(t.startswith(_stem(w)) for t in targets) for w in words)


@register.simple_tag
def match_reason(item, query):
    """Why ``item`` (a serialised result) matched ``query``, when its title
    does not say so: {"label": "Also called", "text": "charley horse"} or
    {"label": "Matched", "text": "tachycardia"}; None otherwise."""
    words = _significant(query)
    title = item.get("title", "")
    if not words or _some_in(words, title):
        return None  # the title already shows what matched
    names = item.get("also_known_as") or []
    for name in names:
        if _found_in(words, name):
            return {"label": "Also called", "text": name}
    alternatives = [_significant(alt) for alt in synonyms.expand(query)]
    for alternative in alternatives:
        if _found_in(alternative, title):
            return {"label": "Matched", "text": " ".join(alternative)}
        for name in names:
            if _found_in(alternative, name):
                return {"label": "Also called", "text": name}
    for name in names:
        if _some_in(words, name):
            return {"label": "Also called", "text": name}
    for tag in item.get("tags") or []:
        if _found_in(words, tag):
            return {"label": "Topic", "text": tag_label(tag)}
    return None


@register.simple_tag
def duplicate_notes(results):
    """{id: note} for results whose title another result shares
    (case-insensitively), so visitors can tell them apart: where the article
    comes from, else its first tags."""
    by_title = {}
    for item in results or []:
        by_title.setdefault(normalise(item["title"]), []).append(item)
    dupes = [item for group in by_title.values() if len(group) > 1 for item in group]
    if not dupes:
        return {}
    credits = dict(
        HealthArticlePage.objects.filter(pk__in=[i["id"] for i in dupes]).values_list(
            "pk", "source_credit"
        )
    )
    notes = {}
    for item in dupes:
        credit = (credits.get(item["id"]) or "").strip()
        if credit.lower().startswith("courtesy of "):
            credit = credit[len("courtesy of ") :]
        if credit:
            notes[item["id"]] = f"Source: {credit}"
        elif item.get("tags"):
            notes[item["id"]] = "Our article · " + ", ".join(
                tag_labels(item["tags"][:2])
            )
        else:
            notes[item["id"]] = "Our article"
    return notes


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


# ---------------------------------------------------------------- popular topics


@register.simple_tag
def popular_topics(limit=8):
    """Articles for "Popular topics": most clicked over the last 30 days, then
    the editors' list, then recently reviewed ones. Titles only."""
    return popular.popular_articles(limit=limit)
