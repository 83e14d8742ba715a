"""semantic.similar_to (related reading's embedding ranking): the best
``limit`` neighbours, best first, never the article itself or an excluded
one, none below MIN_COSINE; the same as sorting every score."""

import numpy as np

from search.query import semantic


def reference(ids, matrix, pk, exclude, limit):
    row = list(ids).index(pk)
    scores = matrix @ matrix[row]
    skip = set(exclude) | {pk}
    order = sorted(range(len(ids)), key=lambda i: -scores[i])
    found = [
        int(ids[i])
        for i in order
        if int(ids[i]) not in skip and scores[i] >= semantic.MIN_COSINE
    ]
    return found[:limit]


def test_matches_a_full_sort(monkeypatch):
    rng = np.random.default_rng(7)
    # Vectors around a few shared directions, so many pass MIN_COSINE.
    centres = rng.normal(size=(4, 16))
    matrix = centres[rng.integers(0, 4, 400)] + 0.6 * rng.normal(size=(400, 16))
    matrix = (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)
    ids = np.arange(1000, 1400, dtype=np.int64)
    monkeypatch.setattr(semantic, "_model_ready", lambda: True)
    monkeypatch.setattr(semantic._vectors, "get", lambda: (ids, matrix))
    for pk in (1000, 1137, 1399):
        best = reference(ids, matrix, pk, (), 400)
        exclude = best[:5] + [1200]
        for limit in (1, 8, 20):
            got = semantic.similar_to(pk, exclude, limit)
            assert got == reference(ids, matrix, pk, exclude, limit)
            assert pk not in got and not set(exclude) & set(got)
            assert len(got) == limit
