"""Old addresses that the site's home page would answer: ``/?p=ID``.

WordPress's short links (``/?p=ID``, ``/?page_id=ID``) are imported as
redirects like every other old permalink, but ``/`` is the home page, which
answers 200, so ``wagtail.contrib.redirects``' middleware (it acts on 404s
only) never looks them up. The home page asks here first.
"""

from django import http
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect


def old_address_redirect(request) -> http.HttpResponse | None:
    """The redirect response for this exact path and query, or None."""
    path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    if "?" not in path:
        return None
    redirect = get_redirect(request, path)
    if redirect is None or redirect.link is None:
        return None
    if redirect.is_permanent:
        return http.HttpResponsePermanentRedirect(redirect.link)
    return http.HttpResponseRedirect(redirect.link)
