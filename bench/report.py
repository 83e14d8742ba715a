"""Turn a run's results into Markdown tables, JSON and a latency chart."""

from __future__ import annotations

import json
from pathlib import Path

CLEARLY_ABOVE = 0.05  # "clearly above a baseline": at least this much higher


def _ms(value):
    return "–" if value is None else f"{value:.1f}"


def _s(value, digits=1):
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value):
    return "–" if value is None else f"{value:.3f}"


def _mb(value):
    return "–" if not value else f"{value / 2**20:.0f} MB"


def table(headers, rows):
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------- lookups


def _share(value):
    return f"{value * 100:.0f}% of a core" if value is not None else "–"


ENGINE_DIRECT = "engine direct (same query bodies)"
STOCK_PATH = "wagtail stock path"


def side_by_side(lat):
    """Ours against the engine's own limit and Wagtail's stock path, per
    endpoint and clients (the issue's headline ratios)."""
    rows = []
    for endpoint in ("autocomplete", "search"):
        for row in lat.get("elasticsearch") or []:
            if row["endpoint"] != endpoint:
                continue
            clients = row["clients"]
            direct = next(
                (
                    r
                    for r in lat.get(ENGINE_DIRECT) or []
                    if r["endpoint"] == endpoint and r["clients"] == clients
                ),
                None,
            )
            stock = next(
                (
                    r
                    for r in lat.get(STOCK_PATH) or []
                    if r["endpoint"] == endpoint and r["clients"] == clients
                ),
                None,
            )

            def ratio(a, b):
                return f"{a / b:.2f}" if a and b else "–"

            rows.append(
                (
                    endpoint,
                    clients,
                    _ms(row["p95_ms"]),
                    _ms(direct["p95_ms"]) if direct else "–",
                    ratio(row["p95_ms"], direct and direct["p95_ms"]),
                    f"{row['rps']:.1f}",
                    f"{stock['rps']:.1f}" if stock else "–",
                    ratio(row["rps"], stock and stock["rps"]),
                )
            )
    if not rows:
        return []
    return [
        "\n**Side by side** (targets at 8 clients: p95 at most 2x the engine's "
        "own; at least 3x the stock path's requests/s)\n",
        table(
            [
                "Endpoint",
                "Clients",
                "Ours p95 (ms)",
                "Engine direct p95 (ms)",
                "Ours / engine p95",
                "Ours req/s",
                "Stock req/s",
                "Ours / stock req/s",
            ],
            rows,
        ),
    ]


def latency_row(results, backend, endpoint, clients):
    for row in results.get("latency", {}).get(backend, []) or []:
        if row["endpoint"] == endpoint and row["clients"] == clients:
            return row
    return None


def rebuild(results, corpus, engine, path):
    for row in results.get("indexing", []):
        if (row.get("corpus"), row.get("engine"), row.get("path")) == (
            corpus,
            engine,
            path,
        ):
            if "error" not in row:
                return row
    return None


def relevance(results, system, kind):
    for group in results.get("relevance", {}).values():
        systems = (group or {}).get("systems", {})
        if system in systems and kind in systems[system]:
            return systems[system][kind]
    return None


OURS_ES = "ours (elasticsearch)"
STOCK_ES = "wagtail .search() (elasticsearch)"
LIKE = "substring LIKE"


def targets(results):
    """[(target, measured, verdict)] for the issue's targets."""
    rows = []
    corpus = results.get("latency", {}).get("corpus", "?")
    has_engine = bool(results.get("latency", {}).get("elasticsearch"))

    def verdict(ok):
        if ok is None:
            return "not measured"
        return "met" if ok else "**missed**"

    for endpoint, limit in (("autocomplete", 50), ("search", 120)):
        row = latency_row(results, "elasticsearch", endpoint, 8)
        value = row and row.get("p95_ms")
        rows.append(
            (
                f"{endpoint} p95 ≤ {limit} ms at 8 clients (Elasticsearch, {corpus})",
                f"{_ms(value)} ms" if value else "–",
                verdict(None if value is None else value <= limit),
            )
        )
    errors32 = [
        latency_row(results, "elasticsearch", e, 32)
        for e in ("autocomplete", "search", "related")
    ]
    if any(errors32):
        total = sum(r["errors"] for r in errors32 if r)
        count = sum(r["requests"] for r in errors32 if r)
        rows.append(
            (
                "no errors at 32 clients",
                f"{total} errors in {count} requests",
                verdict(total == 0),
            )
        )
    else:
        rows.append(("no errors at 32 clients", "–", verdict(None)))
    took = results.get("took") or {}
    for endpoint in ("autocomplete", "search", "related"):
        row = latency_row(results, "elasticsearch", endpoint, 1)
        floor = ((took.get(endpoint) or {}).get("engine_took_s") or {}).get("p50")
        if row and floor:
            ratio = row["p50_ms"] / (floor * 1000) if floor else None
            rows.append(
                (
                    f"{endpoint}: 1-client end-to-end p50 ≤ 2× engine took p50",
                    f"{_ms(row['p50_ms'])} ms vs {_ms(floor * 1000)} ms = {ratio:.1f}×",
                    verdict(ratio <= 2),
                )
            )
        elif has_engine:
            rows.append(
                (
                    f"{endpoint}: 1-client end-to-end ≤ 2× engine took",
                    "–",
                    verdict(None),
                )
            )
    ours = rebuild(results, corpus, "elasticsearch", "ours")
    stock = rebuild(results, corpus, "elasticsearch", "stock")
    if ours:
        rows.append(
            (
                f"full rebuild ≥ 500 articles/s ({corpus})",
                f"{ours['articles_per_s']:.0f} articles/s",
                verdict(ours["articles_per_s"] >= 500),
            )
        )
    if ours and stock:
        ratio = stock["seconds"] / ours["seconds"]
        rows.append(
            (
                "full rebuild ≥ 3× the stock update_index path",
                f"{ratio:.2f}× ({ours['seconds']:.1f} s vs {stock['seconds']:.1f} s)",
                verdict(ratio >= 3),
            )
        )
    for kind, metric, limit, label in (
        ("also_called", "mrr10", 0.85, "MRR@10 ≥ 0.85 on also-called queries"),
        ("misspelt", "success5", 0.9, "success@5 ≥ 0.9 on misspelt titles"),
    ):
        mine = relevance(results, OURS_ES, kind)
        base = [relevance(results, s, kind) for s in (STOCK_ES, LIKE)]
        if mine:
            best = max((b[metric] for b in base if b), default=None)
            ok = mine[metric] >= limit and (
                best is None or mine[metric] >= best + CLEARLY_ABOVE
            )
            rows.append(
                (
                    label + " and clearly above both baselines",
                    f"{mine[metric]:.3f} (stock {_pct(base[0] and base[0][metric])}, "
                    f"LIKE {_pct(base[1] and base[1][metric])})",
                    verdict(ok),
                )
            )
        else:
            rows.append((label, "–", verdict(None)))
    return rows


# ---------------------------------------------------------------- markdown


def markdown(results):
    m = results.get("machine", {})
    out = []
    mode = results.get("mode")
    out.append(f"# Search benchmark ({mode} run, {results.get('started', '')})\n")
    if mode == "quick":
        out.append(
            "_Quick mode: a small corpus and short runs so CI exercises the harness; "
            "the numbers are not comparable with a full run._\n"
        )
    out.append("## Machine\n")
    out.append(
        table(
            ["", ""],
            [
                ("CPU", f"{m.get('cpu')} ({m.get('cores')} cores)"),
                ("Memory", _mb(m.get("memory_bytes"))),
                ("OS", f"{m.get('os')} (kernel {m.get('kernel')})"),
                ("Disk", f"fsync of 4 KiB: {m.get('disk_fsync_ms', 0):.1f} ms"),
                (
                    "Python / Django / Wagtail",
                    f"{m.get('python')} / {m.get('django')} / {m.get('wagtail')}",
                ),
                (
                    "Database",
                    f"SQLite {m.get('sqlite')} (one file per corpus under bench/.work/)",
                ),
                (
                    "Engine",
                    f"{m.get('engine')}, heap max {_mb(m.get('engine_heap_max'))}, "
                    f"Python client {m.get('elasticsearch_py')}",
                ),
                (
                    "Web server",
                    f"gunicorn {m.get('gunicorn')}, 2 workers × 4 threads (gthread, config/gunicorn.conf.py), config.settings.production, loopback",
                ),
                (
                    "Load average",
                    f"start {_loads(m.get('loadavg_start'))}, end {_loads(m.get('loadavg_end'))}",
                ),
                ("Code measured", m.get("code") or "?"),
                ("Run time", f"{results.get('total_s', 0) / 60:.1f} min"),
            ],
        )
    )
    if results.get("resumed_from") and results.get("resumed_kept") is not None:
        kept = ", ".join(results["resumed_kept"]) or "nothing"
        out.append(
            f"\nResumed run: {kept} come from the run started "
            f"{results['resumed_from']} (code {results.get('resumed_code') or '?'}); "
            "everything else was measured in this run (the code above).\n"
        )
    elif results.get("resumed_from"):
        out.append(
            f"\nResumed run: import, relevance and corpus loading come from the run "
            f"started {results['resumed_from']}; the engine rebuilds, serving, memory "
            "and publish measurements were taken in this run.\n"
        )
    if results.get("engine_note"):
        out.append(f"\nEngine: {results['engine_note']}\n")
    out.append("\n## Targets\n")
    out.append(table(["Target", "Measured", "Verdict"], targets(results)))
    out.append("")
    if results.get("analysis"):
        out.append("\n## Where the time goes, and what to fix\n")
        out.append(results["analysis"])

    # 1. Import
    out.append(
        "\n## 1. Import (MedlinePlus XML, `import_articles --format medlineplus --publish`)\n"
    )
    rows = []
    for backend, r in (results.get("import") or {}).items():
        if "error" in r:
            rows.append((backend, "error", r["error"], "", "", "", "", ""))
            continue
        n = r.get("articles") or 0
        failures = r.get("failed") or "none"
        if r.get("errors"):
            failures += ": " + " / ".join(r["errors"])[:300]
        queued = r.get("outbox_pending_after_import")
        failing = r.get("outbox_failing_after_import")
        rows.append(
            (
                backend,
                n,
                _s(r.get("import_s")),
                f"{n / r['import_s']:.1f}" if r.get("import_s") else "–",
                "–" if queued is None else f"{queued} ({failing} failed once)",
                _s(r.get("drain_s")),
                _s(r.get("searchable_s")),
                failures,
            )
        )
    out.append(
        table(
            [
                "Backend",
                "Articles",
                "Import (s)",
                "Articles/s",
                "Outbox left when the command returned",
                "Drain (s)",
                "Until all searchable (s)",
                "Failed items",
            ],
            rows,
        )
    )
    errors = [
        f"{b}: {r['outbox_last_error']}"
        for b, r in (results.get("import") or {}).items()
        if r.get("outbox_last_error")
    ]
    if errors:
        out.append(
            "\nOutbox delivery errors seen during the import: " + "; ".join(errors)
        )
    out.append(
        "\nEach article is written in its own transaction with a revision; index "
        'updates go through the outbox (delivered after each commit). "Until all '
        'searchable" = import + draining what the command left queued '
        "(the code path of `search_outbox --drain`).\n"
    )

    # 2. Indexing
    out.append("\n## 2. Indexing\n")
    gen = results.get("generate") or {}
    if gen:
        out.append(
            table(
                [
                    "Corpus",
                    "MedlinePlus",
                    "Generated (this step)",
                    "Total",
                    "Generate+load (s)",
                ],
                [
                    (
                        k,
                        v.get("medlineplus_articles"),
                        v.get("created"),
                        v.get("articles_total"),
                        _s(v.get("seconds")),
                    )
                    for k, v in gen.items()
                ],
            )
        )
        out.append("")
    rows = []
    stock_by = {}
    for r in results.get("indexing", []):
        if r.get("path") == "stock" and "error" not in r:
            stock_by[(r.get("corpus"), r.get("engine"))] = r["seconds"]
    for r in results.get("indexing", []):
        if "error" in r:
            rows.append(
                (
                    r.get("corpus"),
                    r.get("engine"),
                    r.get("path"),
                    "error",
                    r["error"][:120],
                    "",
                    "",
                    "",
                )
            )
            continue
        stock = stock_by.get((r.get("corpus"), r.get("engine")))
        ratio = (
            f"{stock / r['seconds']:.2f}×" if stock and r.get("path") == "ours" else ""
        )
        size = sum(i["bytes"] for i in r.get("index_stats", []) or [])
        rows.append(
            (
                r.get("corpus"),
                r.get("engine"),
                {
                    "ours": "ours: search.indexing.rebuild_index",
                    "stock": "stock: update_index, wagtail elasticsearch7",
                }.get(r.get("path"), r.get("path"))
                if r.get("engine") == "elasticsearch"
                else "update_index (database backend)",
                r.get("articles"),
                _s(r.get("seconds")),
                f"{r['articles_per_s']:.0f}" if r.get("articles_per_s") else "–",
                ratio,
                _mb(size) if size else "",
            )
        )
    out.append(
        table(
            [
                "Corpus",
                "Backend",
                "Path",
                "Articles",
                "Seconds",
                "Articles/s",
                "Speed vs stock",
                "Index size",
            ],
            rows,
        )
    )
    pub = results.get("publish") or {}
    if pub:
        out.append(
            "\nIncremental: publish an edited article (revision publish, outbox "
            "delivery in a background thread), poll the index until the new word is found.\n"
        )
        rows = []
        for backend, r in pub.items():
            if "error" in r:
                rows.append((backend, "error", r["error"], "", "", ""))
                continue
            d = r.get("publish_to_searchable_s") or {}
            p = r.get("publish_call_s") or {}
            rows.append(
                (
                    backend,
                    f"{r.get('samples')}"
                    + (
                        f" ({r['publish_failures']} publishes failed: "
                        f"{'; '.join(r.get('publish_failure_examples') or [])[:200]})"
                        if r.get("publish_failures")
                        else ""
                    ),
                    _ms(d.get("p50") and d["p50"] * 1000),
                    _ms(d.get("p95") and d["p95"] * 1000),
                    _ms(d.get("max") and d["max"] * 1000),
                    _ms(p.get("p50") and p["p50"] * 1000),
                )
            )
        out.append(
            table(
                [
                    "Backend",
                    "Samples",
                    "Publish→searchable p50 (ms)",
                    "p95 (ms)",
                    "max (ms)",
                    "publish() call p50 (ms)",
                ],
                rows,
            )
        )

    # 3. Latency
    lat = results.get("latency") or {}
    out.append(
        f"\n## 3. Latency under load ({lat.get('corpus', '?')} corpus, HTTP through gunicorn)\n"
    )
    cfg = results.get("config", {})
    out.append(
        f"Closed-loop clients (threads with keep-alive HTTP in a separate process), "
        f"{cfg.get('duration')} s per cell after {cfg.get('warmup')} s warm-up. "
        "autocomplete: `/api/search/autocomplete/?q=` with typed prefixes; search: "
        "`/api/search/?q=` with titles, also-known-as names, misspelt titles and "
        "two-word queries; related: `/api/articles/ID/related/` for random articles "
        "(per-worker cache, mostly misses).\n"
    )
    for backend in [k for k in lat if k != "corpus"]:
        rows_in = lat.get(backend)
        if not rows_in or not isinstance(rows_in, list):
            continue
        out.append(f"\n**{backend}**\n")
        out.append(
            table(
                [
                    "Endpoint",
                    "Clients",
                    "Req/s",
                    "p50 (ms)",
                    "p95 (ms)",
                    "p99 (ms)",
                    "max (ms)",
                    "Errors",
                    "Degraded (database fallback)",
                    "Load generator CPU",
                ],
                [
                    (
                        r["endpoint"],
                        r["clients"],
                        f"{r['rps']:.1f}",
                        _ms(r["p50_ms"]),
                        _ms(r["p95_ms"]),
                        _ms(r["p99_ms"]),
                        _ms(r["max_ms"]),
                        f"{r['errors']}" + (f" {r['statuses']}" if r["errors"] else ""),
                        r.get("degraded", "–") if r["endpoint"] == "search" else "",
                        _share(r.get("loadgen_cpu_share")),
                    )
                    for r in rows_in
                ],
            )
        )
    out.extend(side_by_side(lat))
    took = results.get("took") or {}
    if took and "error" not in took:
        out.append(
            "\n**Where the time goes at 1 client (Elasticsearch)**: the engine's own "
            "`took` for the same queries, the client round trip to the engine, our "
            "code in-process (no HTTP), and the HTTP end-to-end p50.\n"
        )
        rows = []
        for endpoint in ("autocomplete", "search", "related"):
            t = took.get(endpoint) or {}
            e2e = latency_row(results, "elasticsearch", endpoint, 1)
            tk = (t.get("engine_took_s") or {}).get("p50")
            rt = (t.get("engine_roundtrip_s") or {}).get("p50")
            ip = (t.get("in_process_s") or {}).get("p50")
            rows.append(
                (
                    endpoint,
                    _ms(tk and tk * 1000),
                    _ms((t.get("engine_took_s") or {}).get("p95", 0) * 1000),
                    _ms(rt and rt * 1000),
                    _ms(ip and ip * 1000),
                    _ms(e2e and e2e["p50_ms"]),
                    f"{e2e['p50_ms'] / (tk * 1000):.1f}×" if e2e and tk else "–",
                )
            )
        out.append(
            table(
                [
                    "Endpoint",
                    "Engine took p50 (ms)",
                    "took p95",
                    "Engine round trip p50",
                    "In-process p50",
                    "HTTP p50 (1 client)",
                    "HTTP / took",
                ],
                rows,
            )
        )

    if took and "error" not in took:
        slow = []
        for endpoint in ("search", "autocomplete", "related"):
            for row in (took.get(endpoint) or {}).get("slowest", [])[:4]:
                slow.append(
                    (
                        endpoint,
                        f"`{row['query']}`",
                        _ms(row["total_s"] * 1000),
                        _ms(row["engine_took_s"] * 1000)
                        if row.get("engine_took_s") is not None
                        else "–",
                        "yes" if row.get("degraded") else "",
                    )
                )
        if slow:
            out.append("\nSlowest queries in-process (1 client):\n")
            out.append(
                table(
                    ["Endpoint", "Query", "Total (ms)", "Engine took (ms)", "Degraded"],
                    slow,
                )
            )

    # 4. Memory
    mem = results.get("memory") or {}
    if mem:
        out.append("\n## 4. Memory\n")
        rows = []
        for backend, r in mem.items():
            w = r.get("web_workers") or {}
            h = r.get("engine_heap") or {}
            rows.append(
                (
                    backend,
                    w.get("workers"),
                    _mb(w.get("peak_rss_max")),
                    _mb(w.get("peak_rss_sum")),
                    _mb(h.get("heap_used_peak")) if h else "n/a",
                    _mb(h.get("heap_max")) if h else "n/a",
                )
            )
        out.append(
            table(
                [
                    "Backend",
                    "Web workers",
                    "Peak RSS, largest worker",
                    "Peak RSS, all workers",
                    "Engine heap used (peak sample)",
                    "Engine heap max",
                ],
                rows,
            )
        )
        out.append(
            "\nWorker peak RSS is VmHWM from /proc after each endpoint's runs (a fresh server per endpoint; the largest is shown). The engine "
            "heap is sampled every second during the load (every index in that engine counts, e.g. ours and the stock one).\n"
        )

    # 5. Relevance
    rel = results.get("relevance") or {}
    if rel:
        out.append("\n## 5. Relevance (MedlinePlus corpus)\n")
        first = next((g for g in rel.values() if g and "queries" in g), {})
        out.append(
            f"{first.get('topics', '?')} topics; queries "
            + "; ".join(
                f"{backend}: "
                + ", ".join(f"{k} {v}" for k, v in (g.get("queries") or {}).items())
                for backend, g in rel.items()
                if g and g.get("queries")
            )
            + ". also_called: each also-called name, expecting its topic (or any topic "
            "with that name); misspelt: each title with one seeded edit (substitute, "
            "delete, insert or swap, never the first letter) in a word of 4+ letters; "
            "prefix: first word + first 3 letters of the next (autocomplete endpoints; "
            "titles of 2+ words). Stock: `HealthArticlePage.objects.live().search()` / "
            "`.autocomplete()` on Wagtail's own backend class; LIKE: title, summary or "
            "body contains the query, ordered by title (Ajax Search Pro's regular engine).\n"
        )
        rows = []
        for group in rel.values():
            if not group or "error" in group:
                if group:
                    rows.append(("error", group.get("error", ""), "", "", "", ""))
                continue
            for system, kinds in group.get("systems", {}).items():
                for kind in ("also_called", "misspelt", "prefix"):
                    s = kinds.get(kind)
                    if s:
                        rows.append(
                            (
                                system,
                                kind,
                                s["queries"],
                                _pct(s["mrr10"]),
                                _pct(s["success1"]),
                                _pct(s["success5"]),
                            )
                        )
        out.append(
            table(["System", "Queries", "n", "MRR@10", "success@1", "success@5"], rows)
        )
        for group in rel.values():
            for system, misses in (group or {}).get("missed_examples", {}).items():
                if misses:
                    out.append(
                        f"\nMissed (not in top 10) by {system}, first few: "
                        + "; ".join(f"{m['kind']} `{m['query']}`" for m in misses[:6])
                    )
        out.append("")

    judged = results.get("judged") or {}
    if judged:
        out.append("\n## 5b. Relevance: the judged set (how people ask)\n")
        out.append(judged_section(judged))
        out.append("")

    # Profiles
    prof = results.get("profile") or {}
    profiles = results.get("rebuild_profiles") or {}
    ours = profiles.get("ours")
    stock = profiles.get("stock")
    for r in results.get("indexing", []):  # older runs profiled the measured rebuild
        if r.get("profile") and r.get("path") == "ours" and not ours:
            ours = r
        if r.get("profile") and r.get("path") == "stock" and not stock:
            stock = r
    if (prof and "error" not in prof) or ours:
        out.append("\n## Profiles (cProfile)\n")
        for backend, group in (
            ("elasticsearch", prof),
            ("database", results.get("profile_database") or {}),
        ):
            if "error" in group:
                continue
            for endpoint in ("search", "autocomplete", "related"):
                p = group.get(endpoint)
                if p:
                    out.append(
                        f"<details><summary>{endpoint} ({backend}): {p['requests']} "
                        "requests through Django's test client, "
                        f"{p['mean_ms']:.1f} ms each under cProfile</summary>\n\n```\n"
                        + _trim_profile(p["profile"])
                        + "\n```\n</details>\n"
                    )
        for label, r in (("ours", ours), ("stock", stock)):
            if r:
                out.append(
                    f"<details><summary>full rebuild ({label}, {r.get('corpus')}, "
                    f"{r.get('articles')} articles): {r['seconds']:.1f} s under "
                    "cProfile</summary>\n\n```\n"
                    + _trim_profile(r["profile"])
                    + "\n```\n</details>\n"
                )

    if results.get("errors"):
        out.append("\n## Errors\n")
        for e in results["errors"]:
            out.append(
                f"- **{e['step']}**: {e['error']}\n\n```\n{(e.get('detail') or '')[-1200:]}\n```"
            )
    out.append(
        "\n## Method\n\n"
        "`make bench` (`python -m bench.run --full`); quick mode `make bench-quick`. "
        "Every corpus is its own SQLite file; Elasticsearch indexes use the `bench_` "
        "prefixes (deleted at the end). MedlinePlus text is read from "
        "../shared/data/medlineplus/ and never stored in the project; generated "
        "articles come from bench/generator.py (seeded). Corpora beyond MedlinePlus are "
        "bulk-inserted (pages without revisions), then indexed by the rebuilds measured above.\n"
    )
    return "\n".join(out) + "\n"


def judged_section(judged):
    """The judged relevance set (bench/relevance): per-class table and notes."""
    from .relevance import compact_table, examples_text, related_text, targets_text
    from .relevance import table as judged_table

    if "error" in judged and not judged.get("systems"):
        return f"Not measured: {judged['error']}"
    parts = [
        "Queries written for this project (questions, first-person symptoms, lay "
        "words, clinical terms not in any title, misspellings in longer queries, "
        "UK spellings, one-word), judged 0-3 against the MedlinePlus topics and "
        "the demo articles; see bench/relevance/. Plain BM25: `multi_match` "
        "(best_fields, tie-breaker 0.3) over title, also-known-as, tags, summary "
        "and body with the engine's `english` analyzer on an index of its own "
        "(no synonyms, no fuzziness); + MeSH: the same with the XML's MeSH "
        "headings as one more field; + embeddings: that BM25 fused by reciprocal "
        "rank (k=60, top 100 each) with exact cosine over WordLlama vectors of "
        "title, also-known-as, tags and summary.\n",
        judged_table(judged),
        "\nnDCG@10 per class:\n",
        compact_table(judged),
    ]
    notes = list(judged.get("notes") or [])
    for name, seconds in (judged.get("seconds") or {}).items():
        notes.append(f"{name}: {seconds:.1f}s for {judged.get('queries')} queries")
    notes += [f"error: {e}" for e in judged.get("errors") or [] if e]
    if notes:
        parts.append("\n" + "\n".join(f"- {n}" for n in notes))
    if judged.get("related"):
        parts.append("\n" + related_text(judged))
    if judged.get("examples"):
        parts.append("\n" + examples_text(judged))
    parts.append("\n" + targets_text(judged))
    return "\n".join(parts)


def _loads(values):
    return "–" if not values else " / ".join(f"{v:.1f}" for v in values)


def _trim_profile(text, lines=70):
    kept = text.splitlines()
    return "\n".join(kept[:lines])


# ---------------------------------------------------------------- chart


def chart(results, path: Path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    lat = results.get("latency") or {}
    endpoints = ("autocomplete", "search", "related")
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2), sharey=False)
    for ax, endpoint in zip(axes, endpoints, strict=True):
        for backend, colour in (
            ("elasticsearch", "tab:blue"),
            ("database", "tab:orange"),
            (ENGINE_DIRECT, "tab:green"),
            (STOCK_PATH, "tab:red"),
        ):
            rows = [r for r in lat.get(backend) or [] if r["endpoint"] == endpoint]
            if not rows:
                continue
            answered = [r for r in rows if r.get("p50_ms") is not None]
            xs = [r["clients"] for r in answered]
            ax.plot(
                xs,
                [r["p50_ms"] for r in answered],
                "o--",
                color=colour,
                label=f"{backend} p50",
            )
            ax.plot(
                xs,
                [r["p95_ms"] for r in answered],
                "o-",
                color=colour,
                label=f"{backend} p95",
            )
            failed = [r for r in rows if r.get("errors")]
            if failed:
                # Requests that time out have no latency: mark the cell at the
                # client's 30 s timeout.
                ax.plot(
                    [r["clients"] for r in failed],
                    [30000 for _ in failed],
                    "x",
                    color=colour,
                    markersize=9,
                    label=f"{backend}: errors/timeouts (30 s)",
                )
        limit = {"autocomplete": 50, "search": 120}.get(endpoint)
        if limit:
            ax.axhline(
                limit, color="grey", lw=0.8, ls=":", label=f"target p95 {limit} ms @ 8"
            )
        ax.set_xscale("log", base=2)
        ax.set_xticks([1, 8, 32])
        ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
        ax.set_yscale("log")
        ax.set_title(endpoint)
        ax.set_xlabel("concurrent clients")
        ax.set_ylabel("latency (ms)")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.suptitle(
        f"Latency vs concurrency ({lat.get('corpus', '?')} articles, {results.get('mode')} run)"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write(results, out_dir: Path, stem: str):
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    json_path = out_dir / f"{stem}.json"
    json_path.write_text(json.dumps(results, indent=1, default=str))
    files["json"] = json_path
    png = chart(results, out_dir / f"{stem}.png")
    if png:
        files["png"] = png
    md = out_dir / f"{stem}.md"
    md.write_text(markdown(results))
    files["md"] = md
    return files


def main(argv=None):
    """Re-render a report from its JSON, optionally adding a written analysis:
    ``python -m bench.report bench/results/X.json [--analysis notes.md]``."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("json")
    parser.add_argument("--analysis", help="Markdown inserted as the Analysis section")
    args = parser.parse_args(argv)
    source = Path(args.json)
    data = json.loads(source.read_text())
    if args.analysis:
        data["analysis"] = Path(args.analysis).read_text()
    print(write(data, source.parent, source.stem))


if __name__ == "__main__":
    main()
