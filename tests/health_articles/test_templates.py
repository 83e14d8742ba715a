"""Rendered pages: structured data, social tags and accessibility landmarks."""

import json

import pytest
from bs4 import BeautifulSoup

from health_articles.models import RelatedArticle
from health_articles.templatetags.article_tags import json_ld_script

pytestmark = pytest.mark.django_db


def get_soup(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup):
    return [
        json.loads(tag.string)
        for tag in soup.find_all("script", type="application/ld+json")
    ]


def assert_accessible_shell(soup):
    skip = soup.find("a", class_="skip-link")
    assert skip.get_text() == "Skip to main content"
    assert skip["href"] == "#main-content"
    assert soup.find("main", id="main-content")
    assert soup.find("header") and soup.find("footer") and soup.find("nav")
    assert len(soup.find_all("h1")) == 1
    assert soup.find("html")["lang"] == "en-GB"
    for img in soup.find_all("img"):
        assert img.has_attr("alt")


def assert_heading_order(soup):
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4"])]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_article_page_json_ld(client, full_article):
    soup = get_soup(client, full_article.url)
    data = json_ld(soup)
    page_data = next(d for d in data if d["@type"] == "MedicalWebPage")
    assert page_data["@context"] == "https://schema.org"
    assert page_data["name"] == "Muscle cramps"
    assert page_data["description"] == "Sudden painful tightening of a muscle."
    assert page_data["url"] == "http://testserver/articles/muscle-cramps/"
    assert page_data["lastReviewed"] == "2025-02-20"
    assert page_data["reviewedBy"] == {"@type": "Person", "name": "Dr Helen Marsh, GP"}
    assert page_data["dateModified"]
    assert page_data["about"]["alternateName"] == [
        "charley horse",
        "leg cramps at night",
    ]
    faq = next(d for d in data if d["@type"] == "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == [
        "Are cramps dangerous?",
        "Do bananas help?",
    ]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Usually not & they pass."


def test_no_faq_json_ld_without_faq_blocks(client, article_factory):
    page = article_factory("Plain article", body_text="Hello")
    types = [d["@type"] for d in json_ld(get_soup(client, page.url))]
    assert types == ["MedicalWebPage"]


def test_json_ld_is_escaped_inside_script():
    html = json_ld_script({"name": "</script><b>x</b> & y"})
    assert "</script><b>" not in html
    assert html.count("</script>") == 1
    body = html.removeprefix('<script type="application/ld+json">')
    assert json.loads(body.removesuffix("</script>"))["name"] == (
        "</script><b>x</b> & y"
    )


def test_article_page_meta_and_open_graph(client, full_article):
    soup = get_soup(client, full_article.url)
    meta = {
        m.get("property") or m.get("name"): m["content"]
        for m in soup("meta")
        if m.get("content")
    }
    assert meta["og:title"] == "Muscle cramps"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "http://testserver/articles/muscle-cramps/"
    assert meta["og:description"] == "Sudden painful tightening of a muscle."
    assert meta["description"] == "Sudden painful tightening of a muscle."
    assert "og:image" not in meta
    canonical = soup.find("link", rel="canonical")
    assert canonical["href"] == "http://testserver/articles/muscle-cramps/"


def test_article_page_og_image_with_hero(client, full_article, settings, tmp_path):
    import wagtail_factories

    settings.MEDIA_ROOT = tmp_path
    full_article.hero_image = wagtail_factories.ImageFactory()
    full_article.hero_image_alt = "Someone stretching a calf"
    full_article.save_revision().publish()
    soup = get_soup(client, full_article.url)
    og_image = soup.find("meta", property="og:image")["content"]
    assert og_image.startswith("http://testserver/")
    hero = soup.select_one("figure.hero img")
    assert hero["alt"] == "Someone stretching a calf"
    data = json_ld(soup)[0]
    assert data["image"] == og_image


def test_article_page_content_and_accessibility(client, full_article):
    soup = get_soup(client, full_article.url)
    assert_accessible_shell(soup)
    assert_heading_order(soup)
    assert soup.find("h1").get_text() == "Muscle cramps"
    assert "Sudden painful tightening" in soup.select_one(".standfirst").get_text()
    assert "Also called: charley horse, leg cramps at night" in " ".join(
        soup.select_one(".also-called").get_text().split()
    )
    review = soup.select_one(".review-line")
    assert "Dr Helen Marsh, GP" in review.get_text()
    assert review.find("time")["datetime"] == "2025-02-20"
    assert soup.select_one(".review-due time")["datetime"] == "2027-02-20"
    assert "Tom Ellery" in soup.select_one(".byline").get_text()
    tag_links = [a["href"] for a in soup.select(".article__header .tag-list a")]
    assert tag_links == ["/articles/tag/muscles/", "/articles/tag/sports/"]
    toc = soup.find("nav", attrs={"aria-label": "Contents"})
    assert [a["href"] for a in toc.find_all("a")] == ["#what-happens", "#care"]
    assert soup.select_one(".disclaimer")
    # Live search in the header, and the body's search box block.
    assert soup.select_one("header form[role=search]")
    assert soup.select_one(".article__body .search-box-block form[role=search]")


def test_toc_hidden_with_fewer_than_two_headings(client, article_factory):
    page = article_factory("Short article", body_text="Hello")
    soup = get_soup(client, page.url)
    assert soup.find("nav", attrs={"aria-label": "Contents"}) is None


def test_related_articles_section(client, article_factory):
    page = article_factory("Cramps")
    other = article_factory("Stretching", summary="How to stretch.")
    page.related_links = [RelatedArticle(page=other, sort_order=0)]
    page.save_revision().publish()
    soup = get_soup(client, page.url)
    related = soup.find("section", class_="related")
    assert related.find("h2").get_text() == "Related articles"
    link = related.find("a", href=other.url)
    assert link.get_text() == "Stretching"
    assert "How to stretch." in related.get_text()


def test_home_page(client, site_tree, article_factory):
    article_factory("Newest", tags=["muscles"])
    soup = get_soup(client, "/")
    assert_accessible_shell(soup)
    assert_heading_order(soup)
    assert soup.select_one(".home-search form[role=search]")
    assert soup.select_one(".latest a[href='/articles/newest/']")
    assert soup.select_one(".popular-tags a[href='/articles/tag/muscles/']")
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    assert nav.find("a", href="/articles/").get_text() == "Topics"


def test_index_page_shell(client, site_tree, article_factory):
    article_factory("Cramps", tags=["muscles"])
    soup = get_soup(client, "/articles/")
    assert_accessible_shell(soup)
    assert_heading_order(soup)
    assert soup.find("a", href="/articles/", attrs={"aria-current": "page"})


def test_404_page(client, site_tree):
    soup = get_soup(client, "/no-such-page/", status=404)
    assert_accessible_shell(soup)
    assert soup.find("h1").get_text() == "Page not found"


def test_500_template_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("h1")) == 1
    assert soup.find("a", class_="skip-link")
