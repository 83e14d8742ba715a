import itertools

from django import template
from django.templatetags.static import static

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
