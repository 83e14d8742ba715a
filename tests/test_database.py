"""The suite runs on the database TEST_DATABASE names (tests/postgres_fixture.py):
a run meant for PostgreSQL that quietly used SQLite would prove nothing."""

import pytest
from django.db import connection

from tests.postgres_fixture import requested_database


@pytest.mark.django_db
def test_tests_run_on_the_requested_database():
    expected = {"sqlite": "sqlite", "postgres": "postgresql"}[requested_database()]
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        if expected == "postgresql":
            cursor.execute("SHOW server_version")
            assert int(cursor.fetchone()[0].split(".")[0]) >= 13
            cursor.execute("SELECT current_database()")
            assert cursor.fetchone()[0].startswith("test_")
        else:
            cursor.execute("SELECT sqlite_version()")
            assert cursor.fetchone()[0]
