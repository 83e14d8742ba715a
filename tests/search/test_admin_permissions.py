"""Who may use which search admin page.

Permission model (search/admin_views.py):
* editors (Wagtail's "Editors" group): search analytics and promoted results;
* administrators (superusers, or a group given the search permissions, here
  "Administrators"): also synonyms, analytics retention and index health;
* anonymous visitors: sent to the admin login.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from search.models import IndexRebuild, Synonym

ADMIN_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("search", "add_synonym"),
    ("search", "change_synonym"),
    ("search", "delete_synonym"),
    ("search", "view_search_analytics"),
    ("search", "change_searchanalyticssettings"),
    ("search", "manage_search_index"),
]


@pytest.fixture
def users(db, django_user_model):
    editor = django_user_model.objects.create_user("ed", "ed@example.com", "pw-ed-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    group = Group.objects.create(name="Administrators")
    for app_label, codename in ADMIN_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    administrator = django_user_model.objects.create_user(
        "ad", "ad@example.com", "pw-ad-1"
    )
    administrator.groups.add(group)
    superuser = django_user_model.objects.create_superuser(
        "boss", "boss@example.com", "pw-boss-1"
    )
    return {"editor": editor, "administrator": administrator, "superuser": superuser}


def _synonym():
    return Synonym.objects.create(terms="zorbleflux, quintessa")


ADMIN_ONLY = [
    ("search_synonyms:index", None),
    ("search_synonyms:add", None),
    ("search_synonyms:edit", "synonym"),
    ("search_synonyms:delete", "synonym"),
    ("search_synonyms:import", None),
    ("search_synonyms:export", None),
    ("search_analytics:settings", None),
    ("search_index_health:index", None),
]
EDITOR_ALLOWED = [
    ("search_analytics:index", None),
    ("search_analytics:export", None),
    ("wagtailsearchpromotions:index", None),
    ("wagtailsearchpromotions:add", None),
]


def _url(name, arg):
    if arg == "synonym":
        return reverse(name, args=[_synonym().pk])
    return reverse(name)


def _refused(response, url):
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        location = response["Location"]
        assert not location.startswith(url)
        assert not location.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("name,arg", ADMIN_ONLY + EDITOR_ALLOWED)
def test_anonymous_goes_to_login(client, db, name, arg):
    url = _url(name, arg)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("name,arg", ADMIN_ONLY)
def test_editor_is_refused_admin_pages(client, users, name, arg):
    client.force_login(users["editor"])
    url = _url(name, arg)
    _refused(client.get(url), url)


@pytest.mark.parametrize("name,arg", EDITOR_ALLOWED)
def test_editor_may_use_analytics_and_promotions(client, users, name, arg):
    client.force_login(users["editor"])
    assert client.get(_url(name, arg)).status_code == 200


@pytest.mark.parametrize("role", ["administrator", "superuser"])
@pytest.mark.parametrize("name,arg", ADMIN_ONLY + EDITOR_ALLOWED[:2])
def test_administrators_may_use_everything(client, users, role, name, arg):
    client.force_login(users[role])
    assert client.get(_url(name, arg)).status_code == 200


def test_editor_cannot_change_synonyms_or_rebuild_by_post(client, users):
    client.force_login(users["editor"])
    rule = _synonym()
    url = reverse("search_synonyms:add")
    _refused(client.post(url, {"kind": "equivalent", "terms": "a1, b1"}), url)
    url = reverse("search_synonyms:edit", args=[rule.pk])
    _refused(client.post(url, {"kind": "equivalent", "terms": "x1, y1"}), url)
    url = reverse("search_synonyms:delete", args=[rule.pk])
    _refused(client.post(url), url)
    url = reverse("search_index_health:rebuild")
    _refused(client.post(url), url)
    url = reverse("search_analytics:settings")
    _refused(client.post(url, {"retention_days": 1}), url)
    rule.refresh_from_db()
    assert rule.terms == "zorbleflux, quintessa"
    assert not Synonym.objects.filter(terms__contains="a1").exists()
    assert not IndexRebuild.objects.exists()


def test_anonymous_click_beacon_and_a_z_are_public(client, db):
    # The public endpoints need no login (the beacon rejects unknown ids).
    assert client.get("/a-z/").status_code == 200
    response = client.post(
        "/api/search/click/",
        '{"q": "x", "id": 999999, "position": 1, "source": "results"}',
        content_type="application/json",
    )
    assert response.status_code == 400


def _menu_names(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    names = set()
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "search":
            names = {child.name for child in item.menu.menu_items_for_request(request)}
    return names


def test_search_menu_shows_what_each_user_may_use(users):
    # Editors also choose the popular topics (search migration 0007) and
    # block suggestions (0010), and manage urgent help (0009); readability
    # goes with viewing analytics.
    editing = {"popular-topics", "blocked-suggestions", "urgent-help"}
    assert _menu_names(users["editor"]) == {"analytics", "readability"} | editing
    administration = {"synonyms", "analytics", "readability", "index-health"}
    assert _menu_names(users["administrator"]) == administration
    assert _menu_names(users["superuser"]) == administration | editing


def test_user_without_search_permissions_sees_no_search_menu(db, django_user_model):
    user = django_user_model.objects.create_user("plain", "p@example.com", "pw-p-1")
    user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    assert _menu_names(user) == set()


def test_permissions_can_be_granted_in_group_editor(client, users):
    client.force_login(users["superuser"])
    response = client.get(reverse("wagtailusers_groups:add"))
    assert response.status_code == 200
    html = response.content.decode()
    for codename in ("view_search_analytics", "manage_search_index"):
        permission = Permission.objects.get(codename=codename)
        assert f'value="{permission.pk}"' in html
