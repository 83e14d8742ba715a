"""Django-side benchmark steps, each run in its own process by bench.run.

    python -m bench.worker STEP --out result.json [options]

The environment (DATABASE_URL, ELASTICSEARCH_URL, SEARCH_INDEX_PREFIX,
BENCH_STOCK_PREFIX) decides which database and engine a step works on; the
settings are bench.settings (the site's base settings plus a ``stock``
backend). Every step writes one JSON object to ``--out``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def setup_django():
    import django

    django.setup()


# ---------------------------------------------------------------- set-up


def step_setup(args):
    from django.core.management import call_command

    out = io.StringIO()
    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0, stdout=out)
    t1 = time.perf_counter()
    try:
        call_command("setup_site", stdout=out)
    except Exception:  # noqa: BLE001 - command missing: build the tree ourselves
        _setup_site_fallback()
    return {"migrate_s": t1 - t0, "setup_site_s": time.perf_counter() - t1}


def _setup_site_fallback():
    from wagtail.models import Page, Site

    from health_articles.models import HealthArticleIndexPage, HomePage

    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Health Answers", slug="home-bench")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True, hostname="localhost", port=80
    )
    site.root_page = home
    site.save()
    if not HealthArticleIndexPage.objects.exists():
        index = HealthArticleIndexPage(title="Health topics", slug="articles")
        home.add_child(instance=index)
        index.save_revision().publish()


# ---------------------------------------------------------------- import


def step_import(args):
    """The MedlinePlus importer, then until the outbox has delivered everything."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from search.indexing import build_missing_index
    from search.models import IndexOutboxEntry

    build_missing_index()  # a fresh engine prefix: as `update_index` would
    out, err = io.StringIO(), io.StringIO()
    failed = None
    t0 = time.perf_counter()
    try:
        call_command(
            "import_articles",
            args.path,
            format="medlineplus",
            publish=True,
            verbosity=1,
            stdout=out,
            stderr=err,
        )
    except CommandError as exc:
        failed = str(exc)
    t1 = time.perf_counter()
    # Index updates are delivered by background threads after each commit.
    # What is still queued when the command returns (failed deliveries wait
    # for their backoff) is delivered now, as `search_outbox --drain` would.
    from search import outbox

    left = IndexOutboxEntry.objects.count()
    failing = IndexOutboxEntry.objects.filter(attempts__gt=0).count()
    last_error = (
        IndexOutboxEntry.objects.exclude(last_error="")
        .values_list("last_error", flat=True)
        .first()
    )
    deadline = time.monotonic() + 600
    while IndexOutboxEntry.objects.exists() and time.monotonic() < deadline:
        if not outbox.deliver(due_only=False):
            time.sleep(0.05)
    t2 = time.perf_counter()
    from health_articles.models import HealthArticlePage

    articles = HealthArticlePage.objects.live().count()
    return {
        "import_s": t1 - t0,
        "searchable_s": t2 - t0,
        "drain_s": t2 - t1,
        "outbox_pending_after_import": left,
        "outbox_failing_after_import": failing,
        "outbox_last_error": (last_error or "")[:300],
        "outbox_left": IndexOutboxEntry.objects.count(),
        "articles": articles,
        "failed": failed,
        "summary": out.getvalue().strip().splitlines()[-1:] or [""],
        "errors": err.getvalue().strip().splitlines()[:20],
    }


# ---------------------------------------------------------------- bulk load


def step_load_generated(args):
    """Add generated articles fast: pages, article rows and tags in bulk.

    The importer (one transaction, revision and index update per article) runs
    at roughly a hundred articles a minute on SQLite, so the 20k/100k corpora
    are built with bulk inserts instead: live pages without revisions,
    exactly what update_index and the search views read.
    """
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag
    from wagtail.models import Locale, Page

    from health_articles.models import (
        HealthArticleIndexPage,
        HealthArticlePage,
        HealthArticleTag,
    )

    from .generator import generate

    index = HealthArticleIndexPage.objects.order_by("path").first()
    content_type = ContentType.objects.get_for_model(HealthArticlePage)
    locale_id = index.locale_id or Locale.get_default().pk
    steplen = Page.steplen
    last = index.get_last_child()
    step = Page._str2int(last.path[-steplen:]) if last else 0
    taken = set(index.get_children().values_list("slug", flat=True))
    tags = {name.casefold(): pk for pk, name in Tag.objects.values_list("pk", "name")}
    tag_slugs = set(Tag.objects.values_list("slug", flat=True))
    now = timezone.now()
    fields = HealthArticlePage._meta.local_concrete_fields
    columns = [f.column for f in fields]
    # Columns this loader does not fill (e.g. the readability scores, which
    # save() computes and a bulk load skips) take their null/default, so a
    # new nullable column never breaks the benchmark; a new required one
    # stops it here with its name.
    defaults = {}
    for f in fields:
        if f.null:
            defaults[f.column] = None
        elif f.has_default():
            defaults[f.column] = f.get_db_prep_save(f.get_default(), connection)
    filled = {
        "page_ptr_id", "summary", "also_known_as", "body", "hero_image_id",
        "hero_image_alt", "author", "reviewer", "last_reviewed",
        "next_review_due", "source_id", "source_url", "source_credit",
        "source_parent", "clinical_terms",
    }
    missing = [c for c in columns if c not in filled and c not in defaults]
    if missing:
        raise SystemExit(
            "bench loader: HealthArticlePage has required columns it does not "
            f"fill: {', '.join(missing)}"
        )
    insert_sql = (
        f"INSERT INTO {HealthArticlePage._meta.db_table} "
        f"({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    t_gen = t_db = 0.0
    started = time.perf_counter()
    created = 0
    batch_size = args.batch
    articles = generate(args.count, seed=args.seed, start=args.start)
    while created < args.count:
        t = time.perf_counter()
        batch = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                break
        if not batch:
            break
        pages = []
        for article in batch:
            base = slugify(article.title)[:70] or "article"
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            step += 1
            published = now - timezone.timedelta(days=article.last_reviewed_days_ago)
            pages.append(
                Page(
                    path=Page._get_path(index.path, index.depth + 1, step),
                    depth=index.depth + 1,
                    numchild=0,
                    translation_key=uuid.UUID(int=article.number + (1 << 100)),
                    locale_id=locale_id,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    latest_revision_created_at=published,
                    title=article.title,
                    draft_title=article.title,
                    slug=slug,
                    content_type=content_type,
                    url_path=f"{index.url_path}{slug}/",
                    seo_title="",
                    search_description="",
                    show_in_menus=False,
                )
            )
        for article in batch:
            for name in article.tags:
                if name.casefold() not in tags:
                    base = slugify(name) or "tag"
                    slug, n = base, 2
                    while slug in tag_slugs:
                        slug, n = f"{base}-{n}", n + 1
                    tag = Tag.objects.create(name=name, slug=slug)
                    tags[name.casefold()] = tag.pk
                    tag_slugs.add(slug)
        t_gen += time.perf_counter() - t
        t = time.perf_counter()
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            rows = []
            taggings = []
            for page, article in zip(pages, batch, strict=True):
                reviewed = (
                    now - timezone.timedelta(days=article.last_reviewed_days_ago)
                ).date()
                values = {
                    **defaults,
                    "page_ptr_id": page.pk,
                    "summary": article.summary,
                    "also_known_as": "\n".join(article.also_known_as),
                    "body": json.dumps(article.body),
                    "hero_image_id": None,
                    "hero_image_alt": "",
                    "author": article.author,
                    "reviewer": "",
                    "last_reviewed": reviewed.isoformat(),
                    "next_review_due": None,
                    "source_id": f"bench:{args.seed}:{article.number}",
                    "source_url": "",
                    "source_credit": "",
                    "source_parent": "",
                    "clinical_terms": "",
                }
                rows.append([values[c] for c in columns])
                for name in article.tags:
                    taggings.append(
                        HealthArticleTag(
                            tag_id=tags[name.casefold()], content_object_id=page.pk
                        )
                    )
            with connection.cursor() as cursor:
                cursor.executemany(insert_sql, rows)
            HealthArticleTag.objects.bulk_create(taggings)
        t_db += time.perf_counter() - t
        created += len(batch)
        if args.progress:
            print(f"loaded {created}/{args.count}", file=sys.stderr, flush=True)
    Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())
    return {
        "created": created,
        "seconds": time.perf_counter() - started,
        "generate_s": t_gen,
        "insert_s": t_db,
        "articles_total": HealthArticlePage.objects.live().count(),
    }


# ---------------------------------------------------------------- indexing


def _index_doc_count(backend):
    try:
        backend.es.indices.refresh(index=backend.page_index_name())
        return backend.es.count(index=backend.page_index_name())["count"]
    except Exception:  # noqa: BLE001
        return None


def step_rebuild(args):
    """One full rebuild: ours (search.indexing.rebuild_index) or stock update_index."""
    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend

    from health_articles.models import HealthArticlePage
    from search.indexing import rebuild_index

    articles = HealthArticlePage.objects.live().count()
    out = io.StringIO()
    profiler = cProfile.Profile() if args.profile else None
    t0 = time.perf_counter()
    if profiler:
        profiler.enable()
    if args.path == "ours":
        rebuild_index(backend_name=args.backend, stdout=out)
    else:
        call_command("update_index", backend_name=args.backend, stdout=out)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - t0
    backend = get_search_backend(args.backend)
    result = {
        "path": args.path,
        "backend": args.backend,
        "articles": articles,
        "seconds": seconds,
        "articles_per_s": articles / seconds if seconds else None,
        "output": out.getvalue().strip().splitlines()[-12:],
    }
    if hasattr(backend, "es"):
        result["docs_in_index"] = _index_doc_count_for(backend)
    if profiler:
        result["profile"] = _profile_text(profiler, 25)
    return result


def _index_doc_count_for(backend):
    from wagtail.models import Page

    name = backend.get_index_for_model(Page).name
    try:
        backend.es.indices.refresh(index=name)
        return backend.es.count(index=name)["count"]
    except Exception:  # noqa: BLE001
        return None


def _profile_text(profiler, limit):
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.strip_dirs().sort_stats("cumulative").print_stats(limit)
    stream.write("\n--- by own time ---\n")
    stats.sort_stats("tottime").print_stats(limit)
    text = stream.getvalue()
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


# ---------------------------------------------------------------- publish delay


def step_publish_delay(args):
    """Publish an edit, then poll the search until the new word is found."""
    from health_articles.models import HealthArticlePage
    from search import query

    engine = query.engine_backend()
    ids = list(
        HealthArticlePage.objects.live().order_by("pk").values_list("pk", flat=True)
    )
    step = max(1, len(ids) // (args.n + 1))
    delays, publish_times, misses, failures = [], [], 0, []
    first_failure = ""
    for i in range(args.n):
        time.sleep(1.0)  # an editor does not publish back to back
        page = HealthArticlePage.objects.get(pk=ids[(i + 1) * step])
        token = f"zyxbench{os.getpid()}q{i}"
        page.summary = f"{page.summary} {token}"[:2000]
        t0 = time.perf_counter()
        try:
            page.save_revision(log_action=False).publish(log_action=False)
        except Exception as exc:  # noqa: BLE001 - a failed publish is a result
            failures.append(f"{type(exc).__name__}: {exc}")
            if len(failures) == 1:
                first_failure = traceback.format_exc()[-2500:]
            continue
        t1 = time.perf_counter()
        found = False
        while time.perf_counter() - t0 < args.timeout:
            if _token_found(engine, token, page.pk):
                found = True
                break
            time.sleep(0.01)
        t2 = time.perf_counter()
        publish_times.append(t1 - t0)
        if found:
            delays.append(t2 - t0)
        else:
            misses += 1
    return {
        "publish_failures": len(failures),
        "publish_failure_examples": failures[:3],
        "publish_failure_traceback": first_failure,
        "backend": "elasticsearch" if engine is not None else "database",
        "samples": len(delays),
        "misses": misses,
        "publish_call_s": _summary(publish_times),
        "publish_to_searchable_s": _summary(delays),
    }


def _token_found(engine, token, pk):
    from search import query

    if engine is not None:
        fields = query.es_fields(engine)
        body = {
            "query": {"match": {fields["summary"]: token}},
            "size": 1,
            "_source": False,
        }
        hits = engine.raw_search(engine.page_index_name(), body)["hits"]["hits"]
        return any(int(h["_id"]) == pk for h in hits)
    backend = query.database_backend()
    found = backend.search(token, query.searchable_articles())[:5]
    return any(p.pk == pk for p in found)


def _summary(values):
    if not values:
        return None
    values = sorted(values)
    return {
        "n": len(values),
        "mean": statistics.fmean(values),
        "p50": _pct(values, 50),
        "p95": _pct(values, 95),
        "max": values[-1],
    }


def _pct(sorted_values, p):
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


# ---------------------------------------------------------------- engine floor


def step_engine_took(args):
    """The engine's own time (``took``) for the load test's queries.

    Each query runs through our code in-process (search_articles,
    autocomplete, related more-like-this without the cache); the engine
    request is wrapped to record ``took`` and the client round trip, and the
    whole call is timed too, so the report can split the time.
    """
    from health_articles.models import HealthArticlePage
    from search import query, related
    from search.backends import engine as engine_module

    captured = []
    original = engine_module.HealthBackendMixin.raw_search

    def recording(self, index, body, **kwargs):
        t = time.perf_counter()
        result = original(self, index, body, **kwargs)
        captured.append((result.get("took"), time.perf_counter() - t))
        return result

    engine_module.HealthBackendMixin.raw_search = recording
    from search.query import service

    service.ANSWER_SECONDS = 0.0  # every call asks the engine
    plan = json.loads(Path(args.plan).read_text())
    result = {}
    try:
        for endpoint, items in plan.items():
            took, roundtrip, total, slowest = [], [], [], []
            failures = 0
            # warm up (caches and connections)
            for item in items[:10]:
                _call(endpoint, item, query, related, HealthArticlePage)
            budget = time.perf_counter() + args.seconds
            for item in items[: args.limit]:
                if time.perf_counter() > budget:
                    break
                captured.clear()
                t = time.perf_counter()
                try:
                    outcome = _call(endpoint, item, query, related, HealthArticlePage)
                except Exception:  # noqa: BLE001 - counted
                    failures += 1
                    outcome = None
                elapsed = time.perf_counter() - t
                total.append(elapsed)
                engine_took = None
                if captured:
                    engine_took = sum(c[0] or 0 for c in captured) / 1000.0
                    took.append(engine_took)
                    roundtrip.append(sum(c[1] for c in captured))
                slowest.append(
                    {
                        "query": item,
                        "total_s": round(elapsed, 3),
                        "engine_took_s": engine_took,
                        "engine_calls": len(captured),
                        "degraded": bool(getattr(outcome, "degraded", False)),
                    }
                )
            slowest.sort(key=lambda row: row["total_s"], reverse=True)
            result[endpoint] = {
                "engine_took_s": _summary(took),
                "engine_roundtrip_s": _summary(roundtrip),
                "in_process_s": _summary(total),
                "engine_calls": len(took),
                "queries": len(total),
                "failures": failures,
                "degraded": sum(1 for row in slowest if row["degraded"]),
                "slowest": slowest[:6],
            }
    finally:
        engine_module.HealthBackendMixin.raw_search = original
    return result


def _call(endpoint, item, query, related, model):
    if endpoint == "autocomplete":
        return query.autocomplete(item, limit=8)
    if endpoint == "search":
        return query.search_articles(item)
    # What the related view does on a cache miss (no cache: every call misses).
    page = model.objects.get(pk=int(item))
    return [query.serialize(p) for p in query.load_pages(related.related_ids(page, 5))]


def step_engine_bodies(args):
    """The query bodies our code sends for the load test's queries, as
    ``[path, body]`` entries for bench/loadgen.py to POST straight to the
    engine (the engine's own limit for the same work)."""
    from health_articles.models import HealthArticlePage
    from search import query, related
    from search.backends import engine as engine_module
    from search.query import service

    captured = []
    original = engine_module.HealthBackendMixin.raw_search

    def recording(self, index, body, **kwargs):
        # The request as sent, query-string parameters (filter_path) too.
        query = "&".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
        path = f"{index}/_search" + (f"?{query}" if query else "")
        captured.append((path, json.dumps(body)))
        return original(self, index, body, **kwargs)

    engine_module.HealthBackendMixin.raw_search = recording
    service.ANSWER_SECONDS = 0.0  # every prefix asks the engine
    plan = json.loads(Path(args.plan).read_text())
    result = {}
    try:
        for endpoint in ("autocomplete", "search"):
            entries = []
            for item in plan[endpoint][: args.limit or None]:
                captured.clear()
                _call(endpoint, item, query, related, HealthArticlePage)
                if captured:  # one entry per query: its requests in order
                    entries.append([[f"/{p}", b] for p, b in captured])
            out = Path(args.plan).with_name(f"engine-bodies-{endpoint}.json")
            out.write_text(json.dumps(entries))
            result[endpoint] = {"file": str(out), "bodies": len(entries)}
    finally:
        engine_module.HealthBackendMixin.raw_search = original
    return result


# ---------------------------------------------------------------- profile


def step_profile(args):
    """cProfile of requests through Django's full stack (test client)."""
    from django.test import Client

    from search.query import service

    service.ANSWER_SECONDS = 0.0  # profile the work, not the answer cache
    plan = json.loads(Path(args.plan).read_text())
    client = Client()
    result = {}
    for endpoint, items in plan.items():
        urls = [_url(endpoint, item) for item in items[: args.limit]]
        warm = time.perf_counter()
        for url in urls[:5]:
            client.get(url)
            if time.perf_counter() - warm > args.seconds / 2:
                break  # slow backend: a short warm-up will do
        profiler = cProfile.Profile()
        t0 = time.perf_counter()
        done = 0
        profiler.enable()
        for url in urls:
            client.get(url)
            done += 1
            if time.perf_counter() - t0 > args.seconds:
                break
        profiler.disable()
        elapsed = time.perf_counter() - t0
        result[endpoint] = {
            "requests": done,
            "mean_ms": 1000 * elapsed / max(1, done),
            "profile": _profile_text(profiler, 30),
        }
    return result


def quote_path(item):
    from urllib.parse import quote

    return quote(item)


def _url(endpoint, item):
    from urllib.parse import quote

    if endpoint == "autocomplete":
        return f"/api/search/autocomplete/?q={quote(item)}"
    if endpoint == "search":
        return f"/api/search/?q={quote(item)}"
    return f"/api/articles/{item}/related/"


# ---------------------------------------------------------------- plans


def step_plan(args):
    """Query lists for the load test (deterministic): prefixes, queries, ids."""
    import random

    from health_articles.models import HealthArticlePage

    rng = random.Random(args.seed)
    rows = list(
        HealthArticlePage.objects.live()
        .order_by("pk")
        .values_list("pk", "title", "also_known_as")
    )
    sample = rng.sample(rows, min(len(rows), args.size))
    autocomplete, search, related = [], [], []
    from .corpus import one_edit

    for pk, title, aka in sample:
        words = title.split()
        # a visitor typing: 3, 4, 6 letters, then the first word and a bit
        first = words[0]
        for n in (3, 4, 6):
            if len(first) >= n:
                autocomplete.append(first[:n].lower())
        if len(words) > 1:
            autocomplete.append(f"{first} {words[1][:2]}".lower())
        names = [n for n in (aka or "").splitlines() if n.strip()]
        choice = rng.random()
        if choice < 0.4:
            search.append(title)
        elif choice < 0.65 and names:
            search.append(rng.choice(names))
        elif choice < 0.85:
            search.append(one_edit(title, rng) or title)
        else:
            search.append(" ".join(words[:2]).lower())
        related.append(str(pk))
    rng.shuffle(autocomplete)
    return {
        "autocomplete": autocomplete[: args.size],
        "search": search,
        "related": related,
    }


# ---------------------------------------------------------------- relevance


def step_relevance(args):
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    from health_articles.models import HealthArticlePage
    from search import query as our

    from .corpus import load_topics, make_queries

    topics = load_topics(args.xml)
    ids = dict(
        HealthArticlePage.objects.filter(
            source_id__startswith="medlineplus:"
        ).values_list("source_id", "pk")
    )
    topics = [t for t in topics if t.source_id in ids]
    queries = make_queries(topics)
    if args.limit:
        queries = _spread(queries, args.limit)
    if args.kinds:
        queries = [q for q in queries if q.kind in args.kinds.split(",")]
    engine = our.engine_backend()
    systems = {}
    if engine is not None:
        systems["ours (elasticsearch)"] = _ours
        if "stock" in _backend_names():
            systems["wagtail .search() (elasticsearch)"] = _stock("stock")
    else:
        systems["ours (database)"] = _ours
        systems["wagtail .search() (database)"] = _stock("default")
    if args.like:
        systems["substring LIKE"] = _like(HealthArticlePage, Q, TextField, Cast)
    if args.systems:
        wanted = args.systems.split(",")
        systems = {
            name: fn
            for name, fn in systems.items()
            if any(
                name.startswith(w)
                or (w == "stock" and "wagtail" in name)
                or (w == "like" and "LIKE" in name)
                for w in wanted
            )
        }
    results = {}
    examples = {}
    for name, fn in systems.items():
        per_kind = {}
        misses = []
        t0 = time.perf_counter()
        errors = 0
        for q in queries:
            try:
                found = fn(q.kind, q.text)
            except Exception as exc:  # noqa: BLE001 - count, go on
                errors += 1
                found = []
                if errors <= 3:
                    print(f"{name}: {q.text!r}: {exc}", file=sys.stderr)
            wanted = {ids[s] for s in q.relevant if s in ids}
            rank = next(
                (i + 1 for i, pk in enumerate(found[:10]) if pk in wanted), None
            )
            stats = per_kind.setdefault(q.kind, {"n": 0, "rr": 0.0, "s1": 0, "s5": 0})
            stats["n"] += 1
            if rank:
                stats["rr"] += 1.0 / rank
                stats["s1"] += rank == 1
                stats["s5"] += rank <= 5
            elif len(misses) < 8:
                misses.append({"kind": q.kind, "query": q.text})
        elapsed = time.perf_counter() - t0
        results[name] = {
            kind: {
                "queries": s["n"],
                "mrr10": s["rr"] / s["n"],
                "success1": s["s1"] / s["n"],
                "success5": s["s5"] / s["n"],
            }
            for kind, s in per_kind.items()
        }
        results[name]["_seconds"] = elapsed
        results[name]["_errors"] = errors
        examples[name] = misses
    return {
        "topics": len(topics),
        "queries": {
            k: sum(1 for q in queries if q.kind == k)
            for k in ("also_called", "misspelt", "prefix")
        },
        "systems": results,
        "missed_examples": examples,
    }


def _spread(items, limit):
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _backend_names():
    from django.conf import settings

    return list(settings.WAGTAILSEARCH_BACKENDS)


def _ours(kind, text):
    from search import query

    if kind == "prefix":
        return [r["id"] for r in query.autocomplete(text, limit=10)["results"]]
    return [r["id"] for r in query.search_articles(text, page_size=10).results]


def _stock(backend_name):
    def run(kind, text):
        from health_articles.models import HealthArticlePage

        qs = HealthArticlePage.objects.live()
        if kind == "prefix":
            found = qs.autocomplete(text, backend=backend_name)[:10]
        else:
            found = qs.search(text, backend=backend_name)[:10]
        return [p.pk for p in found]

    return run


def _like(model, Q, TextField, Cast):  # noqa: N803
    def run(kind, text):
        qs = (
            model.objects.live()
            .annotate(body_text=Cast("body", output_field=TextField()))
            .filter(
                Q(title__icontains=text)
                | Q(summary__icontains=text)
                | Q(body_text__icontains=text)
            )
            .order_by("title")
            .values_list("pk", flat=True)[:10]
        )
        return list(qs)

    return run


def step_load_demo(args):
    """The demo articles (health_articles/demo) under the articles index."""
    from health_articles.demo.loader import load_articles
    from health_articles.demo.site import setup_site

    _home, index = setup_site()
    result = load_articles(index)
    return {
        "created": len(result.created),
        "updated": len(result.updated),
        "unchanged": len(result.unchanged),
    }


def step_relevance_judged(args):
    """Rankings of the judged relevance set (bench/relevance) by each system
    this process can run; the orchestrator scores them."""
    from .relevance import systems

    queries = json.loads(Path(args.plan).read_text())
    prefix = os.environ.get("SEARCH_INDEX_PREFIX", "bench_")
    wanted = [s for s in args.systems.split(",") if s]
    return systems.run(queries, wanted, args.xml, prefix)


# ---------------------------------------------------------------- main

STEPS = {
    "setup": step_setup,
    "import": step_import,
    "load-generated": step_load_generated,
    "rebuild": step_rebuild,
    "publish-delay": step_publish_delay,
    "engine-took": step_engine_took,
    "engine-bodies": step_engine_bodies,
    "profile": step_profile,
    "plan": step_plan,
    "relevance": step_relevance,
    "load-demo": step_load_demo,
    "relevance-judged": step_relevance_judged,
}


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--out", required=True)
    parser.add_argument("--path", default="ours")
    parser.add_argument("--backend", default="default")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=20260414)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--progress", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--plan")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--size", type=int, default=400)
    parser.add_argument("--xml")
    parser.add_argument("--like", action="store_true")
    parser.add_argument("--kinds", default="")
    parser.add_argument("--systems", default="")
    args = parser.parse_args(argv)
    setup_django()
    try:
        result = STEPS[args.step](args)
        status = 0
    except Exception as exc:  # noqa: BLE001 - reported to the orchestrator
        result = {
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
        }
        status = 1
    Path(args.out).write_text(json.dumps(result, indent=1, default=str))
    return status


if __name__ == "__main__":
    sys.exit(main())
