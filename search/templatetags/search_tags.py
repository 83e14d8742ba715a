import itertools

from django import template
from django.templatetags.static import static

from ..related import related_articles

register = template.Library()

_counter = itertools.count(1)


@register.inclusion_tag("search/includes/live_search.html", takes_context=True)
def live_search(
    context, label="Search health topics", placeholder="e.g. muscle cramps"
):
    """The live-search box: a plain GET form to /search/ that
    search/static/search/live-search.js enhances into a WAI-ARIA combobox."""
    request = context.get("request")
    query = ""
    if request is not None and request.path.startswith("/search"):
        query = request.GET.get("q", "")[:200]
    uid = f"live-search-{next(_counter)}"
    return {
        "uid": uid,
        "label": label,
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
