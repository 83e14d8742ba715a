"""A small handwritten article set for search behaviour tests (text written for
this project)."""

import datetime

from tests.conftest import make_article, sync_index

ARTICLES = [
    {
        "title": "Muscle cramps",
        "summary": "Sudden, painful tightening of a muscle that usually passes "
        "within minutes.",
        "also_known_as": "charley horse\nleg cramps at night",
        "body_text": "A cramp often strikes the calf during sleep or exercise. "
        "Gentle stretching and massage ease the tightness.",
        "tags": ["muscles", "pain"],
        "last_reviewed": datetime.date(2026, 3, 1),
    },
    {
        "title": "Muscle spasms",
        "summary": "Involuntary contractions or twitches of a muscle, from "
        "harmless to a sign of a nerve problem.",
        "also_known_as": "muscle twitching",
        "body_text": "Spasms can follow tiredness, stress or low minerals. "
        "Most settle with rest, fluids and stretching.",
        "tags": ["muscles", "nerves"],
        "last_reviewed": datetime.date(2025, 6, 1),
    },
    {
        "title": "Diarrhoea",
        "summary": "Loose, watery stools three or more times a day.",
        "also_known_as": "the runs",
        "body_text": "Diarrhoea usually clears up in a few days. Drink plenty "
        "of fluids to avoid dehydration.",
        "tags": ["digestion"],
        "last_reviewed": datetime.date(2026, 2, 1),
    },
    {
        "title": "Heart attack",
        "summary": "A medical emergency where blood flow to part of the heart "
        "muscle is blocked.",
        "also_known_as": "myocardial infarction",
        "body_text": "Chest pain that spreads to the arm or jaw needs an "
        "ambulance straight away.",
        "tags": ["heart", "emergencies"],
        "last_reviewed": datetime.date(2026, 4, 1),
    },
    {
        "title": "Stomach ache",
        "summary": "Pain anywhere between the ribs and the pelvis.",
        "also_known_as": "tummy ache\nbelly pain",
        "body_text": "Most abdominal pain comes from trapped wind, indigestion "
        "or a stomach bug.",
        "tags": ["digestion", "pain"],
        "last_reviewed": datetime.date(2025, 11, 1),
    },
    {
        "title": "Dehydration",
        "summary": "When the body loses more water than it takes in.",
        "also_known_as": "",
        "body_text": "Thirst, dark urine and dizziness are early signs. "
        "Muscle cramps can follow heavy sweating.",
        "tags": ["nutrition"],
        "last_reviewed": datetime.date(2024, 9, 1),
    },
    {
        "title": "Back pain",
        "summary": "Aches or stiffness anywhere along the spine.",
        "also_known_as": "lumbago",
        "body_text": "Keeping active helps most back pain recover. Muscle "
        "spasms in the back can make moving hard for a day or two.",
        "tags": ["pain", "muscles"],
        "last_reviewed": datetime.date(2026, 1, 15),
    },
    {
        "title": "Anaemia",
        "summary": "Too few healthy red blood cells to carry oxygen around the body.",
        "also_known_as": "low iron",
        "body_text": "Tiredness and pale skin are common. <script>alert('x')"
        "</script> Iron tablets help iron-deficiency anaemia.",
        "tags": ["blood"],
        "last_reviewed": datetime.date(2025, 1, 1),
    },
]


def cramp_articles(index):
    """Four articles for the database full-text tests: a title match, a plural
    in the body, a body phrase and an unrelated page (indexed)."""
    made = {
        "title": make_article(index, "Muscle cramp", summary="Tight muscles."),
        "plural": make_article(index, "Night pains", body_text="Leg cramps at night."),
        "body": make_article(
            index, "Exercise advice", body_text="A muscle cramp can follow exercise."
        ),
        "other": make_article(index, "Heart attack", summary="Chest pain."),
    }
    sync_index()
    return made
