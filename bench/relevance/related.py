"""Related reading, measured against judgments written for this project
(related.json: for at least 60 MedlinePlus topics, the topics a reader would
want next (2) or find useful (1)).

Systems, in one run on the same corpus: the site's related reading
(search/related.py: editor picks, then embeddings, shared tags and
more-like-this fused) and the baseline, the backend's more-like-this alone
(``search.query.similar_ids``: the engine's more-like-this; shared tags on the
database backend). Metrics over the five shown: nDCG@5 (gain 2^g - 1),
precision@5 (grade 1+) and success@5 (a grade-2 topic among them).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

JUDGMENTS = Path(__file__).resolve().parent / "related.json"
SHOWN = 5


def load_judgments(path=JUDGMENTS):
    return json.loads(Path(path).read_text())["articles"]


def rankings(label):
    """{system: {article key: [related keys]}} inside a Django process."""
    from health_articles.models import HealthArticlePage
    from search import related
    from search.query import similar_ids

    pages = {
        p.source_id: p
        for p in HealthArticlePage.objects.live().filter(
            source_id__in=[a["key"] for a in load_judgments()]
        )
    }
    key_of = dict(HealthArticlePage.objects.values_list("pk", "source_id"))
    baseline = "more-like-this" if label == "elasticsearch" else "shared tags"
    found = {f"blend ({label})": {}, f"{baseline} alone ({label})": {}}
    for key, page in pages.items():
        blend = related.related_ids(page, SHOWN)
        alone = similar_ids(page, {page.pk}, SHOWN)
        found[f"blend ({label})"][key] = [key_of.get(pk, "?") for pk in blend]
        found[f"{baseline} alone ({label})"][key] = [
            key_of.get(pk, "?") for pk in alone
        ]
    return found


def metrics(ranked, judged):
    ranked = ranked[:SHOWN]
    dcg = sum(
        (2 ** judged.get(k, 0) - 1) / math.log2(i + 2) for i, k in enumerate(ranked)
    )
    ideal = sorted(judged.values(), reverse=True)[:SHOWN]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return {
        "ndcg5": dcg / idcg if idcg else 0.0,
        "p5": sum(1 for k in ranked if judged.get(k, 0) >= 1) / SHOWN,
        "success5": float(any(judged.get(k, 0) >= 2 for k in ranked)),
    }


def score(found):
    """{system: {metric: mean, "articles": n}} for rankings()' output."""
    judged = {a["key"]: a["related"] for a in load_judgments()}
    scored = {}
    for system, by_key in found.items():
        rows = [metrics(by_key[k], judged[k]) for k in by_key if k in judged]
        if rows:
            scored[system] = {
                "articles": len(rows),
                **{m: sum(r[m] for r in rows) / len(rows) for m in rows[0]},
            }
    return scored


def table(scored):
    lines = [
        "Related reading against written judgments (bench/relevance/related.json):",
        "",
        "| system | articles | nDCG@5 | P@5 | S@5 |",
        "|---|---:|---:|---:|---:|",
    ]
    for system, row in scored.items():
        lines.append(
            f"| {system} | {row['articles']} | {row['ndcg5']:.3f} | "
            f"{row['p5']:.3f} | {row['success5']:.3f} |"
        )
    return "\n".join(lines)
