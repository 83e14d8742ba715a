"""Turn the search settings read from the environment into WAGTAILSEARCH_BACKENDS.

Pure functions only: imported by the settings module, so nothing here may
import Django models or touch the network.
"""

from urllib.parse import unquote, urlsplit, urlunsplit

DATABASE_BACKEND = "wagtail.search.backends.database"
ENGINE_BACKEND = "search.backends.engine"


def _split_credentials(url):
    """(URL without credentials, (user, password) or None), percent-decoded."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    clean = urlunsplit(parts._replace(netloc=netloc))
    return clean, (unquote(parts.username), unquote(parts.password or ""))


def search_backends_from_env(
    url="", user="", password="", ca_certs="", engine="", index_prefix="", timeout=5.0
):
    """Return the WAGTAILSEARCH_BACKENDS dict for these settings.

    Without a URL the embedded default is used: Wagtail's database backend.
    With one, ``default`` is the engine (its product and version detected when
    first used) and ``fallback`` is the database backend, kept up to date too
    so search can still answer while the engine is down.

    ``AUTO_UPDATE`` is off for every backend: Wagtail's own signal handlers
    would write to the engine inside the request and lose the change when it
    is down. search/outbox.py records each change in the database instead and
    delivers it (see search/signals.py).
    """
    urls = [u.strip() for u in (url or "").split(",") if u.strip()]
    if not urls:
        return {"default": {"BACKEND": DATABASE_BACKEND, "AUTO_UPDATE": False}}
    for u in urls:
        parts = urlsplit(u)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(
                f"ELASTICSEARCH_URL entry {u!r} is not an http(s) URL like "
                "http://127.0.0.1:9200"
            )
    options = {}
    if ca_certs:
        options["ca_certs"] = ca_certs
    clean_urls = []
    auth = (user, password or "") if user else None
    for u in urls:
        clean, url_auth = _split_credentials(u)
        clean_urls.append(clean)
        auth = auth or url_auth
    if auth:
        # Passed to the client as-is (not inside the URL), so passwords with
        # characters such as @ * = + work.
        options["http_auth"] = auth
    return {
        "default": {
            "BACKEND": ENGINE_BACKEND,
            "URLS": clean_urls,
            "INDEX_PREFIX": index_prefix,
            "TIMEOUT": timeout,
            "ATOMIC_REBUILD": True,
            "ENGINE": engine,
            "OPTIONS": options,
            "AUTO_UPDATE": False,
        },
        "fallback": {"BACKEND": DATABASE_BACKEND, "AUTO_UPDATE": False},
    }
