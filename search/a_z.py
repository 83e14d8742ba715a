"""The A-Z of topics: every live, public article by letter, with its
also-known-as names as cross-references ("Charley horse, see Muscle cramps")."""

import string
import unicodedata

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .query import visible_articles
from .synonyms import normalise

OTHER = "#"
LETTERS = list(string.ascii_uppercase)


# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans(
    {
        "Œ": "OE",
        "œ": "oe",
        "Æ": "AE",
        "æ": "ae",
        "Ø": "O",
        "ø": "o",
        "Ł": "L",
        "ł": "l",
        "ß": "ss",
        "Þ": "Th",
        "þ": "th",
        "Đ": "D",
        "đ": "d",
    }
)


def _folded(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def letter_for(text):
    first = _folded(text)[:1].upper()
    return first if first in LETTERS else OTHER


def sort_key(text):
    return (_folded(text).casefold(), text)


def _display(name):
    name = " ".join(name.split())
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def a_z_entries(request=None):
    """[(letter, [entry, ...])] for letters that have entries, in order.

    An entry is {"title", "url"} for an article or {"title", "see", "url"}
    for a cross-reference to the article it names.
    """
    pages = visible_articles().order_by("title").defer_streamfields()
    entries = []
    for page in pages:
        url = page.get_url(request=request) or page.url_path
        entries.append({"title": page.title, "url": url, "see": None})
        title_key = normalise(page.title)
        seen = {title_key}
        for name in page.also_known_as_list:
            key = normalise(name)
            if not key or key in seen:
                continue
            seen.add(key)
            entries.append({"title": _display(name), "url": url, "see": page.title})
    groups = {}
    for entry in entries:
        groups.setdefault(letter_for(entry["title"]), []).append(entry)
    ordered = []
    for letter in LETTERS + [OTHER]:
        if letter in groups:
            items = sorted(
                groups[letter],
                key=lambda e: (*sort_key(e["title"]), e["see"] or ""),
            )
            ordered.append((letter, items))
    return ordered


def letter_id(letter):
    return "letter-other" if letter == OTHER else f"letter-{letter.lower()}"


# Above this many entries the page shows one letter at a time (with the
# corpus loaded, every letter on one page was 61,000 px tall on a phone).
ONE_LETTER_ABOVE = 400


@require_GET
def a_z_page(request):
    groups = a_z_entries(request)
    present = {letter for letter, _ in groups}
    total = sum(len(items) for _, items in groups)
    by_letter = total > ONE_LETTER_ABOVE
    current = None
    if by_letter and groups:
        wanted = (request.GET.get("letter") or "").strip()
        wanted = OTHER if wanted in ("#", "other") else wanted.upper()[:1]
        current = wanted if wanted in present else groups[0][0]
        groups = [(letter, items) for letter, items in groups if letter == current]
    nav = [
        {
            "letter": letter,
            "id": letter_id(letter),
            "present": letter in present,
            "href": (
                f"?letter={'other' if letter == OTHER else letter.lower()}"
                if by_letter
                else f"#{letter_id(letter)}"
            ),
            "current": letter == current,
        }
        for letter in LETTERS + ([OTHER] if OTHER in present else [])
    ]
    sections = [
        {"letter": letter, "id": letter_id(letter), "entries": items}
        for letter, items in groups
    ]
    return render(
        request,
        "search/a_z.html",
        {
            "letters": nav,
            "sections": sections,
            "by_letter": by_letter,
            "total": total,
        },
    )
