"""search/query/semantic.py: article vectors are embedded once per content
change (only new or edited texts), and the fusion keeps lexical order where
the semantic half adds nothing."""

from search import embeddings, freshness
from search.query import semantic
from tests.conftest import make_article, sync_index


def count_embedded(monkeypatch):
    """The texts embedded from now on (embeddings.embed still runs)."""
    embedded = []
    real = embeddings.embed

    def counting(texts):
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(embeddings, "embed", counting)
    return embedded


def test_vectors_embedded_once_per_text(site_tree, monkeypatch):
    embedded = count_embedded(monkeypatch)
    semantic._texts.clear()
    freshness.reset()
    gout = make_article(site_tree["index"], "Gout", summary="Painful joints.")
    make_article(site_tree["index"], "Flu", summary="A virus with fever.")
    freshness.content_changed()
    first = [pk for pk, _ in semantic.nearest("swollen painful big toe joint")]
    assert first and first[0] == gout.pk
    assert len(embedded) == 2 + 1  # two articles, one query
    semantic.nearest("swollen painful big toe joint")
    assert len(embedded) == 2 + 2  # cached: only the query again
    gout.summary = "Painful, swollen joints (uric acid)."
    gout.save_revision().publish()
    freshness.content_changed()
    semantic.nearest("fever")
    # Only the edited article is embedded again, plus the query.
    assert embedded[4:] == [
        semantic.article_text("Gout", "", gout.summary),
        "fever",
    ]


def test_fusion_needs_a_lexical_answer(site_tree):
    make_article(site_tree["index"], "Gout", summary="Painful joints.")
    freshness.content_changed()
    assert semantic.blend("painful joints", [], 0) == ([], 0)


def test_fuse_keeps_lexical_order_without_neighbours():
    assert semantic.fuse([3, 1, 2], []) == [3, 1, 2]
    # Found by both rankings first.
    assert semantic.fuse([3, 1, 2], [2])[0] == 2


def test_a_large_build_runs_in_the_background(site_tree, monkeypatch):
    """Embedding many texts never holds up a search: until the background
    build is done, search is lexical only; then the vectors are used."""
    from search import query

    monkeypatch.setattr(semantic, "BACKGROUND_ABOVE", 1)
    semantic._texts.clear()
    freshness.reset()
    gout = make_article(site_tree["index"], "Gout", summary="Painful joints.")
    make_article(site_tree["index"], "Flu", summary="A virus with fever.")
    sync_index()
    freshness.content_changed()
    assert semantic.nearest("swollen painful big toe joint") == []
    # The search itself answers, by its words only.
    found = query.search_articles("gout")
    assert [r["id"] for r in found.results] == [gout.pk]
    semantic.wait_for_background(timeout=120)
    nearest = semantic.nearest("swollen painful big toe joint")
    assert nearest and nearest[0][0] == gout.pk


def test_a_small_build_is_done_in_the_request(site_tree, monkeypatch):
    monkeypatch.setattr(semantic, "BACKGROUND_ABOVE", 200)
    semantic._texts.clear()
    freshness.reset()
    gout = make_article(site_tree["index"], "Gout", summary="Painful joints.")
    freshness.content_changed()
    nearest = semantic.nearest("swollen painful big toe joint")
    assert nearest and nearest[0][0] == gout.pk


def test_no_search_lists_the_texts_again_while_the_background_embeds(
    site_tree, monkeypatch
):
    """At 20,000 articles listing the texts costs about 0.4 s: searches that
    arrive while the background build runs must not each list them again to
    find them still missing (they did: 13 of 60 profiled searches)."""
    import threading

    monkeypatch.setattr(semantic, "BACKGROUND_ABOVE", 1)
    semantic._texts.clear()
    freshness.reset()
    gout = make_article(site_tree["index"], "Gout", summary="Painful joints.")
    make_article(site_tree["index"], "Flu", summary="A virus with fever.")
    freshness.content_changed()
    release = threading.Event()
    real_embed = semantic._embed_texts

    def slow_embed(texts):
        release.wait(60)
        real_embed(texts)

    listed = []
    real_list = semantic._visible_texts

    def counting_list():
        listed.append(threading.current_thread().name)
        return real_list()

    monkeypatch.setattr(semantic, "_embed_texts", slow_embed)
    monkeypatch.setattr(semantic, "_visible_texts", counting_list)
    try:
        assert semantic.nearest("swollen painful big toe joint") == []
        assert len(listed) == 1  # the search that started the build
        for _ in range(5):
            assert semantic.nearest("swollen painful big toe joint") == []
        assert len(listed) == 1
    finally:
        release.set()
    semantic.wait_for_background(timeout=120)
    nearest = semantic.nearest("swollen painful big toe joint")
    assert nearest and nearest[0][0] == gout.pk
    assert len(listed) == 2  # the build after the background one finished


def test_start_warming_embeds_off_the_request_path(
    transactional_db, site_tree, monkeypatch
):
    """What a web worker runs when it starts (config/gunicorn.conf.py): the
    whole build in a background thread, after which searches use vectors
    without embedding any article."""
    monkeypatch.setattr(semantic, "BACKGROUND_ABOVE", 1)
    semantic._texts.clear()
    freshness.reset()
    gout = make_article(site_tree["index"], "Gout", summary="Painful joints.")
    make_article(site_tree["index"], "Flu", summary="A virus with fever.")
    freshness.content_changed()
    thread = semantic.start_warming()
    assert thread.name == "search-embeddings"
    thread.join(120)
    assert not thread.is_alive()
    embedded = count_embedded(monkeypatch)
    nearest = semantic.nearest("swollen painful big toe joint")
    assert nearest and nearest[0][0] == gout.pk
    assert embedded == ["swollen painful big toe joint"]  # the query only


def test_gunicorn_workers_start_warming(monkeypatch):
    import runpy
    from pathlib import Path

    config = runpy.run_path(
        str(Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py")
    )
    called = []
    monkeypatch.setattr(semantic, "start_warming", lambda: called.append(True))
    config["post_worker_init"](worker=None)
    assert called == [True]
