"""A production-shaped run without Docker, as a script and as a test.

    .venv/bin/python -m tests.prod.smoke      (or: make prod-smoke)

Starts, as separate processes: Debian's PostgreSQL (tests/postgres_fixture.py:
a throw-away cluster on 127.0.0.1 on a free port, in a temporary directory),
the engine (``engine/run start``, Elasticsearch 7.10.2 on ``SMOKE_ES_PORT``,
default 9260), gunicorn with ``config/gunicorn.conf.py`` and
``config.settings.production``, and the outbox worker
(``manage.py search_outbox --worker``). Then:

1. migrate, create the site tree, build the index (``update_index``);
2. publish an article (a separate ``manage.py shell`` process, as an editor's
   save in another web process would) and find it through gunicorn's
   ``/api/search/`` answered by the engine;
3. kill the engine (SIGKILL), publish a second article: the publish must
   succeed, search answers from the database (``degraded``) and the change
   waits in the outbox;
4. restart the engine: the worker delivers the backlog and the engine finds
   both articles; the outbox is empty (no lost change).

Everything it started is stopped at the end (an engine already running on
the port is left running, never killed). Exit status 0 when every step held.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.postgres_fixture import PostgresServer, free_port

REPO = Path(__file__).resolve().parents[2]
PY = sys.executable
ENGINE_RUN = REPO / "engine" / "run"


class SmokeFailure(AssertionError):
    pass


_T0 = time.monotonic()


def log(message):
    print(f"prod-smoke [{time.monotonic() - _T0:5.0f} s] {message}", flush=True)


class Smoke:
    def __init__(self, es_port=None):
        self.es_port = int(es_port or os.environ.get("SMOKE_ES_PORT") or 9260)
        self.es_url = f"http://127.0.0.1:{self.es_port}"
        self.web_port = free_port()
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="health-prod-smoke-"))
        self.postgres = PostgresServer()
        self.processes = {}
        self.engine_started = False
        self.env = {}

    # ---------------------------------------------------------- processes
    def _env(self):
        env = dict(os.environ)
        for name in ("TEST_DATABASE", "TEST_ENGINE_PRODUCT"):
            env.pop(name, None)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=secrets.token_urlsafe(40),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback
            DATABASE_URL=self.postgres.url,
            ELASTICSEARCH_URL=self.es_url,
            SEARCH_INDEX_PREFIX=f"smoke_{secrets.token_hex(4)}_",
            STATIC_ROOT=str(self.tmp / "static"),
            MEDIA_ROOT=str(self.tmp / "media"),
            GUNICORN_BIND=f"127.0.0.1:{self.web_port}",
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="2",
            SEARCH_ANALYTICS_FLUSH_SECONDS="0",
            # Index creation on a busy 2-core machine can outlast the 5 s default.
            SEARCH_ENGINE_TIMEOUT=os.environ.get("SEARCH_ENGINE_TIMEOUT", "30"),
            LOG_LEVEL="WARNING",
        )
        return env

    def manage(self, *args, timeout=300, check=True):
        proc = subprocess.run(
            [PY, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if check and proc.returncode != 0:
            raise SmokeFailure(
                f"manage.py {' '.join(args)} exited {proc.returncode}:\n"
                f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
            )
        return proc

    def spawn(self, name, *cmd):
        logfile = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 - kept open
        self.processes[name] = subprocess.Popen(
            list(cmd),
            cwd=REPO,
            env=self.env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def tail(self, name, size=3000):
        try:
            return (self.tmp / f"{name}.log").read_text()[-size:]
        except OSError:
            return ""

    def engine(self, *args, check=True):
        # A JVM start on a busy 2-core machine can outlast engine/run's 120 s.
        env = {"ENGINE_START_TIMEOUT": "480", **os.environ}
        proc = subprocess.run(
            [str(ENGINE_RUN), *args, "--port", str(self.es_port)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            stdin=subprocess.DEVNULL,
        )
        if check and proc.returncode != 0:
            raise SmokeFailure(f"engine/run {' '.join(args)}: {proc.stderr[-2000:]}")
        return proc

    # ------------------------------------------------------------ HTTP
    def api(self, path):
        request = urllib.request.Request(
            self.web_url + path, headers={"Host": "127.0.0.1"}
        )
        with urllib.request.urlopen(request, timeout=20) as answer:
            if answer.status != 200:
                raise SmokeFailure(f"{path}: HTTP {answer.status}")
            return json.loads(answer.read())

    def wait_for(self, what, check, timeout=90, interval=1.0):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            for name, proc in self.processes.items():
                if proc.poll() is not None:
                    raise SmokeFailure(f"{name} exited:\n{self.tail(name)}")
            try:
                last = check()
                if last:
                    return last
            except (OSError, urllib.error.URLError, ValueError) as exc:
                last = exc
            time.sleep(interval)
        raise SmokeFailure(f"timed out waiting for {what} (last: {last!r})")

    def found_by_engine(self, word):
        answer = self.api(f"/api/search/?q={word}")
        titles = [r["title"] for r in answer["results"]]
        if answer.get("degraded") or answer["backend"] != "elasticsearch":
            return None
        return titles if any(word.lower() in t.lower() for t in titles) else None

    def publish(self, title, summary):
        code = (
            "from health_articles.models import HealthArticleIndexPage, "
            "HealthArticlePage\n"
            "index = HealthArticleIndexPage.objects.get()\n"
            f"page = HealthArticlePage(title={title!r}, summary={summary!r})\n"
            "index.add_child(instance=page)\n"
            "page.save_revision().publish()\n"
            "print(page.pk)\n"
        )
        proc = self.manage("shell", "-c", code, timeout=180)
        return int(proc.stdout.strip().splitlines()[-1])

    def backlog(self):
        code = "from search import outbox; print(outbox.status()['pending'])"
        return int(self.manage("shell", "-c", code).stdout.strip().splitlines()[-1])

    # ------------------------------------------------------------ run
    def run(self):
        started = time.monotonic()
        log(f"PostgreSQL in {self.tmp} ...")
        self.postgres.start()
        self.env = self._env()
        already = self.engine("status", check=False).returncode == 0
        log(f"engine on {self.es_url} ({'already running' if already else 'start'})")
        self.engine("start")
        self.engine_started = not already
        log("migrate, site tree, collectstatic, update_index")
        self.manage("check", "--deploy", "--fail-level", "ERROR")
        self.manage("migrate", "--noinput")
        self.manage("setup_site", "--hostname", "127.0.0.1", "--port", "80")
        self.manage("collectstatic", "--noinput")
        self.manage("update_index")
        log(f"gunicorn on {self.web_url} and the outbox worker")
        gunicorn = Path(PY).with_name("gunicorn")
        self.spawn(
            "gunicorn",
            str(gunicorn),
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi:application",
        )
        self.spawn(
            "worker", PY, "manage.py", "search_outbox", "--worker", "--interval", "1"
        )
        self.wait_for("gunicorn", lambda: self.api("/api/search/?q=") is not None)

        log("1. publish; the engine finds it")
        self.publish("Zorblax fever", "A made-up fever for the smoke test.")
        self.wait_for("the first article", lambda: self.found_by_engine("zorblax"))

        log("2. kill the engine; publish again")
        self.engine("stop-node", "1", "--kill")
        second = self.publish("Quintarra rash", "A made-up rash for the smoke test.")
        answer = self.wait_for(
            "a degraded answer", lambda: self.api("/api/search/?q=quintarra")
        )
        titles = [r["title"] for r in answer["results"]]
        if "Quintarra rash" not in titles:
            raise SmokeFailure(f"the database fallback misses the article: {answer}")
        pending = self.backlog()
        if pending < 1:
            raise SmokeFailure(
                "the change made while the engine was down is not queued"
            )
        log(f"   published page {second} while down; outbox backlog {pending}")

        log("3. restart the engine; the worker converges")
        self.engine("start")
        self.wait_for(
            "the second article on the engine",
            lambda: self.found_by_engine("quintarra"),
            timeout=120,
        )
        if not self.found_by_engine("zorblax"):
            raise SmokeFailure("the first article is gone from the engine")
        self.wait_for("an empty outbox", lambda: self.backlog() == 0, timeout=60)
        log(f"passed: every step held ({time.monotonic() - started:.0f} s)")

    def stop(self):
        for proc in self.processes.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        if self.engine_started:
            self.engine("stop", check=False)
        elif self.env:
            self.delete_indexes()  # an engine of yours: leave only our indexes gone
        self.postgres.stop()

    def delete_indexes(self):
        prefix = self.env["SEARCH_INDEX_PREFIX"]
        try:
            with urllib.request.urlopen(
                f"{self.es_url}/_alias/{prefix}*", timeout=30
            ) as answer:
                names = list(json.loads(answer.read()))
            for name in names:
                request = urllib.request.Request(
                    f"{self.es_url}/{name}", method="DELETE"
                )
                urllib.request.urlopen(request, timeout=30).close()
        except (OSError, ValueError) as exc:
            log(f"could not delete the {prefix}* indexes: {exc}")


def main():
    smoke = Smoke()
    try:
        smoke.run()
    except SmokeFailure as exc:
        log(f"FAILED: {exc}")
        for name in smoke.processes:
            log(f"--- {name} log ---\n{smoke.tail(name)}")
        log(f"logs kept in {smoke.tmp}")
        return 1
    finally:
        smoke.stop()
    shutil.rmtree(smoke.tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
