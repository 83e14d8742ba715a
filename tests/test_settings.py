"""Settings come from the environment with safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_manage(args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "ELASTICSEARCH_URL",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"ALLOWED_HOSTS": "example.org"},
        {"SECRET_KEY": "x" * 60},
    ],
)
def test_production_refuses_to_start_without_secrets(env):
    result = run_manage(
        ["check"], DJANGO_SETTINGS_MODULE="config.settings.production", **env
    )
    assert result.returncode != 0
    assert "must be set in production" in result.stderr


def test_production_passes_deploy_checks():
    result = run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        ALLOWED_HOSTS="health.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def settings_values(expression, **env):
    """Evaluate ``expression`` (with ``s`` = settings) under config.settings.base."""
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        f"print(*({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_defaults_are_sqlite_database_search_and_debug_off():
    values = settings_values(
        "s.DEBUG, s.DATABASES['default']['ENGINE'],"
        " s.WAGTAILSEARCH_BACKENDS['default']['BACKEND']",
        ELASTICSEARCH_URL="",
        DATABASE_URL="",
        DEBUG="",
    )
    assert values == [
        "False",
        "django.db.backends.sqlite3",
        "wagtail.search.backends.database",
    ]


def test_database_url_selects_postgresql():
    values = settings_values(
        "s.DATABASES['default'][k] for k in ('ENGINE', 'HOST', 'NAME')",
        DATABASE_URL="postgres://u:p@db.internal:5432/health",
    )
    assert values == ["django.db.backends.postgresql", "db.internal", "health"]


def test_elasticsearch_url_selects_the_engine_backend():
    values = settings_values(
        "s.WAGTAILSEARCH_BACKENDS[k]['BACKEND'] for k in ('default', 'fallback')",
        ELASTICSEARCH_URL="http://127.0.0.1:9200",
    )
    assert values == ["search.backends.engine", "wagtail.search.backends.database"]
