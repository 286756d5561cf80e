"""Features of (query, candidate fact-check) pairs for the learned ranker.

Every feature is a number computed from the query and one candidate, some normalised
across the query's candidate list (score / best score, rank), so one model serves short
and long queries alike. `FEATURES` names the columns of `build()`'s matrix; the ranker's
JSON stores the names it was trained with, so a mismatch fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FEATURES = [
    # lexical (BM25 of the 'ct' field: the fact-check's claim and title indexed as one text)
    "bm25_ct",
    "bm25_ct_rel",
    "bm25_ct_rank",
    "q_cov",
    "d_cov",
    # semantic: cos(query, claim) + cos(query, title), its gap to the best candidate's, its rank
    "cos_ct",
    "cos_ct_gap",
    "cos_ct_rank",
    # entities, author, numbers
    "ent_q",
    "ent_d",
    "has_ent_q",
    "has_ent_d",
    "author_in_doc",
    "num_shared",
    "num_q_only",
    "num_d_only",
    "num_conflict",
    "qty_shared",
    "qty_conflict",
    # shape and time
    "len_ratio",
    "date_known",
    "date_gap",
    "date_after",
    # cross-lingual pair (query and fact-check in different languages)
    "cross_lingual",
]


@dataclass
class QueryInfo:
    text: str  # cleaned text (what is embedded)
    lang: str
    term_ids: np.ndarray  # distinct known term ids
    term_idf: np.ndarray  # their idf (ct field)
    unknown_idf: float  # summed idf of query terms the collection never saw
    number_ids: np.ndarray  # canonical numbers' term ids (known ones)
    n_numbers: int  # all distinct numbers, known or not
    entity_ids: np.ndarray  # entity stems' term ids (known ones)
    n_entities: int  # all entity stems, known or not
    author_ids: np.ndarray
    n_terms: int
    quantities: frozenset = frozenset()  # (unit term id, value term id or -1), see text.analyze_full
    date_ordinal: int = 0
    vector: np.ndarray | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class CandidateSignals:
    """Per-candidate raw signals gathered by the matcher (arrays aligned with `rows`).

    `hits[i, j]`: candidate j contains term `hit_terms[i]` (the query's terms, entities and
    author words; read from the BM25 postings). Ragged per-candidate lists come flattened:
    `*_ids` holds the values of all candidates one after the other and `*_seg` the
    candidate (0..n-1) each belongs to.
    """

    rows: np.ndarray
    bm25: np.ndarray  # BM25 (ct) of the candidates
    bm25_max: float  # the best BM25 over the whole collection
    cos_ct: np.ndarray  # cos(query, claim) + cos(query, title)
    hit_terms: np.ndarray
    hits: np.ndarray  # bool (len(hit_terms), len(rows))
    ent_ids: np.ndarray  # entity term ids (claim)
    ent_seg: np.ndarray
    num_ids: np.ndarray  # number term ids (claim + title)
    num_seg: np.ndarray
    qty_ids: np.ndarray  # quantities as (unit, value) term id pairs, flattened
    qty_seg: np.ndarray  # (one entry per pair)
    doc_idf_ct_sum: np.ndarray  # summed idf of the candidate's distinct claim+title terms
    doc_len: np.ndarray  # claim+title term count
    doc_dates: np.ndarray  # ordinal, 0 = unknown
    doc_cross: np.ndarray  # 1.0 where the candidate's language differs from the query's


def quantity_agreement(a, b) -> tuple[int, bool]:
    """(shared quantities, conflict) of two sets of (unit, value) pairs: a conflict is a
    unit both state with no common value."""
    shared = len(set(a) & set(b))
    units_a: dict = {}
    for unit, value in a:
        units_a.setdefault(unit, set()).add(value)
    units_b: dict = {}
    for unit, value in b:
        units_b.setdefault(unit, set()).add(value)
    conflict = any(not (units_a[u] & units_b[u]) for u in units_a.keys() & units_b.keys())
    return shared, conflict


def _ranks(values: np.ndarray) -> np.ndarray:
    """0 for the best (largest) value."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), np.float64)
    ranks[order] = np.arange(len(values))
    return ranks


def _count(seg: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(seg, weights=weights, minlength=n)[:n] if len(seg) else np.zeros(n)


def build(q: QueryInfo, s: CandidateSignals, idf: np.ndarray) -> np.ndarray:
    """Feature matrix (n_candidates, len(FEATURES)), float32. `idf`: per term id (ct field)."""
    n = len(s.rows)
    X = np.zeros((n, len(FEATURES)), np.float64)
    col = {name: i for i, name in enumerate(FEATURES)}
    if n == 0:
        return X.astype(np.float32)
    ct = s.bm25.astype(np.float64)
    # BM25 as a share of what the query's own terms could score (the sum of their idf): an
    # absolute score grows with the collection's size (idf does), which would make a
    # newsroom's first hundred fact-checks look like weak matches to a ranker trained on
    # 14,000; this share means the same at any size.
    q_total = float(q.term_idf.sum()) + q.unknown_idf
    X[:, col["bm25_ct"]] = ct / q_total if q_total > 0 else 0.0
    X[:, col["bm25_ct_rel"]] = ct / max(s.bm25_max, 1e-9)
    X[:, col["bm25_ct_rank"]] = np.log1p(_ranks(ct))

    cos_ct = s.cos_ct.astype(np.float64)
    X[:, col["cos_ct"]] = cos_ct
    X[:, col["cos_ct_gap"]] = cos_ct.max() - cos_ct
    X[:, col["cos_ct_rank"]] = np.log1p(_ranks(cos_ct))

    vocab = len(idf)
    in_query = np.zeros(vocab, bool)
    in_query[q.term_ids] = True
    hits = s.hits.astype(np.float64)  # (terms, candidates)
    q_total = float(q.term_idf.sum()) + q.unknown_idf
    if q_total > 0:
        shared = (idf[s.hit_terms] * in_query[s.hit_terms]) @ hits
        X[:, col["q_cov"]] = shared / q_total
        X[:, col["d_cov"]] = np.where(s.doc_idf_ct_sum > 0, shared / np.maximum(s.doc_idf_ct_sum, 1e-9), 0.0)
    if q.n_entities:
        X[:, col["ent_q"]] = np.isin(s.hit_terms, q.entity_ids) @ hits / q.n_entities
    n_ent_d = _count(s.ent_seg, np.ones(len(s.ent_seg)), n)
    X[:, col["has_ent_d"]] = n_ent_d > 0
    X[:, col["ent_d"]] = np.where(
        n_ent_d > 0, _count(s.ent_seg, in_query[s.ent_ids].astype(np.float64), n) / np.maximum(n_ent_d, 1), 0.0
    )
    if len(q.author_ids):
        X[:, col["author_in_doc"]] = np.isin(s.hit_terms, q.author_ids) @ hits / len(q.author_ids)
    n_num_d = _count(s.num_seg, np.ones(len(s.num_seg)), n)
    mask = np.zeros(vocab, bool)
    mask[q.number_ids] = True
    shared = _count(s.num_seg, mask[s.num_ids].astype(np.float64), n)
    X[:, col["num_shared"]] = np.minimum(shared, 3)
    X[:, col["num_q_only"]] = np.minimum(q.n_numbers - shared, 3)
    X[:, col["num_d_only"]] = np.minimum(n_num_d - shared, 3)
    X[:, col["num_conflict"]] = (q.n_numbers > 0) & (n_num_d > 0) & (shared == 0)
    if q.quantities and len(s.qty_seg):
        pairs = s.qty_ids.reshape(-1, 2)
        for i in np.unique(s.qty_seg):
            dq = {(int(u), int(v)) for u, v in pairs[s.qty_seg == i]}
            shared_q, conflict = quantity_agreement(q.quantities, dq)
            X[i, col["qty_shared"]] = min(shared_q, 3)
            X[i, col["qty_conflict"]] = float(conflict)
    X[:, col["has_ent_q"]] = float(q.n_entities > 0)
    X[:, col["len_ratio"]] = np.log((1.0 + q.n_terms) / (1.0 + s.doc_len))
    if q.date_ordinal:
        known = s.doc_dates > 0
        gap = np.where(known, s.doc_dates - q.date_ordinal, 0).astype(np.float64)
        X[:, col["date_known"]] = known
        X[:, col["date_gap"]] = np.where(known, np.log1p(np.abs(gap)) / 8.0, 0.0)
        X[:, col["date_after"]] = np.where(known, (gap >= 0).astype(np.float64), 0.0)
    X[:, col["cross_lingual"]] = s.doc_cross
    return X.astype(np.float32)
