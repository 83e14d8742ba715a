"""Text embeddings: the model behind one small interface.

    from search import embeddings
    vectors = embeddings.embed(["sore throat", "tonsillitis"])  # (2, dimension)
    embeddings.dimension(), embeddings.model_name()

Rows are float32 unit vectors (a text with no known word gives a zero row), so
a dot product is the cosine. Loading never touches the network: the model is
read from disk or the load fails with EmbeddingModelError.

The model is chosen by the ``SEARCH_EMBEDDING_MODEL`` setting (or the
environment variable of that name):

- ``"wordllama"`` (default): the 256-dimension ``l2_supercat`` model that the
  ``wordllama`` wheel ships (about 16 MB, CPU only);
- ``"<config>:<dim>@<folder>"``: another WordLlama model, e.g.
  ``"l3_supercat:1024@/srv/models/wordllama"``, where the folder holds
  ``weights/<config>_<dim>.safetensors`` and ``tokenizers/<tokenizer>.json``
  (the layout WordLlama caches in); a site plugs in a larger model this way;
- ``"off"``: no model; search is lexical only (the benchmark's baseline).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

DEFAULT_MODEL = "wordllama"
_DEFAULT_CONFIG = "l2_supercat"
_DEFAULT_DIM = 256


class EmbeddingModelError(RuntimeError):
    """The configured model cannot be loaded (missing files, bad setting)."""


class Embedder:
    """One loaded model: ``embed(texts)``, ``dimension``, ``name``."""

    def __init__(self, spec: str = DEFAULT_MODEL):
        self.name = spec
        config, dim, folder = _parse(spec)
        try:
            from wordllama import WordLlama
        except ImportError as exc:  # pragma: no cover - pinned in requirements
            raise EmbeddingModelError(f"wordllama is not installed: {exc}") from exc
        if folder is None:
            import wordllama

            # The wheel holds weights/ and tokenizers/ in its package folder;
            # its loader looks for the tokenizer elsewhere first, then in
            # cache_dir, so cache_dir points at the package itself.
            folder = Path(wordllama.__file__).resolve().parent
        folder = Path(folder)
        if not folder.is_dir():
            raise EmbeddingModelError(f"embedding model folder {folder} not found")
        try:
            self._model = WordLlama.load(
                config=config, dim=dim, cache_dir=folder, disable_download=True
            )
        except (FileNotFoundError, ValueError, AttributeError) as exc:
            raise EmbeddingModelError(
                f"cannot load embedding model {spec!r} from {folder}: {exc}"
            ) from exc
        self.dimension = int(self._model.embedding.shape[1])

    def embed(self, texts):
        import numpy as np

        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.asarray(self._model.embed(texts, norm=False), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.divide(
            vectors, norms, out=np.zeros_like(vectors), where=norms > 0
        ).astype(np.float32)


def _parse(spec):
    """``"wordllama"`` or ``"<config>:<dim>@<folder>"`` -> (config, dim, folder)."""
    spec = (spec or DEFAULT_MODEL).strip()
    if spec == "off":
        raise EmbeddingModelError("SEARCH_EMBEDDING_MODEL=off: lexical search only")
    if spec == DEFAULT_MODEL:
        return _DEFAULT_CONFIG, _DEFAULT_DIM, None
    name, _, folder = spec.partition("@")
    config, _, dim = name.partition(":")
    if not config or not folder or not dim.isdigit():
        raise EmbeddingModelError(
            f"SEARCH_EMBEDDING_MODEL={spec!r}: expected 'wordllama' or "
            "'<config>:<dim>@<folder>'"
        )
    return config, int(dim), folder


def configured_model():
    try:
        from django.conf import settings

        value = getattr(settings, "SEARCH_EMBEDDING_MODEL", None)
    except Exception:  # noqa: BLE001 - settings not configured (scripts)
        value = None
    return value or os.environ.get("SEARCH_EMBEDDING_MODEL") or DEFAULT_MODEL


_lock = threading.Lock()
_loaded: dict[str, Embedder] = {}


def get_embedder(spec: str | None = None) -> Embedder:
    """The (cached) embedder for ``spec``, default: the configured model."""
    spec = spec or configured_model()
    with _lock:
        if spec not in _loaded:
            _loaded[spec] = Embedder(spec)
        return _loaded[spec]


def embed(texts):
    """(len(texts), dimension) float32 unit vectors of the configured model."""
    return get_embedder().embed(texts)


def dimension() -> int:
    return get_embedder().dimension


def model_name() -> str:
    return get_embedder().name
