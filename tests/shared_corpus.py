"""Corpora imported once per test session and shared by the modules using them.

Importing the 1,017 MedlinePlus topics takes the importer a minute or two
(a revision, a publish and an outbox entry per article), and several modules
measure search on that corpus. ``shared_corpus(name, build)`` makes a
module-scoped fixture: the first module that asks runs ``build()`` for real
(the importer, through ``call_command``, committed to the test database) and
keeps an in-memory copy of the database it left; every later module gets
that copy restored instead. Each module's own start state is copied first
and put back when the module ends, so the tests of other modules never see
the corpus. Tests inside the module still run in their own rolled-back
transactions (pytest-django's ``db``), on top of the corpus.

Whole-database copies use SQLite's online backup API, so this needs the
SQLite test database (the modules using it are not in the PostgreSQL pass);
elsewhere the fixture fails.
"""

from __future__ import annotations

import sqlite3

import pytest

_BUILT: dict[str, tuple[sqlite3.Connection, object]] = {}


def _raw_sqlite():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.fail(
            "shared corpora copy the SQLite test database; run this module "
            "in the SQLite pass"
        )
    if connection.in_atomic_block:
        pytest.fail("a shared corpus is restored outside any test transaction")
    connection.ensure_connection()
    return connection.connection


def _copy(source: sqlite3.Connection) -> sqlite3.Connection:
    target = sqlite3.connect(":memory:", check_same_thread=False)
    source.backup(target)
    return target


def _restore(copy: sqlite3.Connection, live: sqlite3.Connection) -> None:
    copy.backup(live)


def shared_corpus(name: str, build):
    """A module-scoped fixture giving ``build()``'s result with its rows."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            live = _raw_sqlite()
            before = _copy(live)
            if name in _BUILT:
                _restore(_BUILT[name][0], live)
            else:
                try:
                    info = build()
                except BaseException:
                    _restore(before, _raw_sqlite())
                    raise
                _BUILT[name] = (_copy(_raw_sqlite()), info)
        _forget_cached_rows()
        try:
            yield _BUILT[name][1]
        finally:
            with django_db_blocker.unblock():
                _restore(before, _raw_sqlite())
            before.close()
            _forget_cached_rows()

    fixture.__doc__ = f"The {name} corpus, imported once per session."
    return fixture


def _forget_cached_rows():
    """Caches that hold row ids of the database just replaced."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()
