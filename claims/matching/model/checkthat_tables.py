"""Glue between the CheckThat! files and the matcher (evaluation and training only)."""

from __future__ import annotations

import numpy as np

from ..pipeline import Matcher, MatcherConfig
from ..text import clean_query
from . import checkthat_data as data


def fact_checks(path=None) -> list[dict]:
    """The CheckThat! fact-checks as the app's importer gives them: claim and title (the
    ClaimReview's `claimReviewed` and `headline`); the subtitle is not used."""
    rows = data.load_vclaims() if path is None else data.load_vclaims(path)
    return [
        {"id": d["vclaim_id"], "claim": d["vclaim"], "title": d["title"], "lang": "en", "date": d["date_parsed"]}
        for d in rows
    ]


def build_matcher(embedder=None, ranker=None, vectors=None, config: MatcherConfig | None = None) -> Matcher:
    """The 14,231 fact-checks indexed; `vectors` = (claim, title) matrices to skip embedding."""
    m = Matcher(embedder=embedder, ranker=ranker, config=config)
    m.add_many(fact_checks(), vectors=vectors)
    return m


def embed_queries(m: Matcher, queries: dict[str, str], batch: int = 128) -> dict[str, np.ndarray]:
    """Query vectors in batches (what match() would compute one at a time)."""
    ids = list(queries)
    texts = [clean_query(queries[q], m.segmenter).text or queries[q] for q in ids]
    out = {}
    for lo in range(0, len(ids), batch):
        vecs = m.embedder.encode(texts[lo : lo + batch])
        out.update(zip(ids[lo : lo + batch], vecs))
    return out


def candidate_table(
    m: Matcher,
    queries: dict[str, str],
    qrels: dict[str, set[str]] | None,
    vectors: dict[str, np.ndarray] | None = None,
    exclude_gold: bool = False,
):
    """Features of every query's candidates: (X, y, group, qids, doc_ids).

    exclude_gold: leave each query's relevant fact-checks out of the collection (a query
    with no earlier fact-check), for calibrating "same claim".
    """
    Xs, ys, gs, qids, dids = [], [], [], [], []
    for gi, (qid, text) in enumerate(queries.items()):
        rel = (qrels or {}).get(qid, set())
        q = m.query_info(text, "en", vector=None if vectors is None else vectors[qid])
        s = m.candidates(q, exclude=rel if exclude_gold else None)
        X = m.featurize(q, s)
        ids = [m.ids[r] for r in s.rows]
        Xs.append(X)
        ys.append(np.asarray([float(d in rel) for d in ids]))
        gs.append(np.full(len(ids), gi))
        qids.append(qid)
        dids.append(ids)
    return np.concatenate(Xs), np.concatenate(ys), np.concatenate(gs), qids, dids
