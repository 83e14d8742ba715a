"""Fixtures for the content app: users and a fully featured article.

The site tree and ``article_factory`` come from tests/conftest.py.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests.conftest import make_article

FULL_BODY = [
    {"type": "heading", "value": {"text": "What happens", "level": "h2", "anchor": ""}},
    {"type": "paragraph", "value": "<p>A cramp is a <b>sudden</b> tightening.</p>"},
    {
        "type": "key_facts",
        "value": {"title": "Key facts", "facts": ["Common", "Brief"]},
    },
    {
        "type": "symptoms",
        "value": {"title": "Symptoms", "intro": "You may notice:", "items": ["pain"]},
    },
    {"type": "causes", "value": {"title": "Causes", "intro": "", "items": ["heat"]}},
    {
        "type": "heading",
        "value": {"text": "Self care", "level": "h3", "anchor": "care"},
    },
    {
        "type": "treatment",
        "value": {
            "title": "Treatment",
            "steps": [
                {"title": "Stretch", "detail": "Pull your toes up."},
                {"title": "Massage", "detail": ""},
            ],
        },
    },
    {
        "type": "see_doctor",
        "value": {
            "title": "When to see a doctor",
            "urgency": "emergency",
            "text": "<p>Call for help if the leg is swollen.</p>",
        },
    },
    {
        "type": "quote",
        "value": {"quote": "Stretching helped.", "attribution": "A reader"},
    },
    {
        "type": "faq",
        "value": {
            "title": "Questions",
            "items": [
                {
                    "question": "Are cramps dangerous?",
                    "answer": "<p>Usually <i>not</i> & they pass.</p>",
                },
                {"question": "Do bananas help?", "answer": "<p>Not much.</p>"},
            ],
        },
    },
    {
        "type": "references",
        "value": {
            "title": "References",
            "references": [
                {
                    "title": "Leg cramps leaflet",
                    "publisher": "National Health Service",
                    "url": "https://www.nhs.uk/",
                    "doi": "doi:10.1000/xyz123",
                    "accessed": "2025-05-01",
                }
            ],
        },
    },
    {
        "type": "table",
        "value": {
            "data": [["Muscle", "Stretch"], ["Calf", "Wall lean"]],
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_caption": "Stretches",
        },
    },
    {
        "type": "search_box",
        "value": {"label": "Find another topic", "placeholder": "e.g. cramp"},
    },
]


@pytest.fixture(autouse=True)
def clear_cache():
    """Cached related lists are keyed by page id, and ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editors_group(db):
    return Group.objects.get(name="Editors")


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(
        "boss", "boss@example.com", "pw-boss-123"
    )


@pytest.fixture
def editor_user(django_user_model, editors_group):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "pw-ed-123")
    user.groups.add(editors_group)
    return user


@pytest.fixture
def full_article(site_tree):
    """A published article using every block type, with tags and review data."""
    from health_articles.blocks import ArticleBodyBlock

    page = make_article(
        site_tree["index"],
        "Muscle cramps",
        summary="Sudden painful tightening of a muscle.",
        also_known_as="charley horse\n\n  leg cramps at night \n",
        tags=["muscles", "sports"],
    )
    page.body = ArticleBodyBlock().to_python(FULL_BODY)
    page.author = "Tom Ellery"
    page.reviewer = "Dr Helen Marsh, GP"
    page.last_reviewed = datetime.date(2025, 2, 20)
    page.next_review_due = datetime.date(2027, 2, 20)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
