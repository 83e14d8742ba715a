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
        info["cluster_health"] = "green"
        return info
    info["engine"] = backend.product
    info["version"] = backend.engine_version
    engine_breaker = breaker.for_backend(backend)
    if not engine_breaker.allow():
        info["cluster_health"] = "unreachable"
        info["cluster_error"] = engine_breaker.last_error or "the engine is failing"
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
    return info
