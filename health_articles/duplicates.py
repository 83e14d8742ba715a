"""Likely duplicate articles: two articles with the same name (title, or a
title equal to another's also-known-as name), compared case-insensitively
and ignoring punctuation ("Muscle cramps" / "Muscle Cramps", "Dystonia" /
"dystonia"). Demo articles and imported topics often overlap this way.

The importer warns when it creates one; Reports > Likely duplicates lists
them so an editor can merge the text by hand or unpublish one.
"""

import re

from .models import HealthArticlePage

_WORD = re.compile(r"\w+")


def name_key(text):
    """'Muscle Cramps!' -> 'muscle cramps'."""
    return " ".join(_WORD.findall((text or "").casefold().replace("’", "'")))


class NameIndex:
    """Every article's title and also-known-as names by key, read once."""

    def __init__(self, queryset=None):
        self.titles = {}  # key -> [(pk, title)]
        self.aliases = {}  # key -> [(pk, title)]
        queryset = HealthArticlePage.objects.all() if queryset is None else queryset
        rows = queryset.order_by("pk").values_list("pk", "title", "also_known_as")
        for pk, title, aliases in rows.iterator(chunk_size=2000):
            self.add(pk, title, aliases)

    def add(self, pk, title, aliases=""):
        key = name_key(title)
        if key:
            self.titles.setdefault(key, []).append((pk, title))
        for name in (aliases or "").splitlines():
            alias = name_key(name)
            if alias and alias != key:
                self.aliases.setdefault(alias, []).append((pk, title))

    def clashes(self, title, exclude=None):
        """[(pk, title, how)] of other articles named like ``title``; ``how``
        is "title" or "also known as"."""
        key = name_key(title)
        found, seen = [], {exclude}
        for how, table in (("title", self.titles), ("also known as", self.aliases)):
            for pk, other in table.get(key, []):
                if pk not in seen:
                    seen.add(pk)
                    found.append((pk, other, how))
        return found


def likely_duplicates(queryset=None):
    """Groups of live articles sharing a name: [{"name", "pages"}], each
    group's pages in id order (the older first)."""
    if queryset is None:
        queryset = HealthArticlePage.objects.live()
    index = NameIndex(queryset)
    groups = {}
    for key, entries in index.titles.items():
        pks = {pk for pk, _ in entries} | {pk for pk, _ in index.aliases.get(key, [])}
        if len(pks) > 1:
            groups[frozenset(pks)] = entries[0][1]
    pages = HealthArticlePage.objects.in_bulk({pk for pks in groups for pk in pks})
    result = []
    for pks, name in sorted(groups.items(), key=lambda item: name_key(item[1])):
        result.append({"name": name, "pages": [pages[pk] for pk in sorted(pks)]})
    return result
