"""HTTP load generator: N client threads with keep-alive connections.

    python -m bench.loadgen --base http://127.0.0.1:8765 --paths paths.json \
        --clients 8 --duration 10 --warmup 2 --out result.json

A path entry may also be ``[[path, body], ...]``: each body (JSON) is POSTed
in turn on the connection and the entry is timed as one request, so
the same generator sends our query bodies straight to the engine (the
engine's own limit). The result has the generator's own CPU seconds and
their share of the window (``loadgen_cpu_share``: on 2 cores, 1.0 would
be half the machine).

Closed loop: each client sends its next request as soon as the previous
answer has been read (a visitor hammering the API, no think time). Clients
start at different offsets of the same path list. Runs in its own process so
its CPU use does not slow the server's Python; on a 2-core machine it still
shares the CPU with the server and the engine (the report says so).
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit


def run(base, paths, clients, duration, warmup, timeout=30.0):
    parts = urlsplit(base)
    host, port = parts.hostname, parts.port or 80
    start_at = time.perf_counter() + 0.2
    measure_from = start_at + warmup
    stop_at = measure_from + duration
    results = [None] * clients

    def client(number):
        latencies = []
        statuses = {}
        errors = []
        degraded = 0
        conn = None
        i = (number * len(paths)) // clients
        while time.perf_counter() < start_at:
            time.sleep(0.005)
        while True:
            now = time.perf_counter()
            if now >= stop_at:
                break
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            body = b""
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
                requests = (
                    [("GET", path, None)]
                    if isinstance(path, str)
                    else [("POST", p, b.encode()) for p, b in path]
                )
                for method, target, payload in requests:
                    conn.request(
                        method,
                        target,
                        body=payload,
                        headers={
                            "Accept": "application/json",
                            "Content-Type": "application/json",
                        },
                    )
                    response = conn.getresponse()
                    body = response.read()
                    status = response.status
                    if status != 200:
                        break
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except Exception as exc:  # noqa: BLE001 - an error is a result
                status = f"{type(exc).__name__}"
                if len(errors) < 5:
                    errors.append(f"{path}: {exc!r}")
                if conn is not None:
                    conn.close()
                conn = None
            t1 = time.perf_counter()
            if t1 < measure_from:
                continue
            # Every answer (or failure) that ends after the warm-up counts in
            # the statuses, even past the window: a request that times out
            # must show up as an error. Latencies only inside the window.
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            if b'"degraded": true' in body:
                degraded += 1
            if t1 <= stop_at:
                latencies.append(t1 - t0)
        if conn is not None:
            conn.close()
        results[number] = (latencies, statuses, errors, degraded)

    threads = [
        threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)
    ]
    cpu_start = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + warmup + timeout + 10)
    cpu = time.process_time() - cpu_start
    wall = duration + warmup + 0.2
    latencies, statuses, errors, degraded = [], {}, [], 0
    for item in results:
        if item is None:
            continue
        latencies.extend(item[0])
        for key, value in item[1].items():
            statuses[key] = statuses.get(key, 0) + value
        errors.extend(item[2])
        degraded += item[3]
    latencies.sort()
    ok = statuses.get("200", 0)
    total = sum(statuses.values())
    return {
        "clients": clients,
        "duration_s": duration,
        "requests": total,
        "ok": ok,
        "errors": total - ok,
        "statuses": statuses,
        "error_examples": errors[:5],
        "degraded": degraded,
        "in_window": len(latencies),
        "rps": len(latencies) / duration if duration else None,
        "p50_ms": _pct(latencies, 50) * 1000 if latencies else None,
        "p95_ms": _pct(latencies, 95) * 1000 if latencies else None,
        "p99_ms": _pct(latencies, 99) * 1000 if latencies else None,
        "max_ms": latencies[-1] * 1000 if latencies else None,
        "mean_ms": sum(latencies) / len(latencies) * 1000 if latencies else None,
        "loadgen_cpu_s": round(cpu, 3),
        "loadgen_cpu_share": round(cpu / wall, 3),
    }


def _pct(values, p):
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--paths", required=True)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    with open(args.paths) as handle:
        paths = json.load(handle)
    result = run(args.base, paths, args.clients, args.duration, args.warmup)
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
