"""Pytest plugin: a real PostgreSQL server for the database suites.

``TEST_DATABASE=postgres python -m pytest -p tests.postgres_fixture ...`` runs the
Django tests on PostgreSQL instead of SQLite (``make test-postgres``).
Before Django is set up, this plugin starts Debian's PostgreSQL (``make test``
installs it with apt) from ``/usr/lib/postgresql/<version>/bin`` in a temporary
data directory, on 127.0.0.1 on a free port, and sets ``DATABASE_URL`` (the
documented production path); it stops the server and deletes the directory at
the end of the session. As root the server runs as the ``postgres`` system user
(``runuser``): PostgreSQL refuses to run as root. pytest-django creates and
migrates ``test_postgres`` in it.

``POSTGRES_TEST_URL=postgres://user:pw@host:port/db`` uses a server of your own
instead (its user needs CREATEDB).

When the server cannot be started the run stops with an error under
``CI=true``, and is skipped (exit 0, with the reason) otherwise.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

DATABASES = ("sqlite", "postgres")


def requested_database() -> str:
    name = (os.environ.get("TEST_DATABASE") or "sqlite").strip().lower()
    if name not in DATABASES:
        raise pytest.UsageError(
            f"TEST_DATABASE={name!r} is not one of {', '.join(DATABASES)}"
        )
    return name


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path | None:
    """The newest Debian PostgreSQL server binaries (initdb, pg_ctl)."""
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(bindir, "initdb"), os.X_OK):
            return Path(bindir)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """One throw-away PostgreSQL cluster: ``start()``, ``url``, ``stop()``."""

    user = "postgres"

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.port = 0
        self.root: Path | None = None
        self.run_as: list[str] = []

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 120) -> str:
        proc = subprocess.run(
            [*self.run_as, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if proc.returncode != 0:
            raise PostgresUnavailable(
                f"{' '.join(args)} exited {proc.returncode}: "
                f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
            )
        return proc.stdout

    def start(self) -> None:
        if self.bindir is None:
            raise PostgresUnavailable(
                "PostgreSQL server binaries not found (apt-get install postgresql)"
            )
        self.root = Path(tempfile.mkdtemp(prefix="health-articles-pg-"))
        if os.geteuid() == 0:
            import pwd

            try:
                account = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise PostgresUnavailable("no 'postgres' system user") from exc
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        # Durability settings off: a test cluster is thrown away anyway.
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.data_dir / "postmaster.pid").exists():
            try:
                self._run(
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                )
            except (PostgresUnavailable, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


def _start_for_session(config) -> None:
    """Start PostgreSQL and point DATABASE_URL at it, before Django is set up:
    the settings read DATABASE_URL, and app loading picks vendor-specific model
    fields (modelsearch's tsvector columns) and search weights, exactly as in a
    production process started with ``DATABASE_URL=postgres://...``."""
    external = os.environ.get("POSTGRES_TEST_URL", "").strip()
    if external:
        os.environ["DATABASE_URL"] = external
        return
    server = PostgresServer()
    try:
        server.start()
    except (PostgresUnavailable, OSError, subprocess.TimeoutExpired) as exc:
        server.stop()
        if _truthy(os.environ.get("CI")):
            raise pytest.UsageError(f"PostgreSQL unavailable: {exc}") from exc
        pytest.exit(f"PostgreSQL unavailable, PostgreSQL pass skipped: {exc}", 0)
    config.add_cleanup(server.stop)
    os.environ["DATABASE_URL"] = server.url
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # A wrapper runs before pytest-django's own hook, which imports the
    # settings and sets Django up; so this module must be loaded with
    # ``python -m pytest -p tests.postgres_fixture`` (a conftest is too late).
    if requested_database() == "postgres":
        _start_for_session(early_config)
    return (yield)


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the (test) database Django is connected to, for child
    processes started by a test (``manage.py`` workers)."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    auth = settings_dict["USER"]
    if settings_dict.get("PASSWORD"):
        auth += f":{settings_dict['PASSWORD']}"
    return (
        f"postgres://{auth}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
        f"{settings_dict['NAME']}"
    )


def check_database_choice() -> None:
    """Called from the root conftest: TEST_DATABASE=postgres without this
    plugin loaded early would quietly test SQLite."""
    if requested_database() == "postgres" and not os.environ.get(
        "DATABASE_URL", ""
    ).startswith("postgres"):
        raise pytest.UsageError(
            "TEST_DATABASE=postgres needs the PostgreSQL plugin loaded before "
            "Django: python -m pytest -p tests.postgres_fixture ... "
            "(or make test-postgres)"
        )
