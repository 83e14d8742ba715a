"""The ``search`` fixture django-modelsearch's tests load, rebuilt here.

The sdist ships the tests but not ``fixtures/search.json``; the rows below are
what the tests assert about (titles, authors, page counts, dates, settings,
characters, meetings), plus rows for the models added later, which the tests
also expect: the meeting agenda with its speakers ("Doyle" speaks at the
stand-up) and the animal trees of the treebeard tests (Animal > Mammal > Dog,
Cat; Animal > Reptile > Lizard), as materialised-path and nested-set trees.

``write_fixture(folder)`` writes ``search.json`` in Django's fixture format;
the runner puts that folder on ``FIXTURE_DIRS``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

APP = "searchtests"

# id: (name, date of birth or None)
AUTHORS = {
    1: ("George R.R. Martin", "1948-09-20"),
    2: ("J. R. R. Tolkien", "1892-01-03"),
    4: ("Isaac Asimov", "1920-01-02"),
    5: ("David Ascher", None),
    6: ("Mark Lutz", None),
    7: ("Daniel Roy Greenfeld", None),
    8: ("Audrey Roy Greenfeld", None),
    9: ("Douglas Crockford", None),
    10: ("David Flanagan", None),
    11: ("Steve Klabnik", None),
    12: ("Carol Nichols", None),
    13: ("Jim Blandy", None),
    14: ("Jason Orendorff", None),
}

# id: (title, author ids, publication date, pages)
BOOKS = {
    1: ("A Game of Thrones", [1], "1996-08-01", 694),
    2: ("A Clash of Kings", [1], "1998-01-01", 768),
    3: ("A Storm of Swords", [1], "2000-01-01", 973),
    4: ("The Fellowship of the Ring", [2], "1954-07-29", 423),
    5: ("The Two Towers", [2], "1954-11-11", 352),
    6: ("The Return of the King", [2], "1955-10-20", 440),
    7: ("The Hobbit", [2], "1937-09-21", 320),
    10: ("Foundation", [4], "1951-01-01", 255),
    11: ("Learning Python", [5, 6], "1999-01-01", 1160),
    12: ("Two Scoops of Django 1.11", [7, 8], "2017-04-26", 556),
    13: ("JavaScript: The good parts", [9], "2008-05-18", 172),
    14: ("JavaScript: The Definitive Guide", [10], "1998-06-11", 792),
    15: ("The Rust Programming Language", [11, 12], "2018-05-22", 440),
    16: ("Programming Rust", [13, 14], "2017-12-01", 622),
}

# The first four books again, as UnindexedBook (title + " U").
UNINDEXED_BOOKS = (1, 2, 3, 4)

# book id: (setting, characters; the first named one is the protagonist)
NOVELS = {
    1: ("Westeros", None, ["Daenerys Targaryen", "Jon Snow", "Eddard Stark"]),
    2: ("Westeros", None, ["Daenerys Targaryen", "Jon Snow"]),
    3: ("Westeros", None, ["Daenerys Targaryen", "Jon Snow"]),
    4: ("Middle Earth", "Frodo Baggins", ["Frodo Baggins", "Bilbo Baggins", "Gandalf"]),
    5: ("Middle Earth", "Frodo Baggins", ["Frodo Baggins", "Bilbo Baggins", "Gandalf"]),
    6: ("Middle Earth", "Frodo Baggins", ["Frodo Baggins", "Bilbo Baggins", "Gandalf"]),
    7: ("Middle Earth", "Bilbo Baggins", ["Bilbo Baggins", "Thorin Oakenshield"]),
    10: ("Galactic Empire", None, ["Hari Seldon", "Salvor Hardin"]),
}

PROGRAMMING_GUIDES = {11: "py", 12: "py", 13: "js", 14: "js", 15: "rs"}

# id: (name, start time, agenda: [(topic, [speakers])])
MEETINGS = {
    1: ("Breakfast yoga", "08:00", [("Sun salutations", ["Maya Patel"])]),
    2: (
        "Stand-up meeting",
        "10:00",
        [("Release blockers", ["Conan Doyle"]), ("Support rota", ["Ada Byron"])],
    ),
    3: ("Evening yoga", "19:30", [("Breathing", ["Maya Patel"])]),
}

# (name, children) trees; the same tree for both treebeard node types.
ANIMALS = [
    ("Animal", [("Mammal", [("Dog", []), ("Cat", [])]), ("Reptile", [("Lizard", [])])]),
]

MP_STEP = 4
MP_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _row(model, pk, **fields):
    return {"model": f"{APP}.{model}", "pk": pk, "fields": fields}


def _mp_step(number):
    digits = ""
    while number:
        number, digit = divmod(number, len(MP_ALPHABET))
        digits = MP_ALPHABET[digit] + digits
    return digits.rjust(MP_STEP, MP_ALPHABET[0])


def _animal_rows():
    rows = []
    mp_pk = ns_pk = 0

    def materialised(node, parent_path, position, depth):
        nonlocal mp_pk
        name, children = node
        mp_pk += 1
        path = parent_path + _mp_step(position)
        rows.append(
            _row(
                "mpanimal",
                mp_pk,
                name=name,
                path=path,
                depth=depth,
                numchild=len(children),
            )
        )
        for i, child in enumerate(children, start=1):
            materialised(child, path, i, depth + 1)

    def nested(node, tree_id, left, depth):
        """Rows of this subtree; returns its right value."""
        nonlocal ns_pk
        name, children = node
        ns_pk += 1
        row = _row("nsanimal", ns_pk, name=name, tree_id=tree_id, depth=depth)
        rows.append(row)
        right = left + 1
        for child in children:
            right = nested(child, tree_id, right, depth + 1) + 1
        row["fields"].update(lft=left, rgt=right)
        return right

    for position, root in enumerate(ANIMALS, start=1):
        materialised(root, "", position, 1)
        nested(root, position, 1, 1)
    return rows


def fixture_rows():
    rows = [
        _row("author", pk, name=name, date_of_birth=born)
        for pk, (name, born) in AUTHORS.items()
    ]
    rows += [
        _row(
            "book",
            pk,
            title=title,
            authors=authors,
            publication_date=day,
            number_of_pages=pages,
        )
        for pk, (title, authors, day, pages) in BOOKS.items()
    ]
    rows += [
        _row(
            "unindexedbook",
            pk,
            title=BOOKS[pk][0] + " U",
            publication_date=BOOKS[pk][2],
            number_of_pages=BOOKS[pk][3],
        )
        for pk in UNINDEXED_BOOKS
    ]
    character_pk = 0
    novels = []
    for book_pk, (setting, protagonist, characters) in NOVELS.items():
        protagonist_pk = None
        for name in characters:
            character_pk += 1
            rows.append(_row("character", character_pk, name=name, novel=book_pk))
            if name == protagonist and protagonist_pk is None:
                protagonist_pk = character_pk
        novels.append(
            _row("novel", book_pk, setting=setting, protagonist=protagonist_pk)
        )
    rows += novels
    rows += [
        _row("programmingguide", pk, programming_language=language)
        for pk, language in PROGRAMMING_GUIDES.items()
    ]
    item_pk = speaker_pk = 0
    for pk, (name, start, agenda) in MEETINGS.items():
        rows.append(_row("meeting", pk, name=name, start_time=start))
        for topic, speakers in agenda:
            item_pk += 1
            rows.append(_row("agendaitem", item_pk, meeting=pk, topic=topic))
            for speaker in speakers:
                speaker_pk += 1
                rows.append(
                    _row("speaker", speaker_pk, agenda_item=item_pk, name=speaker)
                )
    return rows + _animal_rows()


def write_fixture(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "search.json"
    # Whole or not at all: another pass may be reading its own copy meanwhile.
    partial = folder / f".search.json.{os.getpid()}"
    partial.write_text(json.dumps(fixture_rows(), indent=1) + "\n")
    os.replace(partial, path)
    return path
