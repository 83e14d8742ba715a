"""search/embeddings.py: the packaged model loads offline, gives unit vectors
of its dimension, the same ones every time, and puts related texts closer
than unrelated ones."""

import socket

import numpy as np
import pytest

from search import embeddings


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the embedding model tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    import requests

    monkeypatch.setattr(requests, "get", refuse)


def test_packaged_model_loads_without_network(offline):
    embedder = embeddings.Embedder("wordllama")
    vectors = embedder.embed(["sore throat"])
    assert embedder.dimension == 256
    assert vectors.shape == (1, 256)


def test_module_interface_uses_the_configured_model(settings):
    settings.SEARCH_EMBEDDING_MODEL = "wordllama"
    assert embeddings.dimension() == 256
    assert embeddings.model_name() == "wordllama"
    assert embeddings.embed(["flu", "gout"]).shape == (2, 256)


def test_rows_are_unit_vectors_and_deterministic():
    texts = ["burning when i pee", "bladder infection", "ringing in the ears"]
    first = embeddings.get_embedder("wordllama").embed(texts)
    again = embeddings.Embedder("wordllama").embed(list(reversed(texts)))[::-1]
    assert first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(first, again)


def test_similar_texts_are_closer_than_unrelated_ones():
    vectors = embeddings.get_embedder("wordllama").embed(
        [
            "sore throat and swollen tonsils",
            "tonsillitis in children",
            "kidney stones",
            "pain when passing urine",
            "bladder infection",
            "sunburn and skin cancer",
        ]
    )
    cos = vectors @ vectors.T
    assert cos[0, 1] > cos[0, 2]
    assert cos[3, 4] > cos[3, 5]


def test_empty_input_and_text_without_known_words():
    embedder = embeddings.get_embedder("wordllama")
    assert embedder.embed([]).shape == (0, 256)
    row = embedder.embed([""])[0]
    assert row.shape == (256,)
    assert np.isfinite(row).all()


@pytest.mark.parametrize("spec", ["l2_supercat", "l2_supercat:big@/tmp", ":256@/tmp"])
def test_malformed_setting_is_a_clear_error(spec):
    with pytest.raises(embeddings.EmbeddingModelError, match="expected"):
        embeddings.Embedder(spec)


def test_missing_model_files_are_a_clear_error(tmp_path, offline):
    (tmp_path / "weights").mkdir()
    (tmp_path / "tokenizers").mkdir()
    with pytest.raises(embeddings.EmbeddingModelError, match="cannot load"):
        embeddings.Embedder(f"l2_supercat:1024@{tmp_path}")
    with pytest.raises(embeddings.EmbeddingModelError, match="not found"):
        embeddings.Embedder(f"l2_supercat:256@{tmp_path / 'absent'}")


def test_off_means_no_model():
    with pytest.raises(embeddings.EmbeddingModelError, match="lexical search only"):
        embeddings.Embedder("off")
