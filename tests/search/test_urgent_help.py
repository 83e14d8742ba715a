"""Urgent help (search/urgent.py): the starter entries match phrasings, typos
and synonyms, never look-alikes, on the database backend and on the real
engine; the JSON fields of both search APIs; numbers per site; counts."""

import datetime
import re

import pytest
from wagtail.models import Site

from search import freshness, urgent
from search.models import (
    Synonym,
    UrgentHelpEntry,
    UrgentHelpSettings,
    UrgentHelpShownDaily,
)
from tests.conftest import make_article, sync_index

CHEST = "Chest pain can be a heart attack"
STROKE = "Signs of a stroke: act fast"
BREATHING = "Difficulty breathing"
BLEEDING = "Severe bleeding"
OVERDOSE = "Overdose or poisoning"
SUICIDE = "If you are thinking about suicide"
ANAPHYLAXIS = "Severe allergic reaction (anaphylaxis)"

MATCHES = [
    ("my chest hurts really bad", CHEST),
    ("chest pain", CHEST),
    ("Chest pian", CHEST),
    ("cheast pain when walking", CHEST),
    ("crushing pain in my chest", CHEST),
    ("what does a heart attack feel like", CHEST),
    ("tight chest", CHEST),
    ("signs of a stroke", STROKE),
    ("her face is drooping", STROKE),
    ("slurred speech suddenly", STROKE),
    ("I can't breathe", BREATHING),
    ("difficulty breathing at night", BREATHING),
    ("trouble breathing", BREATHING),
    ("short of breath", BREATHING),
    ("bleeding won't stop", BLEEDING),
    ("severe bleeding from a cut", BLEEDING),
    ("i took too many pills", OVERDOSE),
    ("swallowed too many paracetamol tablets", OVERDOSE),
    ("overdosed", OVERDOSE),
    ("my child drank bleach", OVERDOSE),
    ("I want to die", SUICIDE),
    ("suicidal thoughts", SUICIDE),
    ("how to kill myself", SUICIDE),
    ("anaphylaxis", ANAPHYLAXIS),
    ("throat swelling after bee sting", ANAPHYLAXIS),
    ("anaphylactic shock", ANAPHYLAXIS),
]

LOOK_ALIKES = [
    "chest of drawers",
    "chest x-ray",
    "chest x ray",
    "pill organiser",
    "breathing exercises for singers",
    "muscle cramps",
    "food poisoning",
    "heavy periods bleeding",
    "swimming stroke technique",
    "why do cells die",
    "end of life care",
    "diarrhoea",
    "",
]


@pytest.fixture
def starter(db):
    """The starter entries the data migration loaded (not copies of them)."""
    assert UrgentHelpEntry.objects.filter(starter=True).count() == 7
    freshness.reset()
    return {e.title: e for e in UrgentHelpEntry.objects.all()}


def matched_title(text):
    found = urgent.match(text)
    return found.title if found else None


@pytest.mark.parametrize(("text", "title"), MATCHES)
def test_phrasings_typos_and_synonyms_match(starter, text, title):
    assert matched_title(text) == title


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_never_match(starter, text):
    assert matched_title(text) is None


def test_site_synonym_rules_apply(starter):
    assert matched_title("myocardial infarktion") is None
    Synonym.objects.create(terms="myocardial infarction, heart attack")
    freshness.content_changed()
    assert matched_title("symptoms of myocardial infarction") == CHEST


def test_a_correctly_spelled_word_is_not_read_as_a_typo(starter):
    # "chess" is a word the site knows: it is never rewritten into "chest".
    from search import vocabulary

    vocabulary_words = vocabulary.get()
    vocabulary_words["chess"] = 1
    try:
        assert matched_title("chess pain") is None
    finally:
        del vocabulary_words["chess"]
    assert matched_title("chesst pain") == CHEST


def test_priority_decides_between_entries(starter):
    # Both the suicide and the overdose entries match; the lower number wins.
    assert matched_title("i want to die and took too many pills") == SUICIDE


def test_disabled_entry_and_edits_apply_at_once(starter):
    entry = starter[CHEST]
    entry.enabled = False
    entry.save()
    freshness.content_changed()
    assert matched_title("chest pain") is None
    entry.enabled = True
    entry.phrases += "\nribs hurt"
    entry.save()
    freshness.content_changed()
    assert matched_title("my ribs hurt") == CHEST


def test_message_uses_the_sites_numbers_and_is_sanitised(starter):
    site = Site.objects.get(is_default_site=True)
    found = urgent.match("chest pain", site)
    assert '<a href="tel:911">911</a>' in found.message_html
    UrgentHelpSettings.objects.update_or_create(
        site=site, defaults={"emergency_number": "112 (EU)"}
    )
    entry = starter[CHEST]
    entry.message = (
        '<h2>Now</h2><p onclick="x()">Call <a href="tel:{emergency_number}" '
        'id="a">{emergency_number}</a> <script>alert(1)</script>'
        '<img src="x.png"><a href="javascript:alert(1)">bad</a></p>'
    )
    entry.save()
    freshness.content_changed()
    html = urgent.match("chest pain", site).message_html
    assert '<a href="tel:112">112 (EU)</a>' in html
    for forbidden in ("<h2", "onclick", "<script", "<img", "javascript:", 'id="a"'):
        assert forbidden not in html


def test_generation_moves_when_an_entry_or_number_changes(starter):
    before = urgent.generation()
    entry = starter[STROKE]
    entry.phrases += "\nface drooping suddenly"
    entry.save()
    freshness.recheck()
    after_entry = urgent.generation()
    assert after_entry != before
    UrgentHelpSettings.objects.create(
        site=Site.objects.get(is_default_site=True), emergency_number="000"
    )
    freshness.recheck()
    assert urgent.generation() != after_entry


def test_shown_counts_store_no_query_text(starter):
    found = urgent.match("my chest hurts really bad")
    urgent.record_shown(found, "searches")
    urgent.record_shown(found, "searches")
    urgent.record_shown(found, "suggestions")
    row = UrgentHelpShownDaily.objects.get(entry=starter[CHEST])
    assert (row.date, row.searches, row.suggestions) == (
        datetime.date.today(),
        2,
        1,
    )
    values = [str(v) for v in UrgentHelpShownDaily.objects.values().first().values()]
    assert not any("hurts" in v for v in values)
    urgent.record_shown(None, "searches")
    assert UrgentHelpShownDaily.objects.count() == 1


# ------------------------------------------------------------ JSON, both backends


@pytest.fixture
def with_articles(search_backend, site_tree, starter):
    heart = make_article(
        site_tree["index"],
        "Heart attack",
        summary="A heart attack happens when blood flow to the heart is blocked.",
        also_known_as="Myocardial infarction",
        tags=["heart"],
    )
    make_article(
        site_tree["index"],
        "Chest pain",
        summary="Chest pain has many causes, from muscles to the heart.",
        tags=["heart"],
    )
    make_article(
        site_tree["index"],
        "Muscle cramps",
        summary="A cramp is a sudden tight muscle.",
        also_known_as="Charley horse",
        tags=["muscles"],
    )
    entry = starter[CHEST]
    entry.article = heart
    entry.save()
    sync_index()
    freshness.content_changed()
    return {"backend": search_backend, "heart": heart}


def test_search_json_carries_urgent_help(client, with_articles):
    data = client.get("/api/search/", {"q": "my chest hurts really bad"}).json()
    heart = with_articles["heart"]
    assert set(data["urgent_help"]) == {"title", "message_html", "article"}
    assert data["urgent_help"]["title"] == CHEST
    assert "tel:911" in data["urgent_help"]["message_html"]
    assert data["urgent_help"]["article"] == {
        "id": heart.pk,
        "title": "Heart attack",
        "url": heart.url,
    }
    # Never hidden by a tag filter or a later page (even with no results).
    for params in ({"tag": "muscles"}, {"page": 3}):
        data = client.get("/api/search/", {"q": "chest pian", **params}).json()
        assert data["urgent_help"]["title"] == CHEST
    assert UrgentHelpShownDaily.objects.get().searches == 2  # pages > 1 not counted
    assert (
        client.get("/api/search/", {"q": "chest x-ray"}).json()["urgent_help"] is None
    )


def test_autocomplete_json_carries_urgent_help(client, with_articles):
    data = client.get("/api/search/autocomplete/", {"q": "chest pian"}).json()
    assert data["urgent_help"]["title"] == CHEST
    assert data["results"] and data["results"][0]["last_reviewed"] == "2026-01-01"
    for text in ("muscle cramps", "chest of drawers", ""):
        data = client.get("/api/search/autocomplete/", {"q": text}).json()
        assert data["urgent_help"] is None
    assert UrgentHelpShownDaily.objects.get().suggestions == 1


@pytest.mark.parametrize(
    "text", ["chest of drawers", "pill organiser", "muscle cramps"]
)
def test_look_alikes_give_no_urgent_help_on_either_backend(client, with_articles, text):
    data = client.get("/api/search/", {"q": text}).json()
    assert data["urgent_help"] is None


def test_unpublished_article_is_left_out(client, with_articles):
    with_articles["heart"].unpublish()
    sync_index()
    freshness.content_changed()
    data = client.get("/api/search/", {"q": "chest pain"}).json()
    assert data["urgent_help"]["title"] == CHEST
    assert data["urgent_help"]["article"] is None


def test_results_page_banner_above_results(client, with_articles):
    html = client.get("/search/", {"q": "my chest hurts really bad", "tag": "heart"})
    text = html.content.decode()
    assert 'class="urgent-help"' in text
    assert text.index('class="urgent-help"') < text.index('class="search-results"')
    assert '<a href="tel:911">911</a>' in text
    empty = client.get("/search/", {"q": "chest pain", "tag": "muscles"}).content
    assert b'class="urgent-help"' in empty
    assert b'class="urgent-help"' not in client.get("/search/", {"q": "cramps"}).content


def test_a_count_for_a_deleted_entry_loses_nothing(starter):
    found = urgent.match("chest pain")
    starter[CHEST].delete()
    urgent.record_shown(found, "searches")  # logged, not raised
    assert UrgentHelpShownDaily.objects.count() == 0
    assert UrgentHelpEntry.objects.count() == 6


def test_admin_lists_entries_with_counts_and_edits_numbers(client, starter):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    user = get_user_model().objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(user)
    urgent.record_shown(urgent.match("chest pain"), "searches")
    listing = client.get(reverse("search_urgent_help:index"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert CHEST in text and SUICIDE in text and "Shown (last 30 days)" in text
    # The count itself, in each entry's row (it was always empty: the
    # annotation was on a queryset Wagtail's index view never used).
    rows = [row.split("</tr>")[0] for row in text.split("<tr")[1:]]

    def shown(title):
        (row,) = [r for r in rows if title in r]
        return re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", row)

    assert shown(CHEST)[-1] == "1"  # cells: priority, shown
    assert shown(SUICIDE)[-1] == "0"
    edit = client.get(reverse("search_urgent_help:edit", args=[starter[CHEST].pk]))
    assert edit.status_code == 200 and "chest pain" in edit.content.decode()
    site = Site.objects.get(is_default_site=True)
    settings_url = reverse(
        "wagtailsettings:edit", args=["search", "urgenthelpsettings", site.pk]
    )
    assert client.get(settings_url).status_code == 200
    response = client.post(
        settings_url,
        {
            "emergency_number": "999",
            "poison_control_number": "111",
            "crisis_line_number": "116 123",
        },
    )
    assert response.status_code == 302
    freshness.recheck()
    html = urgent.match("i want to die", site).message_html
    assert '<a href="tel:116123">116 123</a>' in html
    assert '<a href="tel:999">999</a>' in html


def test_urgent_words_and_filler_are_never_corrected(client, with_articles, site_tree):
    """On a site with no overdose article, "overdose" was shown as results
    for "overuse"; "I can't breathe" got "Did you mean i can breathe?" and
    "really" became "real". Trigger words are known words, and filler is
    never corrected."""
    from search import vocabulary

    make_article(site_tree["index"], "Overuse injuries", summary="Too much sport.")
    make_article(site_tree["index"], "Real food", summary="Cooking at home.")
    sync_index()
    freshness.content_changed()
    assert vocabulary.correct("overdose") is None
    assert vocabulary.correct("i can't breathe") is None
    assert vocabulary.correct("really bad") is None
    for text in ("overdose", "I can't breathe", "my chest hurts really bad"):
        data = client.get("/api/search/", {"q": text}).json()
        assert data["urgent_help"] is not None, text
        assert data.get("corrected_query") in (None, ""), (text, data)
        assert data.get("suggestion") in (None, ""), (text, data)


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("999 or 112", False),  # would link tel:999112
        ("call-now", False),  # would link an empty tel:
        ("", False),
        ("+44 20 7946 0000", True),
        ("(800) 222-1222", True),
        ("112", True),
    ],
)
def test_numbers_must_be_one_dialable_number(client, starter, typed, saved):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    user = get_user_model().objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(user)
    site = Site.objects.get(is_default_site=True)
    url = reverse(
        "wagtailsettings:edit", args=["search", "urgenthelpsettings", site.pk]
    )
    response = client.post(
        url,
        {
            "emergency_number": typed,
            "poison_control_number": "111",
            "crisis_line_number": "116 123",
        },
    )
    stored = UrgentHelpSettings.for_site(site).emergency_number
    if saved:
        assert response.status_code == 302
        assert stored == typed
    else:
        assert response.status_code == 200  # the form again, with the error
        assert stored == "911"
