"""The judged relevance set: how people really ask, scored against MedlinePlus
topics and the demo articles.

    .venv/bin/python -m bench.relevance [--split dev|test|all] [--engine-url URL]

``queries.json`` holds the queries (written for this project) with graded
judgments keyed by article key (``medlineplus:<topic id>``, ``demo:<slug>``):

- 3: the article the query is about (what a visitor means);
- 2: answers the query well (a close sibling, the treatment or the condition
  behind a symptom);
- 1: related, partly useful;
- unjudged: 0.

Metrics per query class and overall, at 10 results: nDCG@10 (gain 2^g - 1),
MRR@10 and success@1/5/10 (an article of grade 2 or more at rank 1 / within
5 / within 10). The split into a development half (tune on it) and a test
half (only score it) is stored with each query.

The corpus: all MedlinePlus topics imported with the site's importer plus the
demo articles, in a database cached under bench/.work/relevance/ (built again
when the migrations, the importer or the XML change). Each run rebuilds the
search indexes from it, so changes to search/ are always measured.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from pathlib import Path

from .. import harness
from ..corpus import MEDLINEPLUS_XML
from . import examples, related

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.json"
WORK = harness.REPO / "bench" / ".work" / "relevance"
CLASSES = ("question", "symptom", "lay", "clinical", "misspelt", "uk", "one_word")
RELEVANT = 2
K = 10
ENGINE_SYSTEMS = ("ours", "bm25", "bm25-mesh", "stock", "bm25-embed")
QUICK_SYSTEMS = ("ours", "bm25", "stock", "bm25-embed")
PREFIX = "bench_judged_"
STOCK_PREFIX = "bench_stock_judged_"


# ---------------------------------------------------------------- the set


def load_set(path=QUERIES):
    return json.loads(Path(path).read_text())["queries"]


def select(queries, split):
    if split == "all":
        return list(queries)
    return [q for q in queries if q["split"] == split]


# ---------------------------------------------------------------- metrics


def query_metrics(ranked, judged):
    """nDCG@10, RR@10, success@1/5/10 of one ranked list of keys."""
    ranked = ranked[:K]
    dcg = sum(
        (2 ** judged.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked)
    )
    ideal = sorted(judged.values(), reverse=True)[:K]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    first = next(
        (i + 1 for i, key in enumerate(ranked) if judged.get(key, 0) >= RELEVANT),
        None,
    )
    return {
        "ndcg10": dcg / idcg if idcg else 0.0,
        "mrr10": 1.0 / first if first else 0.0,
        "success1": float(bool(first) and first <= 1),
        "success5": float(bool(first) and first <= 5),
        "success10": float(bool(first)),
    }


METRICS = ("ndcg10", "mrr10", "success1", "success5", "success10")


def score(queries, rankings):
    """{class: {metric: mean, "queries": n}} plus "overall", for one system."""
    groups = {}
    for q in queries:
        m = query_metrics(rankings.get(q["id"], []), q["judged"])
        for group in (q["class"], "overall"):
            groups.setdefault(group, []).append(m)
    return {
        group: {
            "queries": len(rows),
            **{name: sum(r[name] for r in rows) / len(rows) for name in METRICS},
        }
        for group, rows in groups.items()
    }


def table(result, metric_names=METRICS):
    """Markdown: one row per system and class."""
    systems = result.get("systems", {})
    lines = [
        f"Judged relevance set, {result.get('split')} half: "
        f"{result.get('queries')} queries, {result.get('articles')} articles "
        "(MedlinePlus + demo). Relevant = grade 2+.",
        "",
        "| system | class | n | " + " | ".join(_label(m) for m in metric_names) + " |",
        "|---|---|---:|" + "---:|" * len(metric_names),
    ]
    for name, per_class in systems.items():
        for group in (*CLASSES, "overall"):
            row = per_class.get(group)
            if not row:
                continue
            cells = " | ".join(f"{row[m]:.3f}" for m in metric_names)
            shown = f"**{group}**" if group == "overall" else group
            lines.append(f"| {name} | {shown} | {row['queries']} | {cells} |")
    return "\n".join(lines)


def compact_table(result):
    """Markdown: nDCG@10 per class, one row per system (overall last)."""
    systems = result.get("systems", {})
    head = "| system | " + " | ".join(CLASSES) + " | overall | S@10 overall |"
    lines = [head, "|---|" + "---:|" * (len(CLASSES) + 2)]
    for name, per_class in systems.items():
        cells = [
            f"{per_class[c]['ndcg10']:.3f}" if c in per_class else "-"
            for c in (*CLASSES, "overall")
        ]
        s10 = per_class.get("overall", {}).get("success10")
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {s10:.3f} |"
            if s10 is not None
            else f"| {name} | " + " | ".join(cells) + " | - |"
        )
    return "\n".join(lines)


OURS = ("ours (elasticsearch)", "ours (database)")
BM25 = "plain BM25 (elasticsearch)"
ABOVE_BM25 = 1.25
SUCCESS10 = {"question": 0.95, "symptom": 0.95}


def targets(result):
    """[(target, met, detail)]: issue 11's targets on this run's figures."""
    systems = result.get("systems", {})
    bm25 = systems.get(BM25)
    found = []
    if bm25 is None:
        return [("plain BM25 baseline measured", False, "no engine in this run")]
    engine = systems.get(OURS[0])
    if engine:
        ours, base = engine["overall"]["ndcg10"], bm25["overall"]["ndcg10"]
        found.append(
            (
                f"engine nDCG@10 overall >= {ABOVE_BM25:.2f} x BM25",
                ours >= ABOVE_BM25 * base,
                f"{ours:.3f} vs {base:.3f} ({ours / base - 1:+.0%})" if base else "",
            )
        )
    for name in OURS:
        per_class = systems.get(name)
        if not per_class:
            found.append((f"{name} measured", False, "missing from this run"))
            continue
        below = [
            f"{c} {per_class[c]['ndcg10']:.3f} < {bm25[c]['ndcg10']:.3f}"
            for c in CLASSES
            if c in per_class
            and c in bm25
            and per_class[c]["ndcg10"] < bm25[c]["ndcg10"]
        ]
        found.append(
            (f"{name}: no class below BM25 (nDCG@10)", not below, "; ".join(below))
        )
        for group, floor in SUCCESS10.items():
            if group in per_class:
                value = per_class[group]["success10"]
                found.append(
                    (f"{name}: {group} S@10 >= {floor}", value >= floor, f"{value:.3f}")
                )
    for name, shown in result.get("examples", {}).items():
        missed = [text for text, row in shown.items() if not row["met"]]
        found.append(
            (
                f"{name}: the issue's example queries give the meant topic "
                f"first or second ({len(shown) - len(missed)}/{len(shown)})",
                not missed,
                "missed: " + "; ".join(missed) if missed else "",
            )
        )
    return found


def targets_text(result):
    lines = ["Targets (issue 11):"]
    for target, met, detail in targets(result):
        lines.append(
            f"- [{'met' if met else 'NOT MET'}] {target}"
            + (f": {detail}" if detail else "")
        )
    return "\n".join(lines)


def related_text(result):
    return related.table(result["related"]) if result.get("related") else ""


def examples_text(result):
    lines = []
    for name, shown in result.get("examples", {}).items():
        lines.append(f"Example queries, top 2, {name}:")
        for text, row in shown.items():
            mark = "ok" if row["met"] else "MISSED"
            lines.append(f"- [{mark}] {text!r}: " + " | ".join(row["top"]))
    return "\n".join(lines)


def _label(metric):
    return {
        "ndcg10": "nDCG@10",
        "mrr10": "MRR@10",
        "success1": "S@1",
        "success5": "S@5",
        "success10": "S@10",
    }[metric]


# ---------------------------------------------------------------- corpus


def corpus_fingerprint(xml=MEDLINEPLUS_XML):
    digest = hashlib.sha1(harness.migrations_fingerprint().encode())
    stat = Path(xml).stat()
    digest.update(f"{xml}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for folder in ("health_articles/importers", "health_articles/demo"):
        for path in sorted((harness.REPO / folder).glob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def prepare_corpus(xml=MEDLINEPLUS_XML, log=harness.log):
    """The database with every MedlinePlus topic and the demo articles
    (imported on the database backend; cached)."""
    WORK.mkdir(parents=True, exist_ok=True)
    cached = WORK / f"corpus-{corpus_fingerprint(xml)}.sqlite3"
    if cached.exists():
        return cached
    for old in WORK.glob("corpus-*.sqlite3"):
        old.unlink()
    base = harness.base_database()
    tmp = cached.with_suffix(".tmp")
    harness.copy_db(base, tmp)
    env = harness.base_env(tmp)
    # The demo articles first: they keep their own slugs, and the importer
    # numbers a MedlinePlus slug that is taken (muscle-cramps-2).
    result = harness.run_step("load-demo", env, WORK)
    if "error" in result:
        raise harness.HarnessError(f"demo articles failed: {result['error']}")
    log("judged relevance: importing MedlinePlus (database backend, 1-5 min)")
    result = harness.run_step("import", env, WORK, "--path", xml)
    if "error" in result:
        raise harness.HarnessError(f"import failed: {result['error']}")
    tmp.rename(cached)
    return cached


# ---------------------------------------------------------------- a run


def measure(
    split="test",
    engine_url="",
    database=True,
    systems=ENGINE_SYSTEMS,
    xml=MEDLINEPLUS_XML,
    keep_indexes=False,
    log=harness.log,
):
    """Score every system on ``split``; returns a JSON-able dict (with the
    rankings, so a pool can be printed from it)."""
    queries = select(load_set(), split)
    corpus = prepare_corpus(xml, log=log)
    plan = WORK / f"plan-{split}.json"
    plan.write_text(json.dumps(queries))
    jobs = []
    if engine_url:
        es_db = WORK / "engine.sqlite3"
        harness.copy_db(corpus, es_db)
        env = harness.base_env(es_db, engine_url, PREFIX, STOCK_PREFIX)
        jobs.append(("elasticsearch", env, ",".join(systems), es_db))
    if database:
        db = WORK / "database.sqlite3"
        harness.copy_db(corpus, db)
        jobs.append(("database", harness.base_env(db), "ours", db))
    outputs = {}
    errors = []

    def work(label, env, names, _db):
        # Relevance is not timed: a loaded machine must not time requests out.
        env["SEARCH_ENGINE_TIMEOUT"] = "120"
        log(f"judged relevance ({label}): rebuilding indexes")
        steps = [("ours", "default")]
        if label == "elasticsearch" and "stock" in names:
            steps.append(("stock", "stock"))
        for path, backend in steps:
            built = harness.run_step(
                "rebuild", env, WORK, "--path", path, "--backend", backend
            )
            if "error" in built:
                errors.append(f"rebuild {path} ({label}): {built['error']}")
                if path == "ours":
                    return  # scoring a half-built index would mislead
                names = ",".join(n for n in names.split(",") if n != "stock")
        log(f"judged relevance ({label}): {len(queries)} queries")
        outputs[label] = harness.run_step(
            "relevance-judged",
            env,
            WORK,
            "--plan",
            plan,
            "--systems",
            names,
            "--xml",
            xml,
        )

    threads = [threading.Thread(target=work, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if engine_url and not keep_indexes:
        engine = harness.Engine(allow_start=False)
        engine.url = engine_url
        engine.delete_indexes(PREFIX)
        engine.delete_indexes(STOCK_PREFIX)
    result = {
        "split": split,
        "queries": len(queries),
        "per_class": {c: sum(q["class"] == c for q in queries) for c in CLASSES},
        "systems": {},
        "seconds": {},
        "notes": [],
        "errors": errors,
        "rankings": {},
        "titles": {},
        "examples": {},
        "related": {},
    }
    for label, output in outputs.items():
        if "error" in output:
            errors.append(f"relevance-judged ({label}): {output['error']}")
            errors.append(output.get("stderr", "")[-1500:])
            continue
        result["articles"] = output["articles"]
        result["notes"].extend(output.get("notes", []))
        result["titles"].update(output.get("titles", {}))
        result["related"].update(related.score(output.get("related") or {}))
        for name, ranked in output.get("examples", {}).items():
            titles = output.get("titles", {})
            met = examples.verdict(ranked)
            result["examples"][name] = {
                text: {"top": [titles.get(k, k) for k in keys], "met": met[text]}
                for text, keys in ranked.items()
            }
        for name, failures in output.get("errors", {}).items():
            errors.append(f"{name}: " + "; ".join(failures))
        for name, ranked in output["rankings"].items():
            result["rankings"][name] = ranked
            result["systems"][name] = score(queries, ranked)
            result["seconds"][name] = output["seconds"][name]
    result["systems"] = ordered(result["systems"])
    return result


SYSTEM_ORDER = (
    "ours (elasticsearch)",
    "ours (database)",
    "plain BM25 (elasticsearch)",
    "plain BM25 + MeSH (elasticsearch)",
    "BM25 + embeddings RRF (elasticsearch)",
    "wagtail .search() (elasticsearch)",
)


def ordered(systems):
    """``systems`` (a dict by system name) in the table's order."""

    def rank(name):
        return SYSTEM_ORDER.index(name) if name in SYSTEM_ORDER else len(SYSTEM_ORDER)

    return {name: systems[name] for name in sorted(systems, key=rank)}
