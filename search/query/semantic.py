"""The semantic half: exact cosine similarity over article embeddings, in
process, fused with the lexical ranking by weighted reciprocal rank.

Each visible article is embedded once per content change from its title,
also-known-as names and summary (search/embeddings.py). The matrix is a
per-process value kept fresh by search/freshness.py's DerivedCache; across
rebuilds only new or edited texts are embedded again, so publishing one
article costs one embedding, not a corpus. A query costs one embedding and
one matrix-vector product (see bench/README.md for the measured figures).
ES 7.10 has no vector search, so this is the search on every backend.

When the model cannot be loaded the semantic half is off and search is
lexical only (logged once). A build that must embed more than
BACKGROUND_ABOVE texts (the first build of a process on a large site, about
4 s at 20,000 articles; a large import) runs in the background
(search/background.py): searches meanwhile are lexical only, and the next
search after it finishes uses the new vectors. While it runs no search
starts another build. Web workers start it when they start
(:func:`start_warming`, from config/gunicorn.conf.py).
"""

import logging
import threading

from .. import background, embeddings
from ..freshness import DerivedCache
from ..synonyms import normalise
from .promoted import filter_by_tags
from .visibility import visible_articles

logger = logging.getLogger("search")

# Reciprocal rank fusion: score = sum of weight / (RRF_K + rank).
RRF_K = 60
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.0
# How many of each ranking are fused (deeper pages are lexical only).
DEPTH = 100
# Neighbours less similar than this are not offered on their own (a query
# about nothing the site covers must not list the whole corpus).
MIN_COSINE = 0.35
# Embedding more texts than this is not done on a visitor's request.
BACKGROUND_ABOVE = 200

_texts = {}  # article text -> vector, kept across rebuilds
_texts_lock = threading.Lock()
_disabled = {"reason": None}
_embedding = {"thread": None}
_embedding_lock = threading.Lock()


class NotReady(Exception):
    """The vectors are being embedded in the background."""


def article_text(title, also_known_as, summary):
    names = " ".join((also_known_as or "").split())
    return " ".join(part for part in (title, names, summary or "") if part).strip()


def _visible_texts():
    """[(article id, embedded text)] of every visible article."""
    rows = visible_articles().values_list("pk", "title", "also_known_as", "summary")
    return [(pk, article_text(t, a, s)) for pk, t, a, s in rows]


def _embedding_elsewhere():
    """True while another thread embeds texts in the background."""
    running = _embedding["thread"]
    return (
        running is not None
        and running.is_alive()
        and running is not threading.current_thread()
    )


def _build():
    import numpy as np

    if _embedding_elsewhere():
        # Listing 20,000 texts to find them still missing costs about 0.4 s:
        # searches meanwhile are lexical only, and cheap.
        raise NotReady
    rows = _visible_texts()
    texts = [text for _pk, text in rows]
    with _texts_lock:
        missing = sorted({t for t in texts if t not in _texts})
    if len(missing) > BACKGROUND_ABOVE:
        _embed_in_background(missing)
        raise NotReady
    if missing:
        _embed_texts(missing)
    with _texts_lock:
        keep = set(texts)
        for text in [t for t in _texts if t not in keep]:
            del _texts[text]
        dimension = embeddings.dimension()
        matrix = (
            np.stack([_texts[t] for t in texts])
            if texts
            else np.zeros((0, dimension), dtype=np.float32)
        )
    return np.array([pk for pk, _text in rows], dtype=np.int64), matrix


def _embed_texts(texts):
    vectors = embeddings.embed(texts)
    with _texts_lock:
        for text, vector in zip(texts, vectors, strict=True):
            _texts[text] = vector


def _start_embedding(func, *args):
    """Run ``func(*args)`` as the one background embedding (none starts
    while another runs); returns the running thread."""
    with _embedding_lock:
        running = _embedding["thread"]
        if running is not None and running.is_alive():
            return running
        _embedding["thread"] = background.start(func, *args, name="search-embeddings")
        return _embedding["thread"]


def _embed_in_background(texts):
    """Start embedding ``texts`` off the request thread (once at a time)."""
    _start_embedding(_embed_texts, texts)


def warm():
    """Embed every article now, in this thread (bench runs, commands)."""
    wait_for_background()
    _warm_here()


def _warm_here():
    if not _model_ready():
        return
    with _texts_lock:
        missing = sorted({t for _pk, t in _visible_texts() if t not in _texts})
    if missing:
        _embed_texts(missing)
    _vectors.get()


def start_warming():
    """Embed every article in the background now (a web worker that has just
    started: config/gunicorn.conf.py), so the first searches it serves do not
    wait for, or repeatedly start, the build. Returns the thread."""
    return _start_embedding(_warm_here)


def wait_for_background(timeout=None):
    """Wait for a background embedding to finish (rebuild commands, tests)."""
    thread = _embedding["thread"]
    if thread is not None:
        thread.join(timeout)


_vectors = DerivedCache(_build)


def _model_ready():
    if _disabled["reason"] is not None:
        return False
    try:
        embeddings.get_embedder()
    except (embeddings.EmbeddingModelError, ImportError, OSError) as exc:
        _disabled["reason"] = str(exc)
        logger.warning("Semantic search off, lexical only: %s", exc)
        return False
    return True


def nearest(text, limit=DEPTH):
    """[(article id, cosine)] of the visible articles nearest ``text``, best
    first, at least MIN_COSINE similar; [] when the model is unavailable."""
    text = normalise(text)
    if not text or not _model_ready():
        return []
    try:
        ids, matrix = _vectors.get()
    except NotReady:
        return []
    if not len(ids):
        return []
    vector = embeddings.embed([text])[0]
    if not vector.any():
        return []
    scores = matrix @ vector
    count = min(limit, len(ids))
    top = scores.argpartition(-count)[-count:]
    top = top[scores[top].argsort()[::-1]]
    return [(int(ids[i]), float(scores[i])) for i in top if scores[i] >= MIN_COSINE]


def similar_to(pk, exclude=(), limit=20):
    """Ids of the visible articles whose vectors are nearest article ``pk``'s
    (related reading), best first; [] when it has none yet."""
    if not _model_ready():
        return []
    try:
        ids, matrix = _vectors.get()
    except NotReady:
        return []
    rows = (ids == pk).nonzero()[0]
    if not len(rows) or not matrix[rows[0]].any():
        return []
    scores = matrix @ matrix[rows[0]]
    skip = set(exclude) | {pk}
    # Only the best few are ever read: partition, then sort those (a full
    # sort of 20,000 scores cost about 1.5 ms per related list).
    count = min(len(scores), limit + len(skip))
    best = scores.argpartition(-count)[-count:]
    found = []
    for i in best[scores[best].argsort()[::-1]]:
        if scores[i] < MIN_COSINE or len(found) >= limit:
            break
        if int(ids[i]) not in skip:
            found.append(int(ids[i]))
    return found


def fuse(lexical, semantic, size=DEPTH):
    """Weighted reciprocal rank fusion of two ranked id lists."""
    scores = {}
    for weight, ranked in ((LEXICAL_WEIGHT, lexical), (SEMANTIC_WEIGHT, semantic)):
        for rank, pk in enumerate(ranked[:size], start=1):
            scores[pk] = scores.get(pk, 0.0) + weight / (RRF_K + rank)
    order = {pk: position for position, pk in enumerate(lexical)}
    return sorted(scores, key=lambda pk: (-scores[pk], order.get(pk, len(order))))


def blend(text, lexical, total, allowed=None):
    """(ids, total): the lexical ranking fused with the nearest articles.

    ``lexical`` is the lexical ranking's head (at most DEPTH ids; ``total``
    how many it matched in all); ``allowed(ids)`` keeps the neighbours a
    filter (tags) allows. Articles only the semantic half found are added to
    the total, so a total never counts an article twice.
    """
    if not lexical:
        # Nothing the visitor's words match: the semantic half reorders and
        # completes a lexical answer, it never invents one.
        return [], total
    neighbours = [pk for pk, _score in nearest(text)]
    if allowed is not None and neighbours:
        permitted = allowed(neighbours)
        neighbours = [pk for pk in neighbours if pk in permitted]
    if not neighbours:
        return list(lexical), total
    fused = fuse(list(lexical), neighbours)
    seen = set(lexical)
    extra = sum(1 for pk in neighbours if pk not in seen)
    if len(lexical) < total:
        # The lexical tail is unknown: a neighbour may be in it.
        extra = 0
    return fused, total + extra


def tag_filter(tags):
    """None, or ``allowed(ids)``: the visible ids carrying every tag."""
    if not tags:
        return None

    def allowed(ids):
        queryset = filter_by_tags(visible_articles(), tags).filter(pk__in=ids)
        return set(queryset.values_list("pk", flat=True))

    return allowed
