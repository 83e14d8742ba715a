"""The synonym impact preview (search/impact.py): its numbers for known
changes on both backends, the admin button, and that nothing is saved and
no other search sees the pending map."""

import datetime
import json
import threading

import pytest
from django.urls import reverse
from django.utils import timezone

from health_articles.models import HealthArticlePage
from search import impact, synonyms
from search.models import SearchQueryDaily, Synonym
from tests.conftest import make_article, sync_index

BOTH = pytest.mark.parametrize(
    "search_backend",
    ["database", pytest.param("engine", marks=pytest.mark.engine)],
    indirect=True,
)
JUDGED = {
    "queries": [
        {"text": "zorble", "judged": {"t:cramps": 3}},
        {"text": "flurbish", "judged": {"t:back": 3}},
        {"text": "back pain", "judged": {"t:back": 3}},
        {"text": "gout", "judged": {"t:elsewhere": 3}},  # not on this site
    ]
}


@pytest.fixture
def site(site_tree, settings, tmp_path, search_backend):
    path = tmp_path / "judged.json"
    path.write_text(json.dumps(JUDGED))
    settings.SEARCH_RELEVANCE_SET = str(path)
    pages = {
        "cramps": make_article(
            site_tree["index"],
            "Muscle cramps",
            summary="Sudden tight muscles.",
            body_text="A cramp often strikes the calf during sleep.",
        ),
        "back": make_article(
            site_tree["index"],
            "Back pain",
            summary="Aching lower back.",
            body_text="Most back pain settles with gentle movement.",
        ),
    }
    for key, page in pages.items():
        HealthArticlePage.objects.filter(pk=page.pk).update(source_id=f"t:{key}")
    Synonym.objects.create(kind=Synonym.KIND_EQUIVALENT, terms="flurbish, back pain")
    synonyms.invalidate()
    today = timezone.localdate()
    for text in ("zorble", "flurbish", "back pain"):
        for offset in range(3):  # k = 3 distinct days: a popular query
            SearchQueryDaily.objects.create(
                query=text, date=today - datetime.timedelta(days=offset), searches=4
            )
    sync_index()
    return pages


@BOTH
def test_a_new_rule_makes_a_judged_query_better(site):
    rules = impact.pending_rules(Synonym.KIND_EQUIVALENT, "zorble, muscle cramps", True)
    result = impact.preview(rules)
    assert result.judged_total == 3  # "gout" has no relevant article here
    assert result.judged_affected == 1
    assert [(c.query, c.before, c.after) for c in result.better] == [
        ("zorble", None, 1)
    ]
    assert result.worse == []
    assert result.judged_unchanged == 2
    assert result.popular_total == 3 and result.popular_affected == 1
    assert [(c.query, c.before, c.after) for c in result.popular_changed] == [
        ("zorble", "no results", "Muscle cramps")
    ]


@BOTH
def test_editing_a_rule_makes_a_judged_query_worse(site):
    rule = Synonym.objects.get(terms="flurbish, back pain")
    rules = impact.pending_rules(
        Synonym.KIND_EQUIVALENT, "flurbish, muscle cramps", True, replacing=rule.pk
    )
    result = impact.preview(rules)
    assert [(c.query, c.before) for c in result.worse] == [("flurbish", 1)]
    assert result.worse[0].after != 1
    assert result.better == []
    # "back pain" loses its alternative "flurbish", which finds nothing more.
    assert [c.query for c in result.popular_changed] == ["flurbish"]
    assert result.popular_changed[0].after == "Muscle cramps"


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_admin_preview_shows_numbers_and_saves_nothing(site, admin_client):
    before = list(Synonym.objects.values_list("pk", "terms", "enabled"))
    response = admin_client.post(
        reverse("search_synonyms:add"),
        {
            "kind": Synonym.KIND_ONE_WAY,
            "terms": "zorble => muscle cramps",
            "enabled": "on",
            "notes": "",
            "preview_impact": "1",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert response.context["impact"].better, response.context["impact"]
    html = response.content.decode()
    assert 'data-better="1"' in html and 'data-worse="0"' in html
    assert 'data-top-changed="1"' in html
    assert "zorble =&gt; muscle cramps" in html  # the form keeps the pending rule
    assert list(Synonym.objects.values_list("pk", "terms", "enabled")) == before
    assert synonyms.expand("zorble") == []

    rule = Synonym.objects.get(terms="flurbish, back pain")
    response = admin_client.post(
        reverse("search_synonyms:edit", args=[rule.pk]),
        {
            "kind": Synonym.KIND_EQUIVALENT,
            "terms": "flurbish, back pain",
            "notes": "",
            "preview_impact": "1",
        },  # "enabled" unticked: the rule would stop applying
    )
    assert response.status_code == 200
    assert 'data-worse="1"' in response.content.decode()
    assert Synonym.objects.get(pk=rule.pk).enabled

    bad = admin_client.post(
        reverse("search_synonyms:add"),
        {"kind": Synonym.KIND_EQUIVALENT, "terms": "zorble", "preview_impact": "1"},
    )
    assert bad.status_code == 200
    assert "Enter at least two terms" in bad.content.decode()
    assert "data-impact" not in bad.content.decode()


def test_pending_map_is_seen_only_in_its_own_context(db):
    Synonym.objects.create(kind=Synonym.KIND_EQUIVALENT, terms="zorble, fizzle")
    synonyms.invalidate()
    synonyms.get_map()  # built here: the other thread reads the cached map
    pending = synonyms.map_from_rules(
        [Synonym(kind=Synonym.KIND_EQUIVALENT, terms="zorble, muscle cramps")]
    )
    seen = {}
    with synonyms.using_map(pending):
        assert synonyms.expand("zorble") == ["muscle cramps"]
        other = threading.Thread(
            target=lambda: seen.update(other=synonyms.get_map().rules.get("zorble"))
        )
        other.start()
        other.join()
    assert seen["other"] == {"fizzle"}
    assert synonyms.expand("zorble") == ["fizzle"]
