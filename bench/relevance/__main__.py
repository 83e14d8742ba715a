"""Run the judged relevance set alone (a few minutes), or print judging pools.

    .venv/bin/python -m bench.relevance --split dev [--engine-url URL]
        [--systems ours,bm25,bm25-mesh,stock,bm25-embed] [--no-database]
        [--json out.json] [--misses SYSTEM]
    .venv/bin/python -m bench.relevance --split all --pool [--summaries]

The engine: --engine-url, else ELASTICSEARCH_URL, else http://127.0.0.1:9200
(none answering: the database backend only). Indexes are named bench_judged_*
and deleted afterwards (--keep-indexes keeps them).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import xml.etree.ElementTree as ET

from .. import harness
from . import (
    CLASSES,
    ENGINE_SYSTEMS,
    RELEVANT,
    compact_table,
    examples_text,
    measure,
    related_text,
    table,
    targets_text,
)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.relevance")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--engine-url", default="")
    parser.add_argument("--systems", default=",".join(ENGINE_SYSTEMS))
    parser.add_argument("--no-database", action="store_true")
    parser.add_argument("--keep-indexes", action="store_true")
    parser.add_argument("--json", help="write the full result (with rankings)")
    parser.add_argument(
        "--from-json",
        help="no run: score the rankings of an earlier --json against the current "
        "judgments (for the judge, after editing queries.json)",
    )
    parser.add_argument(
        "--pool",
        action="store_true",
        help="print, per query, the pooled top 10 of every system that is not "
        "judged yet (for the judge)",
    )
    parser.add_argument("--pool-all", action="store_true", help="judged ones too")
    parser.add_argument("--summaries", action="store_true")
    parser.add_argument(
        "--misses", default="", help="list the queries SYSTEM has nothing at 10 for"
    )
    args = parser.parse_args(argv)
    if args.from_json:
        result = rescore(json.loads(open(args.from_json).read()))
        return report(result, args)
    url = (
        args.engine_url
        or os.environ.get("ELASTICSEARCH_URL", "").split(",")[0].strip()
        or "http://127.0.0.1:9200"
    )
    if not harness.engine_info(url):
        print(f"no engine answers at {url}: database backend only", file=sys.stderr)
        url = ""
    result = measure(
        split=args.split,
        engine_url=url,
        database=not args.no_database,
        systems=[s for s in args.systems.split(",") if s],
        keep_indexes=args.keep_indexes,
    )
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(result, handle, indent=1)
    return report(result, args)


def rescore(result):
    from . import load_set, ordered, score, select

    queries = select(load_set(), result["split"])
    result["systems"] = ordered(
        {name: score(queries, ranked) for name, ranked in result["rankings"].items()}
    )
    return result


def report(result, args):
    if args.pool or args.pool_all:
        print_pool(result, everything=args.pool_all, summaries=args.summaries)
        return 0
    print(table(result))
    print()
    print("nDCG@10 per class:")
    print(compact_table(result))
    for name, seconds in result["seconds"].items():
        print(f"- {name}: {seconds:.1f}s for {result['queries']} queries")
    for note in result["notes"]:
        print(f"- {note}")
    print()
    print(related_text(result))
    print()
    print(examples_text(result))
    print()
    print(targets_text(result))
    if args.misses:
        print_misses(result, args.misses)
    for error in result["errors"]:
        print(f"ERROR: {error}", file=sys.stderr)
    return 1 if result["errors"] else 0


def print_misses(result, system):
    from . import load_set, select

    queries = {q["id"]: q for q in select(load_set(), result["split"])}
    ranked = result["rankings"].get(system) or {}
    titles = result["titles"]
    print(f"\nqueries with no relevant article in the top 10 of {system}:")
    for qid, keys in ranked.items():
        q = queries[qid]
        if not any(q["judged"].get(k, 0) >= RELEVANT for k in keys):
            top = ", ".join(titles.get(k, k) for k in keys[:3])
            print(f"  [{q['class']}] {q['text']!r}: {top}")


def _summaries():
    from ..corpus import MEDLINEPLUS_XML

    found = {}
    for topic in ET.parse(MEDLINEPLUS_XML).getroot().iter("health-topic"):
        found[f"medlineplus:{topic.get('id')}"] = topic.get("meta-desc") or ""
    return found


def print_pool(result, everything=False, summaries=False):
    from . import load_set, select

    notes = _summaries() if summaries else {}
    titles = result["titles"]
    for q in select(load_set(), result["split"]):
        pool = {}
        for system, ranked in result["rankings"].items():
            for rank, key in enumerate(ranked.get(q["id"], []), start=1):
                pool.setdefault(key, []).append(f"{system.split(' (')[0]}#{rank}")
        shown = [key for key in pool if everything or key not in q["judged"]]
        if not shown:
            continue
        judged = ", ".join(f"{titles.get(k, k)}={g}" for k, g in q["judged"].items())
        print(f"\n{q['id']} [{q['class']}] {q['text']!r}  judged: {judged}")
        for key in shown:
            line = f"   {key:24} {titles.get(key, '?')}"
            if key in q["judged"]:
                line += f"  (={q['judged'][key]})"
            if notes.get(key):
                line += f"  -- {notes[key][:110]}"
            print(line)


if __name__ == "__main__":
    assert CLASSES
    sys.exit(main())
