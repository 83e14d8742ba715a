"""Every body block renders its template with the key markup."""

import pytest
from bs4 import BeautifulSoup
from django.template import engines
from django.test import RequestFactory

from health_articles.blocks import ArticleBodyBlock

from .conftest import FULL_BODY

pytestmark = pytest.mark.django_db

BODY = {block["type"]: block for block in FULL_BODY}


def render(*blocks, **context):
    stream = ArticleBodyBlock().to_python(list(blocks))
    template = engines["django"].from_string(
        "{% load wagtailcore_tags %}"
        "{% for b in body %}{% include_block b %}{% endfor %}"
    )
    request = RequestFactory().get("/articles/x/")
    html = template.render({"body": stream, **context}, request)
    return BeautifulSoup(html, "html.parser")


def test_heading_has_level_and_anchor():
    soup = render(FULL_BODY[0], FULL_BODY[5])
    assert soup.find("h2", id="what-happens").get_text() == "What happens"
    assert soup.find("h3", id="care").get_text() == "Self care"


def test_paragraph_keeps_rich_text():
    soup = render(BODY["paragraph"])
    assert soup.select_one(".rich-text p b").get_text() == "sudden"


def test_key_facts_list():
    soup = render(BODY["key_facts"])
    section = soup.select_one("section.key-facts")
    assert section.find("h2").get_text() == "Key facts"
    assert [li.get_text() for li in section.find_all("li")] == ["Common", "Brief"]


def test_symptoms_and_causes_lists():
    soup = render(BODY["symptoms"], BODY["causes"])
    symptoms = soup.select_one(".item-list--symptoms")
    assert symptoms.find("h2").get_text() == "Symptoms"
    assert symptoms.find("p").get_text() == "You may notice:"
    assert soup.select_one(".item-list--causes li").get_text() == "heat"


def test_treatment_steps_are_an_ordered_list():
    soup = render(BODY["treatment"])
    steps = soup.select("section.steps ol > li")
    assert [s.find("strong").get_text() for s in steps] == ["Stretch", "Massage"]
    assert steps[0].find("p").get_text() == "Pull your toes up."
    assert steps[1].find("p") is None


@pytest.mark.parametrize(
    "urgency,label", [("routine", "See a GP"), ("emergency", "Emergency")]
)
def test_warning_callout_is_a_note_with_urgency(urgency, label):
    block = {"type": "see_doctor", "value": {**BODY["see_doctor"]["value"]}}
    block["value"]["urgency"] = urgency
    soup = render(block)
    aside = soup.find("aside", role="note")
    assert f"callout--{urgency}" in aside["class"]
    assert label in aside.select_one(".callout__urgency").get_text()
    assert aside.find("h2").get_text() == "When to see a doctor"


def test_image_block_uses_figure_and_alt(settings, tmp_path):
    import wagtail_factories

    settings.MEDIA_ROOT = tmp_path
    image = wagtail_factories.ImageFactory(title="Calf")
    soup = render(
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "A calf stretch", "caption": "Hi"},
        }
    )
    img = soup.select_one("figure img")
    assert img["alt"] == "A calf stretch"
    assert img.get("width") and img.get("height")  # no layout shift
    assert soup.select_one("figure figcaption").get_text() == "Hi"


def test_quote_block():
    soup = render(BODY["quote"])
    assert soup.select_one("figure blockquote").get_text(strip=True) == (
        "Stretching helped."
    )
    assert soup.select_one("figcaption cite").get_text() == "A reader"


def test_faq_uses_details_summary():
    soup = render(BODY["faq"])
    items = soup.select("section.faq details")
    assert [d.find("summary").get_text() for d in items] == [
        "Are cramps dangerous?",
        "Do bananas help?",
    ]
    assert items[0].select_one(".faq__answer i").get_text() == "not"


def test_references_with_doi_link_and_accessed_date():
    soup = render(BODY["references"])
    item = soup.select_one("section.references ol li")
    assert item.select_one("a cite").get_text() == "Leg cramps leaflet"
    assert item.find("a")["href"] == "https://www.nhs.uk/"
    assert "National Health Service" in item.get_text()
    assert item.find("a", href="https://doi.org/10.1000/xyz123").get_text() == (
        "10.1000/xyz123"
    )
    assert item.find("time")["datetime"] == "2025-05-01"


def test_table_has_caption_thead_and_row_headers():
    soup = render(BODY["table"])
    table = soup.select_one(".table-wrap table")
    assert table.find("caption").get_text() == "Stretches"
    assert [th.get_text() for th in table.select("thead th[scope=col]")] == [
        "Muscle",
        "Stretch",
    ]
    assert table.select_one("tbody th[scope=row]").get_text() == "Calf"
    assert table.select_one("tbody td").get_text() == "Wall lean"


def test_table_without_header_row():
    value = {**BODY["table"]["value"], "first_row_is_table_header": False}
    soup = render({"type": "table", "value": value})
    assert soup.find("thead") is None
    assert len(soup.select("tbody tr")) == 2


def test_search_box_renders_live_search_with_label_and_placeholder():
    soup = render(BODY["search_box"])
    form = soup.select_one(".search-box-block form[role=search]")
    assert form["action"] == "/search/"
    field = form.find("input", attrs={"name": "q"})
    assert field["placeholder"] == "e.g. cramp"
    assert form.find("label", attrs={"for": field["id"]}).get_text() == (
        "Find another topic"
    )


def test_every_block_type_is_covered():
    covered = {block["type"] for block in FULL_BODY} | {"image"}
    assert covered == set(ArticleBodyBlock.base_blocks)
