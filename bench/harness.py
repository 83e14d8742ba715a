"""Processes the benchmark drives: Django steps, gunicorn, the engine, the load
generator; and what it samples from them (memory, engine heap, machine)."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = (
    str(REPO / ".venv" / "bin" / "python")
    if (REPO / ".venv").exists()
    else sys.executable
)
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
ENGINE_RUN = REPO / "engine" / "run"


class HarnessError(RuntimeError):
    """The benchmark itself broke (not a slow or failing measurement)."""


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- environment


def base_env(db_path: Path, engine_url: str = "", prefix: str = "", stock: str = ""):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ELASTICSEARCH_", "SEARCH_", "BENCH_", "DJANGO_"))
        and key not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{db_path}",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": "bench-only-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "LOG_LEVEL": "ERROR",
            "SEARCH_LOG_LEVEL": "ERROR",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if engine_url:
        env["ELASTICSEARCH_URL"] = engine_url
        env["SEARCH_INDEX_PREFIX"] = prefix
    if stock:
        env["BENCH_STOCK_PREFIX"] = stock
    return env


def run_step(step, env, workdir: Path, *args, timeout=3600, quiet=False):
    """Run ``bench.worker STEP`` in a new process; returns its JSON result.

    A step that crashes returns ``{"error": ...}`` (recorded in the report);
    the caller decides whether that breaks the run.
    """
    out = workdir / f"step-{step}-{time.monotonic_ns()}.json"
    cmd = [PYTHON, "-m", "bench.worker", step, "--out", str(out), *map(str, args)]
    t0 = time.perf_counter()
    proc = subprocess.run(
        cmd,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    if out.exists():
        result = json.loads(out.read_text())
        out.unlink()
    else:
        result = {"error": f"step {step} exited {proc.returncode} without a result"}
    if proc.returncode != 0 or "error" in result:
        result.setdefault("error", f"exit {proc.returncode}")
        result["stderr"] = proc.stderr[-3000:]
        log(f"step {step} failed: {result['error']}")
        if not quiet:
            sys.stderr.write(proc.stderr[-3000:])
    result["_wall_s"] = wall
    return result


def copy_db(source: Path, target: Path):
    if target.exists():
        target.unlink()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()


def sqlite_exec(db: Path, sql: str):
    conn = sqlite3.connect(db)
    with conn:
        conn.executescript(sql)
    conn.close()


def migrations_fingerprint():
    digest = hashlib.sha1()
    for path in sorted(REPO.glob("*/migrations/*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for path in sorted((REPO / "health_articles" / "demo").glob("*.py")):
        digest.update(path.read_bytes())
    # Data the migrations seed from (search/0002_seed_synonyms reads
    # synonyms_data.py): a cached database must not keep an old starter set.
    for path in sorted(REPO.glob("*/*_data.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def base_database(setup=None):
    """A migrated database with the site tree, cached under bench/.work by the
    migrations' contents; ``setup(env)`` runs the ``setup`` step (default: a
    plain run_step)."""
    cache = REPO / "bench" / ".work" / f"base-{migrations_fingerprint()}.sqlite3"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        env = base_env(tmp)
        env["BENCH_SQLITE_FAST"] = "1"
        if setup is None:
            result = run_step("setup", env, cache.parent)
        else:
            result = setup(env)
        if "error" in result:
            raise HarnessError("could not migrate a fresh database: " + result["error"])
        tmp.rename(cache)
    return cache


# ---------------------------------------------------------------- engine


def http_json(url, timeout=5.0, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode() or "null")


def engine_info(url):
    try:
        return http_json(url.rstrip("/") + "/", timeout=3)
    except Exception:  # noqa: BLE001
        return None


class Engine:
    """The Elasticsearch the run uses: ELASTICSEARCH_URL, one on 9200, or one
    started here with engine/run (and stopped at the end) when allowed."""

    def __init__(self, allow_start: bool, port: int = 9200, private: bool = False):
        self.url = os.environ.get("ELASTICSEARCH_URL", "").split(",")[0].strip()
        self.started_here = False
        self.allow_start = allow_start
        self.port = port
        self.private = private and not self.url
        self.info = None
        self.note = ""

    def ensure(self):
        if self.url:
            self.info = engine_info(self.url)
            if not self.info:
                self.note = f"ELASTICSEARCH_URL={self.url} does not answer"
            return self.info is not None
        self.url = f"http://127.0.0.1:{self.port}"
        self.info = engine_info(self.url)
        if self.info:
            if self.private:
                self.note = f"reused the engine already running on port {self.port}"
            return True
        if not self.allow_start or not ENGINE_RUN.exists():
            self.note = f"no engine on 127.0.0.1:{self.port} and none started"
            return False
        log(f"starting Elasticsearch on port {self.port} with engine/run start")
        proc = subprocess.run(
            [str(ENGINE_RUN), "start", "--port", str(self.port)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=900,
            stdin=subprocess.DEVNULL,
        )
        if proc.returncode != 0:
            self.note = f"engine/run start failed: {proc.stderr[-500:]}"
            return False
        self.started_here = True
        for _ in range(240):
            self.info = engine_info(self.url)
            if self.info:
                return True
            time.sleep(0.5)
        self.note = "engine started but does not answer"
        return False

    def stop_if_started(self):
        if self.started_here:
            log("stopping the engine this run started")
            subprocess.run(
                [str(ENGINE_RUN), "stop", "--port", str(self.port)],
                cwd=REPO,
                capture_output=True,
                timeout=180,
                stdin=subprocess.DEVNULL,
            )

    def version(self):
        return (self.info or {}).get("version", {}).get("number", "")

    def jvm(self):
        try:
            stats = http_json(self.url + "/_nodes/stats/jvm", timeout=3)
        except Exception:  # noqa: BLE001
            return None
        used = peak = heap_max = 0
        for node in stats.get("nodes", {}).values():
            mem = node["jvm"]["mem"]
            used += mem["heap_used_in_bytes"]
            heap_max += mem["heap_max_in_bytes"]
            peak += (
                max(
                    pool.get("peak_used_in_bytes", 0)
                    for pool in mem.get("pools", {}).values()
                )
                if mem.get("pools")
                else 0
            )
        return {"heap_used": used, "heap_max": heap_max}

    def delete_indexes(self, prefix):
        """Delete this run's indexes (names start with ``prefix``)."""
        try:
            names = http_json(
                f"{self.url}/_cat/indices/{prefix}*?format=json", timeout=10
            )
        except Exception:  # noqa: BLE001
            return
        for item in names or []:
            name = item.get("index", "")
            if name.startswith(prefix):
                try:
                    http_json(f"{self.url}/{name}", method="DELETE", timeout=30)
                except Exception:  # noqa: BLE001
                    pass

    def index_stats(self, prefix):
        try:
            rows = http_json(
                f"{self.url}/_cat/indices/{prefix}*?format=json&bytes=b", timeout=10
            )
        except Exception:  # noqa: BLE001
            return []
        return [
            {
                "index": r["index"],
                "docs": int(r.get("docs.count") or 0),
                "bytes": int(r.get("store.size") or 0),
            }
            for r in rows or []
        ]


class HeapSampler(threading.Thread):
    def __init__(self, engine: Engine, interval=1.0):
        super().__init__(daemon=True)
        self.engine = engine
        self.interval = interval
        self.peak = 0
        self.heap_max = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            stats = self.engine.jvm()
            if stats:
                self.peak = max(self.peak, stats["heap_used"])
                self.heap_max = stats["heap_max"]
                self.samples += 1
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join(5)
        return {
            "heap_used_peak": self.peak,
            "heap_max": self.heap_max,
            "samples": self.samples,
        }


# ---------------------------------------------------------------- gunicorn


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid):
    kids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            kids.append(int(entry.name))
    return kids


def proc_memory(pid):
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                values[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return values


class Gunicorn:
    def __init__(self, env, workers=2, workdir: Path | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(env)
        self.env.update(
            {
                # config.settings.production plus the stock-path URLs.
                "DJANGO_SETTINGS_MODULE": "bench.serve_settings",
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_HSTS_SECONDS": "0",
                "DATABASE_CONN_MAX_AGE": "60",
            }
        )
        self.workers = workers
        self.proc = None
        self.log_path = (workdir or Path("/tmp")) / f"gunicorn-{self.port}.log"

    def start(self, timeout=90):
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                str(REPO / "config" / "gunicorn.conf.py"),
                "config.wsgi:application",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HarnessError(
                    f"gunicorn exited {self.proc.returncode}: "
                    + self.log_path.read_text()[-2000:]
                )
            try:
                with urllib.request.urlopen(
                    # an empty query: answered without searching
                    self.base + "/api/search/autocomplete/?q=",
                    timeout=5,
                ) as response:
                    if response.status == 200:
                        return self
            except Exception:  # noqa: BLE001
                pass
            time.sleep(0.3)
        self.stop()
        raise HarnessError(
            "gunicorn did not answer in time: " + self.log_path.read_text()[-2000:]
        )

    def worker_pids(self):
        return children_of(self.proc.pid) if self.proc else []

    def memory(self):
        workers = [proc_memory(pid) for pid in self.worker_pids()]
        return {
            "workers": len(workers),
            "peak_rss_max": max((w.get("VmHWM", 0) for w in workers), default=0),
            "peak_rss_sum": sum(w.get("VmHWM", 0) for w in workers),
            "rss_now_sum": sum(w.get("VmRSS", 0) for w in workers),
            "master_rss": proc_memory(self.proc.pid).get("VmRSS", 0)
            if self.proc
            else 0,
        }

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if self.proc:
            # Workers busy in a long request can outlive the master (and keep
            # the SQLite file locked): end the server's whole process group,
            # which this harness created (start_new_session=True).
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if getattr(self, "_log", None):
            self._log.close()

    def log_tail(self):
        try:
            return self.log_path.read_text()[-3000:]
        except OSError:
            return ""


def run_load(base, paths_file: Path, clients, duration, warmup, workdir: Path):
    out = workdir / f"load-{clients}-{time.monotonic_ns()}.json"
    cmd = [
        PYTHON,
        "-m",
        "bench.loadgen",
        "--base",
        base,
        "--paths",
        str(paths_file),
        "--clients",
        str(clients),
        "--duration",
        str(duration),
        "--warmup",
        str(warmup),
        "--out",
        str(out),
    ]
    proc = subprocess.run(
        cmd, cwd=REPO, capture_output=True, text=True, timeout=duration + warmup + 120
    )
    if proc.returncode != 0 or not out.exists():
        raise HarnessError(f"load generator failed: {proc.stderr[-2000:]}")
    result = json.loads(out.read_text())
    out.unlink()
    return result


# ---------------------------------------------------------------- machine


def machine(engine: Engine | None):
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    distro = ""
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                distro = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    def v(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    jvm = engine.jvm() if engine and engine.info else None
    return {
        "hostname": socket.gethostname(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_bytes": mem,
        "os": distro or platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": v("django"),
        "wagtail": v("wagtail"),
        "elasticsearch_py": v("elasticsearch"),
        "gunicorn": v("gunicorn"),
        "sqlite": sqlite3.sqlite_version,
        "engine": (
            f"Elasticsearch {engine.version()}"
            if engine and engine.info
            else "not available"
        ),
        "engine_heap_max": (jvm or {}).get("heap_max"),
        "loadavg_start": os.getloadavg(),
        "code": _git_state(),
        "disk_fsync_ms": _fsync_ms(),
    }


def _git_state():
    """The commit measured, and whether search/ or health_articles/ had
    uncommitted changes (other people may be editing while a run goes)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "status",
                "--porcelain",
                "--",
                "search",
                "health_articles",
                "config",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return head + (
        " + uncommitted changes in search/health_articles/config" if dirty else ""
    )


def _fsync_ms(samples=20):
    path = REPO / "bench" / ".work" / "fsync.probe"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        t0 = time.perf_counter()
        for _ in range(samples):
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
        return (time.perf_counter() - t0) / samples * 1000
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)


def remove_tree(path: Path):
    shutil.rmtree(path, ignore_errors=True)
