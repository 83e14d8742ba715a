"""The request's site, remembered per process (search/sites.py): one lookup
per host, a site saved here seen at once, one changed elsewhere within
``SECONDS``."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from search import freshness, sites


def site_queries(client, path="/api/search/autocomplete/?q=hea", host="localhost"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return [q for q in captured.captured_queries if "wagtailcore_site" in q["sql"]]


def test_one_lookup_per_host(client, site_tree):
    assert site_queries(client)  # the first request looks it up
    assert not site_queries(client)
    assert not site_queries(client, "/api/search/?q=heart")
    assert site_queries(client, host="other.example")  # another host: its own


def test_a_site_saved_here_is_seen_at_once(rf, site_tree):
    default = Site.objects.get(is_default_site=True)
    assert sites.for_request(rf.get("/", HTTP_HOST="clinic.example")) == default
    clinic = Site.objects.create(
        hostname="clinic.example", port=80, root_page=default.root_page
    )
    assert sites.for_request(rf.get("/", HTTP_HOST="clinic.example")) == clinic
    clinic.delete()
    assert sites.for_request(rf.get("/", HTTP_HOST="clinic.example")) == default


def test_a_site_changed_elsewhere_within_seconds(rf, site_tree, monkeypatch):
    default = Site.objects.get(is_default_site=True)
    clinic = Site.objects.create(
        hostname="clinic.example", port=80, root_page=default.root_page
    )
    assert sites.for_request(rf.get("/", HTTP_HOST="clinic.example")) == clinic
    # Another process renames it: no signal reaches this one.
    Site.objects.filter(pk=clinic.pk).update(hostname="elsewhere.example")
    assert sites.for_request(rf.get("/", HTTP_HOST="clinic.example")) == clinic
    later = freshness.time.monotonic() + sites.SECONDS + 0.1
    monkeypatch.setattr(freshness.time, "monotonic", lambda: later)
    assert sites.for_request(rf.get("/", HTTP_HOST="clinic.example")) == default
