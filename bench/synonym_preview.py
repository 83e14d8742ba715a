"""Time the synonym impact preview (search/impact.py) on the MedlinePlus corpus.

    .venv/bin/python -m bench.synonym_preview [--engine-url URL] [--no-baseline]

Uses the judged relevance corpus (every MedlinePlus topic and the demo
articles: bench/relevance prepare_corpus), seeds 200 popular searches (topic
titles and judged queries, each on 5 days), and times ``impact.preview`` for
a few known changes on the database backend and, with an engine, on it. The
baseline in the same run searches every query with and without the change
(what the preview avoids by searching only the queries whose synonym
alternatives change). The issue's target: under 10 s per preview.
"""

import argparse
import json
import os
import subprocess
import sys
import time

from . import harness

WORK = harness.REPO / "bench" / ".work" / "synonym_preview"
PREFIX = "bench_preview_"
CHANGES = [
    # (label, kind, terms, id of an existing rule to replace or None)
    (
        "issue 11's example: add to racing heart",
        "equivalent",
        "racing heart, tachycardia, heart racing, heart is racing",
        "racing heart",
    ),
    ("a new equivalent set", "equivalent", "tummy bug, stomach flu", None),
    ("a broad one-way mapping", "one_way", "pain => ache, soreness", None),
]


def inner(args):
    import django

    django.setup()
    from django.utils import timezone

    from health_articles.models import HealthArticlePage
    from search import impact
    from search.models import SearchQueryDaily, Synonym

    judged = impact.load_judged()
    titles = list(
        HealthArticlePage.objects.live().order_by("pk").values_list("title", flat=True)
    )
    popular = [t.lower() for t in titles[:120]] + [text for text, _ in judged[:80]]
    today = timezone.localdate()
    rows = []
    for rank, text in enumerate(popular):
        for day in range(5):
            rows.append(
                SearchQueryDaily(
                    query=text[:255],
                    date=today - timezone.timedelta(days=day),
                    searches=1000 - rank,
                )
            )
    SearchQueryDaily.objects.bulk_create(rows, ignore_conflicts=True)
    # A site process has searched before an editor previews: load the
    # embedding model, the vocabulary and the synonym map first (timed apart).
    from search.query import search_articles

    t0 = time.perf_counter()
    search_articles("warm up the search")
    warm_up = round(time.perf_counter() - t0, 2)
    results = []
    for label, kind, terms, replaces in CHANGES:
        replacing = None
        if replaces:
            rule = next(
                (r for r in Synonym.objects.all() if replaces in r.term_list()), None
            )
            replacing = rule.pk if rule else None
        rules = impact.pending_rules(kind, terms, True, replacing=replacing)
        runs = {}
        baseline = not args.no_baseline and not results  # the first change only
        modes = [("preview", False)] + ([("all", True)] if baseline else [])
        for mode, everything in modes:
            t0 = time.perf_counter()
            result = impact.preview(rules, everything=everything)
            runs[mode] = {
                "seconds": round(time.perf_counter() - t0, 2),
                "searches": result.searches,
                "judged": result.judged_total,
                "judged_affected": result.judged_affected,
                "better": len(result.better),
                "worse": len(result.worse),
                "popular": result.popular_total,
                "popular_affected": result.popular_affected,
                "top_changed": len(result.popular_changed),
                "backend": result.backend,
            }
        results.append({"change": label, **runs})
    print(json.dumps({"articles": len(titles), "warm_up": warm_up, "results": results}))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.synonym_preview")
    parser.add_argument("--engine-url", default="")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        return inner(args)
    from .relevance import prepare_corpus

    WORK.mkdir(parents=True, exist_ok=True)
    corpus = prepare_corpus()
    targets = [("database", "")]
    if args.engine_url and harness.engine_info(args.engine_url):
        targets.append(("elasticsearch", args.engine_url))
    for label, url in targets:
        db = WORK / f"{label}.sqlite3"
        harness.copy_db(corpus, db)
        env = harness.base_env(db, url, PREFIX if url else "")
        env["SEARCH_ENGINE_TIMEOUT"] = "60"
        if url:
            harness.log(f"synonym preview ({label}): rebuilding the index")
            built = harness.run_step(
                "rebuild", env, WORK, "--path", "ours", "--backend", "default"
            )
            if "error" in built:
                print(f"rebuild failed: {built['error']}", file=sys.stderr)
                continue
        harness.log(f"synonym preview ({label}): timing")
        command = [harness.PYTHON, "-m", "bench.synonym_preview", "--inner"]
        if args.no_baseline:
            command.append("--no-baseline")
        proc = subprocess.run(
            command, cwd=harness.REPO, env=env, capture_output=True, text=True
        )
        if proc.returncode:
            print(proc.stderr[-3000:], file=sys.stderr)
            continue
        report = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"\n{label}: {report['articles']} live articles "
            f"(first search of the process: {report['warm_up']} s, not counted)"
        )
        for row in report["results"]:
            line = f"- {row['change']}: preview {row['preview']['seconds']} s"
            line += f" ({row['preview']['searches']} searches)"
            if "all" in row:
                line += f"; every query searched: {row['all']['seconds']} s"
                line += f" ({row['all']['searches']} searches)"
            print(line)
            print(f"  {json.dumps(row['preview'])}")
        if url:
            engine = harness.Engine(allow_start=False)
            engine.url = url
            engine.delete_indexes(PREFIX)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.exit(main())
