"""The benchmark: ``python -m bench.run --full`` or ``--quick``.

--full   MedlinePlus import and relevance, then 20,000 articles (latency,
         indexing, memory, publish delay) and 100,000 (rebuild throughput);
         writes bench/results/<date>-<machine>.{md,json,png}.
--quick  The same steps, small: a MedlinePlus subset plus a few hundred
         generated articles, 1 and 8 clients, short runs; writes to
         bench/.work/quick/ and prints the tables. CI runs it so the harness
         never rots: it exits non-zero only when the harness (or a step it
         drives) breaks, never for slow numbers.

Both measure the real Elasticsearch (ELASTICSEARCH_URL, else one on
127.0.0.1:9200; --quick starts one with engine/run when none answers) and the
database backend in the same run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import socket
import sys
import time
from pathlib import Path

from . import harness, report
from .corpus import MEDLINEPLUS_XML, write_subset
from .harness import REPO, Engine, Gunicorn, HarnessError, HeapSampler, log

ENDPOINTS = ("autocomplete", "search", "related")

QUICK = {
    "mode": "quick",
    "mlp_topics": 25,
    "corpora": [("quick", 400)],
    "clients": [1, 8],
    "duration": 2.5,
    "warmup": 0.5,
    "relevance_limit": 45,
    "publish_n": 3,
    "plan_size": 150,
    "profile_limit": 4,
    "took_limit": 15,
    "step_seconds": 10,
    "database_rebuild": ["quick"],
    # The side-by-side baselines (engine direct, stock path, variants) at one
    # concurrency only: the quick run proves the harness, not the figures.
    "side_clients": [8],
}
FULL = {
    "mode": "full",
    "mlp_topics": 0,  # all 1,017
    "corpora": [("20k", 20000), ("100k", 100000)],
    "clients": [1, 8, 32],
    "duration": 15.0,
    "warmup": 3.0,
    "relevance_limit": 0,  # every query
    "relevance_limit_database": 900,
    "publish_n": 10,
    "plan_size": 600,
    "profile_limit": 60,
    "took_limit": 300,
    "step_seconds": 60,
    "database_rebuild": ["20k"],  # 100k: our engine rebuild only
    "stock_rebuild": ["20k"],
}


def cfg_db_limit(config):
    """The database backend's relevance runs on a spread sample in full mode
    (each search there costs ~0.3 s); every query in quick mode."""
    return config.get("relevance_limit_database") or config["relevance_limit"]


class Run:
    def __init__(self, config, args):
        self.config = config
        self.args = args
        self.mode = config["mode"]
        self.work = REPO / "bench" / ".work" / self.mode
        self.work.mkdir(parents=True, exist_ok=True)
        if args.engine_port:
            # A private engine: other people's outage tests cannot restart it
            # in the middle of a measurement.
            self.engine = Engine(allow_start=True, port=args.engine_port, private=True)
        else:
            self.engine = Engine(allow_start=(self.mode == "quick"))
        self.results = {
            "mode": self.mode,
            "started": datetime.datetime.now().isoformat(timespec="seconds"),
            "config": {k: v for k, v in config.items()},
            "errors": [],
            "import": {},
            "indexing": [],
            "publish": {},
            "latency": {},
            "memory": {},
            "took": {},
            "profile": {},
            "relevance": {},
            "judged": {},
            "timings": {},
        }
        self.have_engine = False

    # ------------------------------------------------------------ helpers

    def env(self, db, prefix=None, stock=None):
        if prefix and self.have_engine:
            return harness.base_env(db, self.engine.url, prefix, stock or "")
        return harness.base_env(db)

    def backend_env(self, db, label, backend):
        """The environment of a step on ``backend`` ("elasticsearch": the
        corpus's engine indexes; "database": no engine at all)."""
        return self.env(db, self.prefix(label) if backend == "elasticsearch" else None)

    def step(self, name, env, *args, label=None, timeout=3600):
        result = harness.run_step(name, env, self.work, *args, timeout=timeout)
        if "error" in result:
            self.results["errors"].append(
                {
                    "step": label or name,
                    "error": result["error"],
                    "detail": result.get("traceback")
                    or result.get("stderr", "")[-1500:],
                }
            )
        return result

    def prefix(self, label, stock=False):
        return f"bench_stock_{label}_" if stock else f"bench_{label}_"

    def phase(self, name):
        log(name)
        self.results["timings"][name] = time.time()
        # Partial results survive a crash or an interrupted full run.
        (self.work / "partial.json").write_text(json.dumps(self.results, default=str))

    # ------------------------------------------------------------ phases

    def run(self):
        t_start = time.time()
        self.have_engine = self.engine.ensure()
        if not self.have_engine:
            log(f"engine unavailable ({self.engine.note}): database backend only")
        self.results["engine_note"] = self.engine.note
        self.results["machine"] = harness.machine(self.engine)
        try:
            self._phases()
        except Exception as exc:  # noqa: BLE001 - keep the partial results
            import traceback

            self.results["errors"].append(
                {
                    "step": "harness",
                    "error": f"{type(exc).__name__}: {exc}",
                    "detail": traceback.format_exc(),
                }
            )
            self.results["harness_broke"] = True
        finally:
            if self.have_engine and not self.args.keep_indexes:
                for label in ["mlp"] + [c[0] for c in self.config["corpora"]]:
                    self.engine.delete_indexes(self.prefix(label))
                    self.engine.delete_indexes(self.prefix(label, stock=True))
            self.engine.stop_if_started()
        self.results["total_s"] = time.time() - t_start
        self.results["machine"]["loadavg_end"] = os.getloadavg()
        (self.work / "partial.json").write_text(json.dumps(self.results, default=str))
        return self.results

    def resuming(self, *keys):
        """With --resume: True when the earlier run already has these results."""
        if not self.args.resume:
            return False
        value = self.results
        for key in keys:
            value = (value or {}).get(key)
        return bool(value) and "error" not in value

    def redo(self, name):
        return name in (self.args.redo or [])

    def _phases(self):
        base = self.base_db()
        xml = self.corpus_xml()
        mlp_db = self.work / "mlp-db.sqlite3"
        mlp_es = self.work / "mlp-es.sqlite3" if self.have_engine else None
        if self.redo("import") or not (
            self.resuming("import", "database")
            and (not self.have_engine or self.resuming("import", "elasticsearch"))
        ):
            mlp_db, mlp_es = self.imports(base, xml)
        if self.redo("relevance") or not self.resuming("relevance", "database"):
            self.results["relevance"] = {}
            self.results["indexing"] = [
                r for r in self.results["indexing"] if r.get("corpus") != "medlineplus"
            ]
            self.relevance(mlp_db, mlp_es, xml)
        if self.redo("relevance") or not self.resuming("judged", "systems"):
            self.judged_relevance()
        if self.have_engine and (
            self.redo("profiles") or not self.resuming("rebuild_profiles", "ours")
        ):
            self.rebuild_profiles(mlp_es)
        previous = mlp_es if self.have_engine else mlp_db
        for number, (label, total) in enumerate(self.config["corpora"]):
            if label in self.args.skip:
                continue
            db = self.work / f"{label}.sqlite3"
            if not (self.resuming("generate", label) and db.exists()):
                db = self.corpus_db(label, total, previous)
            previous = db
            indexed = any(
                r.get("corpus") == label
                and r.get("engine") == "elasticsearch"
                and "error" not in r
                for r in self.results["indexing"]
            )
            if self.redo("indexing") or not (self.args.resume and indexed):
                self.indexing(label, db)
            if number != 0:
                continue
            if self.redo("serving") or not (
                self.args.resume and self.results.get("latency")
            ):
                self.serving(label, db)
            elif self.redo("took") and self.have_engine:
                self.took_only(label, db)

    def took_only(self, label, db):
        """Measure the engine floor again on an index built just for it."""
        env = self.env(db, self.prefix(label))
        self.phase(f"corpus {label}: index for the engine-took step (not measured)")
        self.engine.delete_indexes(self.prefix(label))
        self.step("rebuild", env, "--path", "ours", "--backend", "default")
        plan = self.work / "plan.json"
        self.phase(f"corpus {label}: engine took")
        self.results["took"] = self.step(
            "engine-took",
            env,
            "--plan",
            plan,
            "--limit",
            self.config["took_limit"],
            "--seconds",
            self.config["step_seconds"],
        )

    def base_db(self):
        """A migrated database with the site tree (cached by migration contents)."""
        self.phase("migrate")

        def setup(env):
            result = self.step("setup", env, label="migrate + setup_site")
            self.results["timings"]["migrate_s"] = result.get("migrate_s")
            return result

        return harness.base_database(setup)

    def corpus_xml(self):
        if not MEDLINEPLUS_XML.exists():
            raise HarnessError(f"{MEDLINEPLUS_XML} not found")
        count = self.config["mlp_topics"]
        if not count:
            return MEDLINEPLUS_XML
        return write_subset(self.work / "medlineplus-subset.xml", count)

    def imports(self, base, xml):
        """Import 1: the MedlinePlus importer, on each backend, from scratch."""
        self.phase("import (database backend)")
        mlp_db = self.work / "mlp-db.sqlite3"
        harness.copy_db(base, mlp_db)
        self.results["import"]["database"] = self.step(
            "import", self.env(mlp_db), "--path", xml, label="import (database)"
        )
        mlp_es = None
        if self.have_engine:
            self.phase("import (elasticsearch)")
            mlp_es = self.work / "mlp-es.sqlite3"
            harness.copy_db(base, mlp_es)
            self.engine.delete_indexes(self.prefix("mlp"))
            self.results["import"]["elasticsearch"] = self.step(
                "import",
                self.env(mlp_es, self.prefix("mlp")),
                "--path",
                xml,
                label="import (elasticsearch)",
            )
        return mlp_db, mlp_es

    def relevance(self, mlp_db, mlp_es, xml):
        """Relevance 5: MRR@10 / success@k on the MedlinePlus corpus."""
        limit = ["--limit", self.config["relevance_limit"]]
        if self.have_engine:
            self.phase("relevance (elasticsearch): indexes")
            env = self.env(mlp_es, self.prefix("mlp"), self.prefix("mlp", stock=True))
            # Our index was filled by the importer's outbox; rebuild both so
            # ours and the stock one hold exactly the same data.
            ours = self.step("rebuild", env, "--path", "ours", "--backend", "default")
            stock = self.step("rebuild", env, "--path", "stock", "--backend", "stock")
            ours["corpus"] = stock["corpus"] = "medlineplus"
            self.results["indexing"].extend(
                [
                    dict(ours, engine="elasticsearch"),
                    dict(stock, engine="elasticsearch"),
                ]
            )
        # Relevance is not timed, so the query sets run side by side (split by
        # system and query kind) and are merged afterwards.
        import threading

        jobs = [
            (
                "database",
                self.env(mlp_db),
                ["--limit", cfg_db_limit(self.config)]
                + ([] if self.have_engine else ["--like"]),
            )
        ]
        if self.have_engine:
            env = self.env(mlp_es, self.prefix("mlp"), self.prefix("mlp", stock=True))
            jobs += [
                (
                    "elasticsearch",
                    env,
                    ["--systems", "ours", "--kinds", "misspelt", *limit],
                ),
                (
                    "elasticsearch",
                    env,
                    ["--systems", "ours", "--kinds", "also_called,prefix", *limit],
                ),
                ("elasticsearch", env, ["--systems", "stock,like", "--like", *limit]),
            ]
        outputs = [None] * len(jobs)

        def work(number, env, extra):
            outputs[number] = self.step(
                "relevance",
                env,
                "--xml",
                xml,
                *extra,
                label=f"relevance ({jobs[number][0]})",
            )

        self.phase("relevance: queries")
        threads = [
            threading.Thread(target=work, args=(n, env, extra))
            for n, (_, env, extra) in enumerate(jobs)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for (key, _, _), output in zip(jobs, outputs, strict=True):
            merged = self.results["relevance"].setdefault(
                key, {"systems": {}, "missed_examples": {}, "queries": {}}
            )
            if "error" in output:
                merged["error"] = output["error"]
                continue
            merged["topics"] = output.get("topics")
            for kind, n in (output.get("queries") or {}).items():
                merged["queries"][kind] = max(merged["queries"].get(kind, 0), n)
            for system, kinds in output.get("systems", {}).items():
                merged["systems"].setdefault(system, {}).update(kinds)
            for system, misses in output.get("missed_examples", {}).items():
                merged["missed_examples"].setdefault(system, []).extend(misses)

    def judged_relevance(self):
        """Relevance 5b: the judged set (bench/relevance) on its own corpus,
        every MedlinePlus topic plus the demo articles, whatever the mode."""
        from . import relevance

        self.phase("relevance: judged set")
        try:
            judged = relevance.measure(
                split=self.args.relevance_split,
                engine_url=self.engine.url if self.have_engine else "",
                # Quick mode: the baselines the targets need (BM25, stock,
                # BM25 + embeddings), not the MeSH variant.
                systems=relevance.QUICK_SYSTEMS
                if self.config["mode"] == "quick"
                else relevance.ENGINE_SYSTEMS,
            )
        except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
            judged = {"error": f"{type(exc).__name__}: {exc}"}
            self.results["errors"].append(
                {"step": "relevance (judged set)", "error": judged["error"]}
            )
        judged.pop("rankings", None)
        judged.pop("titles", None)
        for error in judged.get("errors") or []:
            self.results["errors"].append(
                {"step": "relevance (judged set)", "error": error[:1500]}
            )
        self.results["judged"] = judged
        if judged.get("systems"):
            print(relevance.table(judged), flush=True)
            print(relevance.related_text(judged), flush=True)
            print(relevance.examples_text(judged), flush=True)
            print(relevance.targets_text(judged), flush=True)

    def rebuild_profiles(self, mlp_es):
        """cProfile of one rebuild each (ours, stock) on the MedlinePlus corpus:
        separate runs, since cProfile slows Python down and the measured
        rebuilds run without it."""
        self.phase("rebuild profiles (medlineplus)")
        env = self.env(mlp_es, self.prefix("mlp"), self.prefix("mlp", stock=True))
        for path, backend in (("ours", "default"), ("stock", "stock")):
            profiled = self.step(
                "rebuild", env, "--path", path, "--backend", backend, "--profile"
            )
            self.results.setdefault("rebuild_profiles", {})[path] = dict(
                profiled, corpus="medlineplus"
            )

    def corpus_db(self, label, total, previous):
        self.phase(f"corpus {label}: generate and load")
        db = self.work / f"{label}.sqlite3"
        harness.copy_db(previous, db)
        # The copy's outbox (if any) is moot: every index is rebuilt below.
        harness.sqlite_exec(db, "DELETE FROM search_indexoutboxentry;")
        import sqlite3

        conn = sqlite3.connect(db)
        have = conn.execute(
            "SELECT COUNT(*) FROM health_articles_healtharticlepage"
        ).fetchone()[0]
        generated = conn.execute(
            "SELECT COUNT(*) FROM health_articles_healtharticlepage "
            "WHERE source_id LIKE 'bench:%'"
        ).fetchone()[0]
        conn.close()
        need = max(0, total - have)
        result = self.step(
            "load-generated",
            self.env(db),
            "--count",
            need,
            "--start",
            generated,
            label=f"load generated ({label})",
            timeout=7200,
        )
        result["corpus"] = label
        result["medlineplus_articles"] = have - generated
        self.results.setdefault("generate", {})[label] = result
        return db

    def indexing(self, label, db):
        """Indexing 2: full rebuilds (database, ours, stock)."""
        done_database = any(
            r.get("corpus") == label
            and r.get("engine") == "database"
            and "error" not in r
            for r in self.results["indexing"]
        )
        # Engine rows are always measured (again): indexes do not outlive a run.
        self.results["indexing"] = [
            r
            for r in self.results["indexing"]
            if not (r.get("corpus") == label and r.get("engine") == "elasticsearch")
        ]
        wanted = label in self.config["database_rebuild"] or not self.have_engine
        if wanted and not (self.args.resume and done_database):
            self.phase(f"corpus {label}: rebuild (database backend)")
            result = self.step(
                "rebuild",
                self.env(db),
                "--path",
                "ours",
                "--backend",
                "default",
                label=f"rebuild database ({label})",
                timeout=7200,
            )
            self.results["indexing"] = [
                r
                for r in self.results["indexing"]
                if not (r.get("corpus") == label and r.get("engine") == "database")
            ]
            self.results["indexing"].append(
                dict(result, corpus=label, engine="database")
            )
        if not self.have_engine:
            return
        env = self.env(db, self.prefix(label), self.prefix(label, stock=True))
        for path, backend in (("ours", "default"), ("stock", "stock")):
            skip_stock = label in self.args.skip_stock or label not in self.config.get(
                "stock_rebuild", [label]
            )
            if skip_stock and path == "stock":
                continue
            self.phase(f"corpus {label}: rebuild ({path} elasticsearch)")
            self.engine.delete_indexes(self.prefix(label, stock=(path == "stock")))
            result = self.step(
                "rebuild",
                env,
                "--path",
                path,
                "--backend",
                backend,
                label=f"rebuild {path} ({label})",
                timeout=7200,
            )
            result["index_stats"] = self.engine.index_stats(
                self.prefix(label, stock=(path == "stock"))
            )
            self.results["indexing"].append(
                dict(result, corpus=label, engine="elasticsearch")
            )

    def serving(self, label, db):
        """Latency 3, memory 4, publish delay (2), profiles: on one corpus."""
        cfg = self.config
        plan = self.step("plan", self.env(db), "--size", cfg["plan_size"])
        if "error" in plan:
            raise HarnessError("could not build the query plan: " + plan["error"])
        plan.pop("_wall_s", None)
        plan_path = self.work / "plan.json"
        plan_path.write_text(json.dumps(plan))
        paths = {}
        for endpoint in ENDPOINTS:
            from .worker import _url

            paths[endpoint] = self.work / f"paths-{endpoint}.json"
            paths[endpoint].write_text(
                json.dumps([_url(endpoint, i) for i in plan[endpoint]])
            )
        self.results["latency"]["corpus"] = label
        backends = (["elasticsearch"] if self.have_engine else []) + ["database"]
        for backend in backends:
            env = self.backend_env(db, label, backend)
            self.phase(f"corpus {label}: latency ({backend})")
            sampler = HeapSampler(self.engine) if backend == "elasticsearch" else None
            if sampler:
                sampler.start()
            rows, memories, logs = [], [], []
            try:
                # A fresh server per endpoint: requests a slow endpoint left
                # running (clients give up after 30 s, workers do not) must
                # not queue in front of the next endpoint's.
                for endpoint in ENDPOINTS:
                    server = Gunicorn(env, workers=2, workdir=self.work)
                    server.start()
                    try:
                        for clients in cfg["clients"]:
                            log(f"  {backend} {endpoint} x{clients}")
                            result = harness.run_load(
                                server.base,
                                paths[endpoint],
                                clients,
                                cfg["duration"],
                                cfg["warmup"],
                                self.work,
                            )
                            result["endpoint"] = endpoint
                            result["loadavg"] = os.getloadavg()
                            rows.append(result)
                        memories.append(server.memory())
                    finally:
                        server.stop()
                        if any(r["errors"] for r in rows if r["endpoint"] == endpoint):
                            logs.append(server.log_tail())
            finally:
                heap = sampler.stop() if sampler else None
            if logs:
                self.results.setdefault("server_logs", {})[backend] = logs
            self.results["latency"][backend] = rows
            memory = {
                "workers": max((m["workers"] for m in memories), default=0),
                "peak_rss_max": max((m["peak_rss_max"] for m in memories), default=0),
                "peak_rss_sum": max((m["peak_rss_sum"] for m in memories), default=0),
                "per_endpoint": dict(zip(ENDPOINTS, memories, strict=False)),
            }
            self.results["memory"][backend] = {
                "web_workers": memory,
                "engine_heap": heap,
            }
        if self.have_engine:
            self.side_by_side(label, db, plan, plan_path)
            env = self.env(db, self.prefix(label))
            self.phase(f"corpus {label}: engine took")
            self.results["took"] = self.step(
                "engine-took",
                env,
                "--plan",
                plan_path,
                "--limit",
                cfg["took_limit"],
                "--seconds",
                cfg["step_seconds"],
            )
            self.phase(f"corpus {label}: profile")
            self.results["profile"] = self.step(
                "profile",
                env,
                "--plan",
                plan_path,
                "--limit",
                cfg["profile_limit"],
                "--seconds",
                cfg["step_seconds"] / 2,
            )
        # The database backend too: where its time goes is less obvious.
        self.phase(f"corpus {label}: profile (database)")
        self.results["profile_database"] = self.step(
            "profile",
            self.env(db),
            "--plan",
            plan_path,
            "--limit",
            cfg["profile_limit"],
            "--seconds",
            cfg["step_seconds"] / 2,
            label="profile (database)",
        )
        for backend in backends:
            env = self.backend_env(db, label, backend)
            self.phase(f"corpus {label}: publish-to-searchable ({backend})")
            self.results["publish"][backend] = self.step(
                "publish-delay",
                env,
                "--n",
                cfg["publish_n"],
                label=f"publish delay ({backend})",
            )
        # What-if: the database backend again with IMMEDIATE transactions on
        # SQLite (Django's OPTIONS["transaction_mode"]), which removes the
        # lock-upgrade deadlock between a publish and the outbox's delivery thread.
        env = self.env(db)
        env["BENCH_SQLITE_IMMEDIATE"] = "1"
        self.phase(f"corpus {label}: publish-to-searchable (database, IMMEDIATE)")
        self.results["publish"][
            "database (experiment: SQLite IMMEDIATE transactions)"
        ] = self.step(
            "publish-delay",
            env,
            "--n",
            cfg["publish_n"],
            label="publish delay (IMMEDIATE experiment)",
        )

    def side_by_side(self, label, db, plan, plan_path):
        """Baselines in the same run, same corpus and load generator: the
        engine's own limit (our query bodies POSTed straight to it), Wagtail's
        stock path (bench/stock.py, same gunicorn), and ours without the
        semantic half or without the autocomplete answer cache."""
        from .worker import quote_path

        cfg = self.config
        env = self.backend_env(db, label, "elasticsearch")
        self.phase(f"corpus {label}: engine's own limit")
        bodies = self.step(
            "engine-bodies",
            env,
            "--plan",
            plan_path,
            "--limit",
            cfg["plan_size"],
            label="engine bodies",
        )
        rows = []
        for endpoint in ("autocomplete", "search"):
            file = (bodies.get(endpoint) or {}).get("file")
            if not file:
                continue
            for clients in cfg.get("side_clients", cfg["clients"]):
                log(f"  engine direct {endpoint} x{clients}")
                result = harness.run_load(
                    self.engine.url,
                    Path(file),
                    clients,
                    cfg["duration"],
                    cfg["warmup"],
                    self.work,
                )
                result.update(endpoint=endpoint, loadavg=os.getloadavg())
                rows.append(result)
        self.results["latency"]["engine direct (same query bodies)"] = rows
        stock_paths = {}
        for endpoint in ("autocomplete", "search"):
            stock_paths[endpoint] = self.work / f"paths-stock-{endpoint}.json"
            stock_paths[endpoint].write_text(
                json.dumps(
                    [
                        f"/bench/stock/{endpoint}/?q={quote_path(i)}"
                        for i in plan[endpoint]
                    ]
                )
            )
        variants = [
            ("wagtail stock path", {}, stock_paths),
            (
                "elasticsearch, lexical only (no semantic half)",
                {"SEARCH_EMBEDDING_MODEL": "off"},
                {"search": self.work / "paths-search.json"},
            ),
            (
                "elasticsearch, no autocomplete answer cache",
                {"BENCH_NO_ANSWER_CACHE": "1"},
                {"autocomplete": self.work / "paths-autocomplete.json"},
            ),
        ]
        for name, extra, paths in variants:
            self.phase(f"corpus {label}: latency ({name})")
            rows = []
            for endpoint, path_file in paths.items():
                server = Gunicorn(dict(env, **extra), workers=2, workdir=self.work)
                server.start()
                try:
                    for clients in cfg.get("side_clients", cfg["clients"]):
                        log(f"  {name} {endpoint} x{clients}")
                        result = harness.run_load(
                            server.base,
                            path_file,
                            clients,
                            cfg["duration"],
                            cfg["warmup"],
                            self.work,
                        )
                        result.update(endpoint=endpoint, loadavg=os.getloadavg())
                        rows.append(result)
                finally:
                    server.stop()
            self.results["latency"][name] = rows


def machine_name():
    return socket.gethostname().split(".")[0] or "machine"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--full", action="store_true")
    group.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="leave the bench_* indexes in the engine",
    )
    parser.add_argument(
        "--skip", nargs="*", default=[], help="corpus labels to skip (e.g. 100k)"
    )
    parser.add_argument(
        "--skip-stock",
        nargs="*",
        default=[],
        help="corpus labels whose stock rebuild is skipped",
    )
    parser.add_argument("--out", help="directory for the report (default by mode)")
    parser.add_argument(
        "--relevance-split",
        choices=("test", "dev", "all"),
        default="test",
        help="half of the judged relevance set to score (default: test)",
    )
    parser.add_argument(
        "--redo",
        nargs="*",
        default=None,
        help="with --resume: phases to measure again (import, relevance, profiles, "
        "indexing, serving, took); the others keep their earlier results",
    )
    parser.add_argument("--resume-from", help="results JSON to resume from")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run from bench/.work/MODE/partial.json "
        "(imports, relevance and loaded corpora are kept; indexing and serving "
        "are measured again)",
    )
    parser.add_argument(
        "--engine-port",
        type=int,
        default=None,
        help="use (or start, and stop afterwards) an engine of our own on this port "
        "instead of the shared one on 9200 (full mode default: 9270; 0 = shared)",
    )
    args = parser.parse_args(argv)
    if args.engine_port is None:
        args.engine_port = 9270 if args.full else 0
    config = dict(FULL if args.full else QUICK)
    run = Run(config, args)
    partial = Path(args.resume_from) if args.resume_from else run.work / "partial.json"
    if args.resume and partial.exists():
        earlier = json.loads(partial.read_text())
        keys = [
            "import",
            "relevance",
            "judged",
            "generate",
            "indexing",
            "rebuild_profiles",
        ]
        if args.redo is not None:  # keep the serving results unless redone
            keys += [
                "latency",
                "memory",
                "took",
                "profile",
                "profile_database",
                "publish",
                "server_logs",
            ]
        redone = {
            "import": ["import"],
            "relevance": ["relevance", "judged"],
            "profiles": ["rebuild_profiles"],
            "indexing": ["indexing"],
            "serving": keys[6:],
        }
        for phase in args.redo or ():
            keys = [k for k in keys if k not in redone.get(phase, ())]
        for key in keys:
            if key in earlier:
                run.results[key] = earlier[key]
        run.results["resumed_from"] = earlier.get("resumed_from") or earlier.get(
            "started"
        )
        # What the report says came from the earlier run, and at which code.
        run.results["resumed_kept"] = [k for k in keys if k in earlier]
        run.results["resumed_code"] = (earlier.get("machine") or {}).get("code")
    try:
        results = run.run()
    except HarnessError as exc:
        log(f"HARNESS BROKE: {exc}")
        return 2
    if args.out:
        out_dir = Path(args.out)
    elif args.full:
        out_dir = REPO / "bench" / "results"
    else:
        out_dir = run.work
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = (
        f"{datetime.date.today().isoformat()}-{machine_name()}"
        if args.full
        else "report"
    )
    files = report.write(results, out_dir, stem)
    text = Path(files["md"]).read_text()
    print(text if args.quick else text[:6000])
    log("wrote " + ", ".join(str(p) for p in files.values()))
    if results.get("harness_broke"):
        log("HARNESS BROKE: " + results["errors"][-1]["error"])
        return 2
    if results["errors"]:
        log(
            f"{len(results['errors'])} step(s) failed: "
            + "; ".join(e["step"] for e in results["errors"])
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
