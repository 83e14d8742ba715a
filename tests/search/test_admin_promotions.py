"""Promoted results are stored under the normalised query and shown first."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import analytics, privacy, query
from search.models import SearchAnalyticsSettings
from tests.conftest import make_article, sync_index


@pytest.fixture
def editor_client(client, db, django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "pw-ed-1")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def pages(site_tree):
    return {
        title: make_article(site_tree["index"], title, summary=f"About {title}.")
        for title in ("Muscle cramps", "Stretching guide", "Hydration tips")
    }


def _promote(client, query_string, *pages):
    data = {
        "query_string": query_string,
        "editors_picks-TOTAL_FORMS": len(pages),
        "editors_picks-INITIAL_FORMS": 0,
        "editors_picks-MAX_NUM_FORMS": 1000,
    }
    for i, page in enumerate(pages):
        data.update(
            {
                f"editors_picks-{i}-DELETE": "",
                f"editors_picks-{i}-ORDER": i,
                f"editors_picks-{i}-page": page.pk,
                f"editors_picks-{i}-description": "",
            }
        )
    response = client.post(reverse("wagtailsearchpromotions:add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_query_strings_are_normalised_when_saved(db):
    assert Query.objects.create(query_string="  Muscle   CRAMPS?! ").query_string == (
        "muscle cramps"
    )
    assert Query.get("Muscle Cramps ").query_string == "muscle cramps"
    assert Query.objects.filter(query_string__startswith="muscle").count() == 1
    # Nothing to normalise to: Wagtail's own form is kept.
    assert Query.objects.create(query_string="???").query_string == "???"


def test_new_query_with_existing_key_is_merged(pages):
    first = Query.objects.create(query_string="muscle cramps")
    SearchPromotion.objects.create(
        query=first, page=pages["Muscle cramps"], sort_order=0
    )
    first.add_hit()
    second = Query.objects.create(query_string="Muscle cramps?")
    assert second.query_string == "muscle cramps"
    assert list(Query.objects.filter(query_string="muscle cramps")) == [second]
    assert [p.page.title for p in second.editors_picks.all()] == ["Muscle cramps"]
    assert second.hits == 1


def test_renaming_onto_an_existing_query_merges(pages):
    target = Query.objects.create(query_string="leg cramps")
    SearchPromotion.objects.create(
        query=target, page=pages["Muscle cramps"], sort_order=0
    )
    other = Query.objects.create(query_string="cramp in leg")
    SearchPromotion.objects.create(
        query=other, page=pages["Stretching guide"], sort_order=0
    )
    SearchPromotion.objects.create(
        query=other, page=pages["Muscle cramps"], sort_order=1
    )
    other.query_string = "Leg  Cramps!"
    other.save()
    assert list(Query.objects.filter(query_string="leg cramps")) == [other]
    titles = [p.page.title for p in other.editors_picks.order_by("sort_order")]
    assert titles == ["Stretching guide", "Muscle cramps"]


def test_editor_promotes_in_admin_and_results_share_it(editor_client, pages):
    _promote(editor_client, "Muscle Cramps ", pages["Hydration tips"])
    assert Query.objects.get(query_string="muscle cramps").editors_picks.count() == 1
    # The same query typed differently reuses the same promotions.
    _promote(editor_client, "muscle cramps?", pages["Stretching guide"])
    assert Query.objects.filter(query_string__contains="cramps").count() == 1
    picks = Query.objects.get(query_string="muscle cramps").editors_picks
    assert {p.page.title for p in picks.all()} == {"Hydration tips", "Stretching guide"}


def test_promoted_first_and_marked_on_results_and_autocomplete(
    editor_client, pages, search_backend, client
):
    sync_index()
    _promote(editor_client, "Muscle Cramps ", pages["Hydration tips"])
    for text in ("muscle cramps", "MUSCLE cramps!", " Muscle  Cramps "):
        result = query.search_articles(text)
        assert result.results[0]["title"] == "Hydration tips"
        assert result.results[0].get("promoted") is True
        assert not result.results[1].get("promoted")
    complete = query.autocomplete("Muscle cramps")["results"]
    assert complete[0]["title"] == "Hydration tips" and complete[0]["promoted"]
    html = client.get("/search/?q=Muscle+Cramps").content.decode()
    assert "Recommended" in html
    assert html.index("Hydration tips") < html.index("Muscle cramps</a>")


def test_zero_result_query_links_to_prefilled_promotion(editor_client, db):
    # Shown to editors from its first day (the privacy threshold k is 1 here).
    SearchAnalyticsSettings.objects.update_or_create(
        pk=1, defaults={"min_distinct_days": 1}
    )
    privacy.invalidate()
    analytics.record_search("Zorbleflux pain", 0)
    html = editor_client.get(reverse("search_analytics:index")).content.decode()
    promote = reverse("search_analytics:promote") + "?q=zorbleflux%20pain"
    assert promote in html
    # Editors cannot add synonyms, so no synonym link for them.
    assert reverse("search_synonyms:add") not in html
    # A GET never writes: the query is not in Wagtail's table (analytics
    # keeps visitors' queries out of it), so a page asks to create it.
    response = editor_client.get(promote)
    assert response.status_code == 200
    assert not Query.objects.filter(query_string="zorbleflux pain").exists()
    response = editor_client.post(
        reverse("search_analytics:promote"), {"q": "zorbleflux pain"}
    )
    query_obj = Query.objects.get(query_string="zorbleflux pain")
    assert response["Location"] == reverse(
        "wagtailsearchpromotions:edit", args=[query_obj.pk]
    )
    assert "zorbleflux pain" in editor_client.get(response["Location"]).content.decode()


def test_promote_link_never_writes_on_get(editor_client, db):
    """A GET for a query with no row asks to confirm; only the POST creates it."""
    promote = reverse("search_analytics:promote")
    confirm = editor_client.get(promote + "?q=never%20searched%20topic")
    assert confirm.status_code == 200
    assert "Promote a result for" in confirm.content.decode()
    assert not Query.objects.filter(query_string="never searched topic").exists()
    response = editor_client.post(promote, {"q": "never searched topic"})
    created = Query.objects.get(query_string="never searched topic")
    assert response["Location"] == reverse(
        "wagtailsearchpromotions:edit", args=[created.pk]
    )
