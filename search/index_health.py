"""Numbers for Search > Index health: the engine, documents against articles,
the outbox backlog and the last rebuild. Never raises for engine problems;
asks the engine breaker first, so a failing engine is reported at once
instead of after a timeout."""

from django.contrib.contenttypes.models import ContentType
from wagtail.search.models import IndexEntry

from health_articles.models import HealthArticlePage

from . import breaker, outbox
from .backends import engine_backend
from .models import IndexRebuild
from .query.engine import EngineSearcher
from .query.visibility import visible_articles


def short_error(exc):
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 300 else text[:300] + "…"


def index_health():
    live = HealthArticlePage.objects.live()
    info = {
        "engine": "database",
        "version": "",
        "cluster_health": None,
        "cluster_error": "",
        "index_name": "",
        "indexed_documents": None,
        "expected_documents": live.count(),
        "counting": "live articles",
        "live_articles": live.count(),
        "live_public_articles": visible_articles().count(),
        "outbox": outbox.status(),
        "last_rebuild": IndexRebuild.objects.first(),
        "last_success": IndexRebuild.objects.filter(
            status=IndexRebuild.STATUS_SUCCEEDED
        ).first(),
    }
    backend = engine_backend()
    if backend is None:
        # The database index holds drafts too (filtered at query time).
        content_type = ContentType.objects.get_for_model(HealthArticlePage)
        info["indexed_documents"] = IndexEntry.objects.filter(
            content_type=content_type
        ).count()
        info["expected_documents"] = HealthArticlePage.get_indexed_objects().count()
        info["counting"] = "articles (live and draft)"
        info["cluster_health"] = None  # no engine: there is no cluster
        info["status"] = engine_status(info)
        return info
    info["engine"] = backend.product
    info["version"] = backend.engine_version
    engine_breaker = breaker.for_backend(backend)
    if not engine_breaker.allow():
        info["cluster_health"] = "unreachable"
        info["cluster_error"] = engine_breaker.last_error or "the engine is failing"
        info["status"] = engine_status(info)
        return info
    try:
        info["index_name"] = backend.page_index_name()
        if not info["version"]:
            info["version"] = backend.es.info()["version"]["number"]
        health = backend.es.cluster.health(request_timeout=3)
        info["cluster_health"] = health.get("status")
        info["nodes"] = health.get("number_of_nodes")
        info["indexed_documents"] = EngineSearcher(backend).live_document_count()
        engine_breaker.succeeded()
    except Exception as exc:  # noqa: BLE001 - the page must show the problem
        engine_breaker.failed(exc, "Index health")
        info["cluster_error"] = short_error(exc)
        if info["cluster_health"] is None:
            info["cluster_health"] = "unreachable"
    info["status"] = engine_status(info)
    return info


def engine_status(info):
    """What the engine's state means, in plain words: {"title", "text",
    "level"} with level "ok", "warning" or "critical"."""
    health, nodes = info.get("cluster_health"), info.get("nodes")
    if info.get("engine") == "database":
        return {
            "title": "No search engine: the database answers",
            "text": "No Elasticsearch or OpenSearch is configured "
            "(ELASTICSEARCH_URL is not set), so searches run on the database's "
            "own full-text index. There is no cluster to check; every search "
            "feature works, some in a simpler form.",
            "level": "ok",
        }
    if health == "green":
        return {
            "title": "Green: healthy",
            "text": "Every part of the index is stored, with its copies, as "
            "configured.",
            "level": "ok",
        }
    if health == "yellow" and nodes == 1:
        return {
            "title": "Yellow, as expected on a one-node cluster",
            "text": "All articles are indexed and search works normally. The "
            "engine keeps a spare copy (replica) of the index on a different "
            "node; with a single node there is nowhere to put it, so it stays "
            "unassigned. Add a second node, or set the index's "
            "number_of_replicas to 0, and the status turns green.",
            "level": "ok",
        }
    if health == "yellow":
        return {
            "title": "Yellow: searchable, some copies missing",
            "text": "All articles are indexed and search works, but some spare "
            "copies (replicas) are not assigned yet, usually while a node "
            "restarts or data is copied between nodes. It should turn green "
            "on its own; if it stays yellow, check that every node is running.",
            "level": "warning",
        }
    if health == "red":
        return {
            "title": "Red: part of the index is missing",
            "text": "Some of the index is not available, so some articles "
            "cannot be found. Check the engine's nodes and logs; once every "
            "node is back, rebuild the index if the numbers below stay out of "
            "step.",
            "level": "critical",
        }
    return {
        "title": "The engine is not answering",
        "text": "Searches are answered from the database in a simplified mode "
        "until the engine is back. Changes wait in the outbox below and are "
        "sent when it returns; nothing is lost.",
        "level": "critical",
    }
