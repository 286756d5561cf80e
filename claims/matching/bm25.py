"""A multi-field BM25 index in numpy, cheap to update one document at a time.

Each field has its own postings, document lengths and document frequencies (the matcher
uses one field, "ct": a fact-check's claim and title as one text). Postings live in
two segments: a compact CSR segment (term -> sorted doc ids and term frequencies) and a
small append-only delta of Python lists for documents added since the last `compact()`
(Lucene-style); a search reads both. A bulk load (`add_many`, or `begin_bulk()` then
`compact()`) writes flat array buffers instead and sorts them into CSR once. Deleting
marks a tombstone. A posting is 5 bytes: doc id (int32) and term frequency (uint8, capped
at 255); each term's doc ids are ascending, which `contains()` relies on.

`score_rows()` computes the same scores from candidate rows (term counts per field) and
stored statistics (N, average length, document frequencies), which is what a
PostgreSQL-backed deployment has: a GIN index over the stems finds candidate rows, and
this function ranks them exactly as the in-memory index would.

BM25 (Lucene variant): idf = ln(1 + (N - df + 0.5) / (df + 0.5));
score = sum over query terms of idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)).
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .arrays import grow

MAX_TF = 255


@dataclass(frozen=True)
class FieldParams:
    k1: float = 1.2
    b: float = 0.75


class _Field:
    def __init__(self, params: FieldParams):
        self.params = params
        # compact segment
        self.offsets = np.zeros(1, dtype=np.int64)  # per term id, len = n_terms_compact + 1
        self.docs = np.zeros(0, dtype=np.int32)
        self.tfs = np.zeros(0, dtype=np.uint8)
        # delta segment: term id -> ([doc ids], [tfs])
        self.delta: dict[int, tuple[list[int], list[int]]] = {}
        # during a bulk load: flat (term id, doc, tf) buffers, turned into CSR by compact()
        self.bulk: tuple[array, array, array] | None = None
        self.lengths = np.zeros(1024, dtype=np.float32)
        self.df = np.zeros(1024, dtype=np.int32)
        self.total_length = 0.0

    def ensure(self, n_docs: int, n_terms: int):
        if n_docs > len(self.lengths):
            extra = grow(len(self.lengths), n_docs) - len(self.lengths)
            self.lengths = np.concatenate([self.lengths, np.zeros(extra, np.float32)])
        if n_terms > len(self.df):
            self.df = np.concatenate([self.df, np.zeros(grow(len(self.df), n_terms) - len(self.df), np.int32)])

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        parts_d, parts_t = [], []
        if term + 1 < len(self.offsets):
            lo, hi = self.offsets[term], self.offsets[term + 1]
            if hi > lo:
                parts_d.append(self.docs[lo:hi])
                parts_t.append(self.tfs[lo:hi])
        extra = self.delta.get(term)
        if extra:
            parts_d.append(np.asarray(extra[0], dtype=np.int32))
            parts_t.append(np.asarray(extra[1], dtype=np.uint8))
        if not parts_d:
            return np.zeros(0, np.int32), np.zeros(0, np.uint8)
        if len(parts_d) == 1:
            return parts_d[0], parts_t[0]
        return np.concatenate(parts_d), np.concatenate(parts_t)

    def compact(self, n_terms: int):
        """Merge the delta (or the bulk buffers) into the CSR segment."""
        if self.bulk is not None:
            self._compact_bulk(n_terms)
        if not self.delta and len(self.offsets) == n_terms + 1:
            return
        # delta only: its doc ids are newer than any in the CSR segment, so each term's
        # new postings go after its old ones; no sort, one pass of copies
        counts = np.diff(self.offsets)
        counts = np.concatenate([counts, np.zeros(n_terms - len(counts), np.int64)])
        add = np.zeros(n_terms, np.int64)
        for term, (d, _) in self.delta.items():
            add[term] = len(d)
        new_offsets = np.zeros(n_terms + 1, np.int64)
        np.cumsum(counts + add, out=new_offsets[1:])
        docs = np.empty(new_offsets[-1], np.int32)
        tfs = np.empty(new_offsets[-1], np.uint8)
        if len(self.docs):
            # old postings shift right by the number of new postings of all earlier terms
            shift = np.repeat(new_offsets[:-1] - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
            dest = np.arange(len(self.docs)) + shift
            docs[dest] = self.docs
            tfs[dest] = self.tfs
        for term, (d, t) in self.delta.items():
            lo = new_offsets[term] + counts[term]
            docs[lo : lo + len(d)] = d
            tfs[lo : lo + len(t)] = t
        self.offsets, self.docs, self.tfs, self.delta = new_offsets, docs, tfs, {}

    def _compact_bulk(self, n_terms: int):
        """CSR + delta + bulk buffers, sorted by (term, doc) once."""
        counts = np.diff(self.offsets)
        parts_t = [np.repeat(np.arange(len(counts), dtype=np.int32), counts)]
        parts_d, parts_f = [self.docs], [self.tfs]
        if self.delta:
            parts_t.append(np.concatenate([np.full(len(d), t, np.int32) for t, (d, _) in self.delta.items()]))
            parts_d.append(np.concatenate([np.asarray(d, np.int32) for d, _ in self.delta.values()]))
            parts_f.append(np.concatenate([np.asarray(f, np.uint8) for _, f in self.delta.values()]))
        bt, bd, bf = self.bulk
        parts_t.append(np.frombuffer(bt, np.int32))
        parts_d.append(np.frombuffer(bd, np.int32))
        parts_f.append(np.frombuffer(bf, np.uint8))
        terms = np.concatenate(parts_t)
        docs = np.concatenate(parts_d)
        tfs = np.concatenate(parts_f)
        order = np.lexsort((docs, terms))  # by term, then doc
        self.docs, self.tfs = docs[order], tfs[order]
        self.offsets = np.zeros(n_terms + 1, np.int64)
        np.cumsum(np.bincount(terms, minlength=n_terms), out=self.offsets[1:])
        self.delta, self.bulk = {}, None

    def trim(self, n_docs: int, n_terms: int):
        """Drop the spare capacity of the growable arrays (after a bulk load)."""
        self.lengths = self.lengths[: max(n_docs, 1)].copy()
        self.df = self.df[: max(n_terms, 1)].copy()


class Bm25Index:
    """BM25 over several fields; documents are numbered 0, 1, 2, ... in the order added."""

    def __init__(self, fields: dict[str, FieldParams] | tuple[str, ...]):
        if not isinstance(fields, dict):
            fields = {name: FieldParams() for name in fields}
        self.fields = {name: _Field(p) for name, p in fields.items()}
        self.vocab: dict[str, int] = {}
        self.n_docs = 0
        self.alive = np.ones(1024, dtype=bool)
        self.n_alive = 0

    # ------------------------------------------------------------ building
    def term_id(self, term: str, create: bool = False) -> int | None:
        tid = self.vocab.get(term)
        if tid is None and create:
            tid = self.vocab[term] = len(self.vocab)
        return tid

    def add(self, doc_fields: dict[str, list[str]]) -> int:
        """Index one document (field name -> its terms); returns its number."""
        doc = self.n_docs
        self.n_docs += 1
        self.n_alive += 1
        if self.n_docs > len(self.alive):
            extra = grow(len(self.alive), self.n_docs) - len(self.alive)
            self.alive = np.concatenate([self.alive, np.ones(extra, bool)])
        for name, field in self.fields.items():
            terms = doc_fields.get(name) or []
            counts = Counter(self.term_id(t, create=True) for t in terms)
            field.ensure(self.n_docs, len(self.vocab))
            field.lengths[doc] = len(terms)
            field.total_length += len(terms)
            for tid, tf in counts.items():
                field.df[tid] += 1
                tf = min(tf, MAX_TF)
                if field.bulk is not None:
                    field.bulk[0].append(tid)
                    field.bulk[1].append(doc)
                    field.bulk[2].append(tf)
                else:
                    d, t = field.delta.setdefault(tid, ([], []))
                    d.append(doc)
                    t.append(tf)
        return doc

    def begin_bulk(self):
        """Until the next compact(), postings go to flat buffers (no per-posting objects)."""
        for field in self.fields.values():
            if field.bulk is None:
                field.bulk = (array("i"), array("i"), array("B"))

    def add_many(self, docs: list[dict[str, list[str]]]):
        self.begin_bulk()
        for d in docs:
            self.add(d)
        self.compact()

    def delete(self, doc: int, doc_fields: dict[str, list[str]]):
        """Tombstone a document; its terms are needed to keep document frequencies right."""
        if not self.alive[doc]:
            return
        self.alive[doc] = False
        self.n_alive -= 1
        for name, field in self.fields.items():
            terms = doc_fields.get(name) or []
            field.total_length -= len(terms)
            for tid in {self.vocab[t] for t in terms if t in self.vocab}:
                field.df[tid] -= 1

    def tombstone(self, doc: int):
        """Hide a document from every search without touching the statistics."""
        self.alive[doc] = False

    def compact(self, trim: bool = False):
        for field in self.fields.values():
            field.compact(len(self.vocab))
            if trim:
                field.trim(self.n_docs, len(self.vocab))
        if trim:
            self.alive = self.alive[: max(self.n_docs, 1)].copy()

    # ------------------------------------------------------------ statistics
    def avgdl(self, name: str) -> float:
        return max(self.fields[name].total_length / max(self.n_alive, 1), 1e-9)

    def idf(self, name: str, tids: np.ndarray) -> np.ndarray:
        field = self.fields[name]
        field.ensure(self.n_docs, len(self.vocab))  # ids made since the last add (entity stems)
        df = field.df[tids].astype(np.float64)
        n = float(self.n_alive)
        return np.log1p((n - df + 0.5) / (df + 0.5))

    def stats(self) -> dict:
        """What a database-backed scorer needs (see score_rows)."""
        inv = {tid: t for t, tid in self.vocab.items()}
        return {
            "n_docs": self.n_alive,
            "fields": {
                name: {
                    "avgdl": self.avgdl(name),
                    "k1": f.params.k1,
                    "b": f.params.b,
                    "df": {inv[i]: int(v) for i, v in enumerate(f.df[: len(self.vocab)]) if v},
                }
                for name, f in self.fields.items()
            },
        }

    # ------------------------------------------------------------ scoring
    def query_ids(self, terms: list[str]) -> np.ndarray:
        """Distinct known term ids of a query (repeated query terms count once)."""
        seen = []
        for t in terms:
            tid = self.vocab.get(t)
            if tid is not None and tid not in seen:
                seen.append(tid)
        return np.asarray(seen, dtype=np.int64)

    def field_scores(self, name: str, tids: np.ndarray) -> np.ndarray:
        """Dense BM25 scores of every document for one field (float32, length n_docs)."""
        field = self.fields[name]
        out = np.zeros(self.n_docs, dtype=np.float64)
        if len(tids) == 0:
            return out.astype(np.float32)
        idf = self.idf(name, tids)
        k1, b = field.params.k1, field.params.b
        avgdl = self.avgdl(name)
        all_docs, all_w = [], []
        for tid, w in zip(tids, idf):
            docs, tfs = field.postings(int(tid))
            if len(docs) == 0:
                continue
            dl = field.lengths[docs]
            norm = k1 * (1.0 - b + b * dl / avgdl)
            all_docs.append(docs)
            all_w.append(w * tfs * (k1 + 1.0) / (tfs + norm))
        if all_docs:
            out = np.bincount(np.concatenate(all_docs), weights=np.concatenate(all_w), minlength=self.n_docs)
        out = out.astype(np.float32)
        out[~self.alive[: self.n_docs]] = 0.0
        return out

    def contains(self, name: str, tids: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Boolean matrix (len(tids), len(rows)): does document `rows[j]` contain term `tids[i]`
        in field `name` (read from the postings: no per-document term lists needed)."""
        field = self.fields[name]
        out = np.zeros((len(tids), len(rows)), bool)
        for i, tid in enumerate(tids):
            docs, _ = field.postings(int(tid))
            if len(docs):
                pos = np.minimum(np.searchsorted(docs, rows), len(docs) - 1)
                out[i] = docs[pos] == rows
        return out

    def doc_sums(self, name: str, weights: np.ndarray) -> np.ndarray:
        """Per document, the sum of `weights[term]` over its distinct terms in field `name`
        (float64, length n_docs), e.g. the summed idf of each document's terms."""
        field = self.fields[name]
        counts = np.diff(field.offsets)
        out = np.zeros(self.n_docs)
        out += np.bincount(field.docs, weights=np.repeat(weights[: len(counts)], counts), minlength=self.n_docs)
        for tid, (docs, _) in field.delta.items():
            np.add.at(out, np.asarray(docs, np.int64), weights[tid])
        return out

    def scores(self, terms: list[str], weights: dict[str, float] | None = None) -> dict[str, np.ndarray]:
        """Per-field dense scores for a query, plus their weighted sum under '_sum'."""
        tids = self.query_ids(terms)
        weights = weights or {name: 1.0 for name in self.fields}
        per_field = {name: self.field_scores(name, tids) for name in self.fields}
        total = np.zeros(self.n_docs, dtype=np.float32)
        for name, w in weights.items():
            if w:
                total += w * per_field[name]
        per_field["_sum"] = total
        return per_field

    def top(self, scores: np.ndarray, k: int) -> np.ndarray:
        """Indices of the k best documents, best first (ties: lower index first)."""
        k = min(k, len(scores))
        if k <= 0:
            return np.zeros(0, np.int64)
        part = np.argpartition(-scores, k - 1)[:k]
        return part[np.lexsort((part, -scores[part]))]


def score_rows(query_terms: list[str], rows: list[dict[str, dict[str, int]]], stats: dict, field: str) -> list[float]:
    """BM25 of candidate rows for one field from stored statistics (no in-memory index).

    rows: per candidate, field -> {term: count} (e.g. read from a JSON column next to
    the tsvector); stats: as returned by Bm25Index.stats() (or kept in a table).
    """
    f = stats["fields"][field]
    n, avgdl, k1, b = stats["n_docs"], f["avgdl"], f["k1"], f["b"]
    terms = list(dict.fromkeys(query_terms))
    idf = {t: float(np.log1p((n - f["df"].get(t, 0) + 0.5) / (f["df"].get(t, 0) + 0.5))) for t in terms if t in f["df"]}
    out = []
    for row in rows:
        counts = row.get(field) or {}
        dl = float(sum(counts.values()))
        s = 0.0
        for t, w in idf.items():
            tf = counts.get(t, 0)
            if tf:
                s += w * tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * dl / avgdl))
        out.append(s)
    return out
