"""Several worker processes drain one outbox at once: each entry is delivered by
exactly one of them (no entry twice, none lost).  Needs a database other
processes can open: runs in the PostgreSQL pass (TEST_DATABASE=postgres); the
SQLite test database is in memory, private to the pytest process."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.db import connection

from search.models import IndexOutboxEntry
from tests.postgres_fixture import database_url, requested_database

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
ENTRIES = 240

WORKER = textwrap.dedent(
    """
    import os, sys, time
    import django

    django.setup()
    from search import outbox

    log_path, go_path = sys.argv[1], sys.argv[2]
    real_apply = outbox._apply

    def recording_apply(*args):
        real_apply(*args)
        entries = args[-1]
        with open(log_path, "a") as log:  # O_APPEND: one write per line
            for entry in entries:
                log.write(f"{os.getpid()} {entry.pk} {entry.version}\\n")

    outbox._apply = recording_apply
    outbox.BATCH_SIZE = 7  # many small claims, so the workers interleave
    deadline = time.monotonic() + 120
    while not os.path.exists(go_path) and time.monotonic() < deadline:
        time.sleep(0.01)
    print(outbox.deliver(due_only=False))
    """
)


@pytest.mark.skipif(
    requested_database() != "postgres",
    reason="worker processes cannot open the in-memory SQLite test database; "
    "this runs in the PostgreSQL pass",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_deliver_each_entry_exactly_once(settings, tmp_path):
    from health_articles.models import HealthArticlePage
    from search import outbox

    settings.SEARCH_OUTBOX_DELIVER_ON_COMMIT = False
    for pk in range(900000, 900000 + ENTRIES):
        outbox.record_key(HealthArticlePage, pk, backends=["default"])
    wanted = set(IndexOutboxEntry.objects.values_list("pk", flat=True))
    assert len(wanted) == ENTRIES

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ELASTICSEARCH_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url(connection.settings_dict),
        DATABASE_CONN_MAX_AGE="0",
    )
    log, go = tmp_path / "delivered.log", tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(log), str(go)],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    time.sleep(0.5)
    go.touch()
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err[-3000:]

    lines = [line.split() for line in log.read_text().splitlines()]
    delivered = [int(pk) for _pid, pk, _version in lines]
    assert len(delivered) == len(set(delivered)), "an entry was delivered twice"
    assert set(delivered) == wanted, "an entry was lost"
    assert not IndexOutboxEntry.objects.exists()
    counts = [int(out.strip().splitlines()[-1]) for out, _err in outputs]
    assert sum(counts) == ENTRIES
    # The race was real: more than one worker delivered something.
    assert len({pid for pid, _pk, _version in lines}) > 1
