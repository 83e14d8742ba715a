"""Which Wagtail site a request is for, remembered per process.

Wagtail's ``Site.find_for_request`` runs an annotated query on every request
(about 5 ms of a 16 ms keystroke under cProfile at 20,000 articles). Sites
change rarely, and here they only choose the urgent-help numbers, so the
answer is kept per (hostname, port) for ``SECONDS``: dropped at once when a
site is saved or deleted in this process, within ``SECONDS`` in the others.
"""

from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Site

from . import freshness

SECONDS = freshness.CHECK_SECONDS

_sites = freshness.DerivedCache(dict, max_age=SECONDS)


def for_request(request):
    """The request's Site (Wagtail's rules), or None when none matches."""
    cached = getattr(request, "_wagtail_site", None)
    if cached is not None:
        return cached
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    known = _sites.get()
    if key not in known:
        # Two threads may both look it up: the same answer, stored twice.
        known[key] = Site.find_for_request(request)
    else:
        request._wagtail_site = known[key]
    return known[key]


def _forget(sender, **kwargs):
    _sites.invalidate()


post_save.connect(_forget, sender=Site, dispatch_uid="search-sites-saved")
post_delete.connect(_forget, sender=Site, dispatch_uid="search-sites-deleted")
