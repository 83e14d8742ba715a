"""Web processes run numpy's BLAS on one thread (config/settings/base.py):
the variable must be set before numpy loads, so nothing the site loads at
start-up may import numpy first."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import os, sys, django
django.setup()
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
import config.urls  # noqa: F401
print('numpy' in sys.modules, os.environ.get('OPENBLAS_NUM_THREADS'))
"""


def _run(extra_env):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="test-only",
        ALLOWED_HOSTS="localhost",
        DATABASE_URL="sqlite:///:memory:",
        **extra_env,
    )
    out = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return out.stdout.split()


def test_one_blas_thread_set_before_numpy_loads():
    assert _run({}) == ["False", "1"]


def test_an_operator_can_choose_more_blas_threads():
    assert _run({"OPENBLAS_NUM_THREADS": "4"}) == ["False", "4"]
