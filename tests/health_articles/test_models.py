import datetime

from health_articles.models import HealthArticlePage, RelatedArticle


def test_also_known_as_list_strips_blanks(full_article):
    assert full_article.also_known_as_list == ["charley horse", "leg cramps at night"]
    assert HealthArticlePage(also_known_as="").also_known_as_list == []


def test_headings_give_anchor_text_and_level(full_article):
    assert full_article.headings == [
        ("what-happens", "What happens", "h2"),
        ("care", "Self care", "h3"),
    ]


def test_faq_items_collects_every_faq_block(full_article):
    questions = [item["question"] for item in full_article.faq_items()]
    assert questions == ["Are cramps dangerous?", "Do bananas help?"]


def test_faq_items_empty_without_faq(article_factory):
    assert article_factory("Plain", body_text="Hello").faq_items() == []


def test_editor_picks_skip_unpublished_and_self(article_factory):
    page = article_factory("Cramps")
    live = article_factory("Stretching")
    draft = article_factory("Draft topic", publish=False)
    page.related_links = [
        RelatedArticle(page=draft, sort_order=0),
        RelatedArticle(page=live, sort_order=1),
        RelatedArticle(page=page, sort_order=2),
    ]
    page.save()
    picks = page.editor_picks()
    assert [p.pk for p in picks] == [live.pk]
    assert isinstance(picks[0], HealthArticlePage)


def test_tag_slugs(article_factory):
    page = article_factory("Tagged", tags=["Older adults", "muscles"])
    assert sorted(page.tag_slugs()) == ["muscles", "older-adults"]


def test_review_dates_are_dates(full_article):
    assert full_article.last_reviewed == datetime.date(2025, 2, 20)
