"""Tag administration: permissions, rename, merge and delete."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from taggit.models import Tag

from health_articles.models import HealthArticlePage, HealthArticleTag
from health_articles.views import merge_tags

pytestmark = pytest.mark.django_db

INDEX = reverse("health_tags:index")
MERGE = reverse("health_tags:merge")


def tag(name):
    return Tag.objects.get(name=name)


def names(page):
    page = HealthArticlePage.objects.get(pk=page.pk)
    return sorted(t.name for t in page.tags.all())


@pytest.fixture
def articles(article_factory):
    return {
        "cramps": article_factory("Cramps", tags=["cramp", "muscles"]),
        "spasms": article_factory("Spasms", tags=["cramps", "muscles"]),
        "strain": article_factory("Strain", tags=["cramp", "cramps", "sports"]),
        "other": article_factory("Other", tags=["sports"]),
    }


@pytest.fixture
def reindexed(monkeypatch):
    """Article ids passed to search.signals.reindex_articles (signals included)."""
    calls = []
    import search.signals

    monkeypatch.setattr(
        search.signals, "reindex_articles", lambda ids: calls.append(set(ids))
    )
    return calls


def test_editors_group_has_no_tag_permissions(editors_group):
    codenames = set(editors_group.permissions.values_list("codename", flat=True))
    assert not codenames & {"add_tag", "change_tag", "delete_tag", "view_tag"}


@pytest.mark.parametrize("name", ["index", "edit", "delete", "merge"])
def test_anonymous_is_sent_to_login(client, articles, name):
    url = _url(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("name", ["index", "edit", "delete", "merge"])
def test_editor_is_refused(client, editor_user, articles, name):
    client.force_login(editor_user)
    response = client.get(_url(name))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert not response["Location"].startswith(_url(name))
    post = client.post(_url(name), {"name": "hacked", "slug": "hacked"})
    assert post.status_code in (302, 403)
    assert Tag.objects.filter(name="cramp").exists()
    assert not Tag.objects.filter(name="hacked").exists()


def test_menu_item_only_for_allowed_users(client, admin_user, editor_user):
    client.force_login(editor_user)
    assert INDEX not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(admin_user)
    assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()


def test_group_with_tag_permissions_is_allowed(client, editor_user, articles):
    editor_user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="taggit",
            codename__in=["change_tag", "delete_tag"],
        )
    )
    client.force_login(editor_user)
    assert client.get(INDEX).status_code == 200
    assert client.get(MERGE).status_code == 200


@pytest.mark.parametrize("name", ["index", "edit", "delete", "merge"])
def test_administrator_allowed(client, admin_user, articles, name):
    client.force_login(admin_user)
    assert client.get(_url(name)).status_code == 200


def test_index_lists_counts_sorts_and_searches(client, admin_user, articles):
    client.force_login(admin_user)
    html = client.get(INDEX).content.decode()
    for name in ["cramp", "cramps", "muscles", "sports"]:
        assert name in html
    response = client.get(INDEX, {"ordering": "-article_count"})
    counts = [t.article_count for t in response.context["object_list"]]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 2
    response = client.get(INDEX, {"q": "musc"})
    assert [t.name for t in response.context["object_list"]] == ["muscles"]


def test_rename(client, admin_user, articles, reindexed):
    client.force_login(admin_user)
    cramp = tag("cramp")
    response = client.post(
        reverse("health_tags:edit", args=[cramp.pk]),
        {"name": "Leg cramp", "slug": "leg-cramp"},
    )
    assert response.status_code == 302
    cramp.refresh_from_db()
    assert (cramp.name, cramp.slug) == ("Leg cramp", "leg-cramp")
    assert names(articles["cramps"]) == ["Leg cramp", "muscles"]


def test_rename_to_existing_name_is_refused(client, admin_user, articles):
    client.force_login(admin_user)
    cramp = tag("cramp")
    response = client.post(
        reverse("health_tags:edit", args=[cramp.pk]),
        {"name": "MUSCLES", "slug": "cramp"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert tag("cramp").name == "cramp"


def test_merge_view_moves_every_tagging(client, admin_user, articles, reindexed):
    client.force_login(admin_user)
    response = client.post(
        MERGE,
        {
            "tags": [tag("cramp").pk, tag("cramps").pk],
            "new_name": "Muscle cramp",
            "confirm": "yes",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Tag.objects.filter(name__in=["cramp", "cramps"]).exists()
    assert names(articles["cramps"]) == ["Muscle cramp", "muscles"]
    assert names(articles["spasms"]) == ["Muscle cramp", "muscles"]
    # Strain had both merged tags: it keeps a single tagging.
    assert names(articles["strain"]) == ["Muscle cramp", "sports"]
    assert names(articles["other"]) == ["sports"]
    assert HealthArticleTag.objects.filter(tag__name="Muscle cramp").count() == 3
    expected = {articles[k].pk for k in ("cramps", "spasms", "strain")}
    assert reindexed[-1] == expected


def test_merge_into_existing_tag(client, admin_user, articles, reindexed):
    client.force_login(admin_user)
    muscles = tag("muscles")
    response = client.post(
        MERGE,
        {
            "tags": [tag("cramps").pk, muscles.pk],
            "target": muscles.pk,
            "confirm": "yes",
        },
    )
    assert response.status_code == 302
    assert not Tag.objects.filter(name="cramps").exists()
    assert Tag.objects.filter(pk=muscles.pk).exists()
    assert names(articles["spasms"]) == ["muscles"]
    assert names(articles["strain"]) == ["cramp", "muscles", "sports"]
    assert names(articles["cramps"]) == ["cramp", "muscles"]


def test_merge_new_name_matching_existing_tag_reuses_it(admin_user, client, articles):
    client.force_login(admin_user)
    response = client.post(
        MERGE, {"tags": [tag("cramp").pk], "new_name": "Cramps", "confirm": "yes"}
    )
    assert response.status_code == 302
    assert list(Tag.objects.filter(name__iexact="cramps").values_list("name")) == [
        ("cramps",)
    ]
    assert names(articles["cramps"]) == ["cramps", "muscles"]


def test_merge_form_errors(client, admin_user, articles):
    client.force_login(admin_user)
    no_target = client.post(MERGE, {"tags": [tag("cramp").pk]})
    assert no_target.status_code == 200
    assert Tag.objects.filter(name="cramp").exists()
    only_target = client.post(
        MERGE, {"tags": [tag("cramp").pk], "target": tag("cramp").pk}
    )
    assert only_target.status_code == 200
    assert Tag.objects.filter(name="cramp").exists()


def test_merge_updates_latest_revision_tags(articles):
    cramp, cramps = tag("cramp"), tag("cramps")
    merge_tags([cramps], cramp)
    page = HealthArticlePage.objects.get(pk=articles["strain"].pk)
    items = page.latest_revision.content["tagged_items"]
    assert [item["tag"] for item in items].count(cramp.pk) == 1
    assert cramps.pk not in [item["tag"] for item in items]
    editing = page.get_latest_revision_as_object()
    assert sorted(t.name for t in editing.tags.all()) == ["cramp", "sports"]


def test_delete(client, admin_user, articles, reindexed):
    client.force_login(admin_user)
    cramps = tag("cramps")
    url = reverse("health_tags:delete", args=[cramps.pk])
    confirm = client.get(url).content.decode()
    assert "2 articles" in confirm
    response = client.post(url)
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=cramps.pk).exists()
    assert names(articles["spasms"]) == ["muscles"]
    assert names(articles["strain"]) == ["cramp", "sports"]
    page = HealthArticlePage.objects.get(pk=articles["strain"].pk)
    assert cramps.pk not in [
        item["tag"] for item in page.latest_revision.content["tagged_items"]
    ]


def test_page_editor_offers_tag_autocomplete(client, admin_user, articles):
    client.force_login(admin_user)
    page = articles["cramps"]
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    assert b'name="tags"' in html
    assert b"/admin/tag-autocomplete/" in html
    response = client.get("/admin/tag-autocomplete/", {"term": "cra"})
    assert {"cramp", "cramps"} <= set(response.json())


def _url(name):
    if name in ("edit", "delete"):
        return reverse(f"health_tags:{name}", args=[Tag.objects.get(name="cramp").pk])
    return {"index": INDEX, "merge": MERGE}[name]


def test_merge_asks_for_confirmation_first(client, admin_user, articles, reindexed):
    client.force_login(admin_user)
    muscles = tag("muscles")
    data = {"tags": [tag("cramps").pk], "target": muscles.pk}
    response = client.post(MERGE, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Merge these tags?" in html
    # "cramps" is on Spasms and Strain: two articles change.
    assert "2 articles will be re-tagged" in html
    assert 'name="confirm" value="yes"' in html
    assert Tag.objects.filter(name="cramps").exists() and not reindexed
    assert client.post(MERGE, {**data, "confirm": "yes"}).status_code == 302
    assert not Tag.objects.filter(name="cramps").exists()


def test_old_tag_addresses_redirect_to_the_merged_tag(
    client, articles, site_tree, reindexed
):
    cramps, muscles = tag("cramps"), tag("muscles")
    merge_tags([cramps], muscles)
    response = client.get("/articles/tag/cramps/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/tag/muscles/"
    response = client.get("/articles/?tag=cramps")
    assert response.status_code == 301
    assert response["Location"] == "/articles/?tag=muscles"
    assert client.get("/articles/tag/muscles/").status_code == 200
    # A later merge of the target carries the old address along.
    sports = tag("sports")
    merge_tags([muscles], sports)
    assert client.get("/articles/tag/cramps/")["Location"] == "/articles/tag/sports/"
    assert client.get("/articles/tag/muscles/")["Location"] == "/articles/tag/sports/"
    # Never merged: still a 404.
    assert client.get("/articles/tag/never-a-tag/").status_code == 404


def test_merge_page_suggests_tags_differing_in_case_or_plural(
    client, admin_user, article_factory
):
    article_factory("One", tags=["Muscles", "pain"])
    article_factory("Two", tags=["Bones, Joints and Muscles"])
    article_factory("Three", tags=["muscle"])
    from health_articles.views import merge_suggestions, tag_key

    assert tag_key("Muscles!") == tag_key("muscle") == "muscle"
    groups = [[t.name for t in group] for group in merge_suggestions()]
    assert groups == [["Muscles", "muscle"]] or groups == [["muscle", "Muscles"]]
    client.force_login(admin_user)
    html = client.get(MERGE).content.decode()
    assert "Suggested merges" in html
    first = merge_suggestions()[0]
    assert f"tag={first[1].pk}&amp;target={first[0].pk}" in html


def test_tags_are_one_vocabulary_whatever_the_case(article_factory):
    first = article_factory("First", tags=["muscles"])
    second = article_factory("Second", tags=["Muscles"])
    assert Tag.objects.filter(name__iexact="muscles").count() == 1
    assert names(first) == names(second) == ["muscles"]
