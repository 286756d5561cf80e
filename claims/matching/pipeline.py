"""The claim matcher: candidates from BM25 and embeddings, re-ranked on features.

    m = Matcher(embedder=Embedder(), ranker=Ranker.load("ranker.json"))
    m.add("fc-1", claim="...", title="...", subtitle="...", lang="it", date=date(2021, 3, 1))
    m.match("tweet or claim text", lang="en")  ->  [Match(doc_id, probability, level, ...)]

1. The query is cleaned (text.clean_query), analysed (stems, canonical numbers) and
   embedded once.
2. Candidates: the `lexical_k` best by BM25 over claim+title, the `dense_k` best by
   cosine (claim + title vectors) and, when fact-checks in other languages exist, the
   `cross_lexical_k` best by BM25 of the query stemmed as those languages, merged.
3. Features (features.py) for each candidate; the ranker's log-odds orders them
   (candidates in another language: the ranker's cross-lingual model, see MatcherConfig).
4. Levels: the best candidate is "same" when its calibrated probability passes the
   threshold chosen on held-out data and no guard fires (numbers or named entities
   that contradict the query's); otherwise "related" (with the reason) above a lower
   threshold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date

import numpy as np

from . import features as feats
from .bm25 import Bm25Index, FieldParams, grow
from .levels import assign_levels
from .text import CleanQuery, WordSegmenter, analyze, analyze_full, clean_query, entities, raw_tokens
from .vectors import VectorIndex

FIELDS = ("claim", "title", "subtitle", "ct")


class Ragged:
    """Append-only list of small int32 arrays in two flat numpy buffers."""

    def __init__(self):
        self.data = np.zeros(4096, np.int32)
        self.offsets = np.zeros(1025, np.int64)
        self.n = 0

    def append(self, values) -> None:
        values = np.asarray(values, np.int32)
        start = self.offsets[self.n]
        end = start + len(values)
        if end > len(self.data):
            self.data = np.concatenate([self.data, np.zeros(grow(len(self.data), end) - len(self.data), np.int32)])
        if self.n + 2 > len(self.offsets):
            extra = grow(len(self.offsets), self.n + 2) - len(self.offsets)
            self.offsets = np.concatenate([self.offsets, np.zeros(extra, np.int64)])
        self.data[start:end] = values
        self.n += 1
        self.offsets[self.n] = end

    def __getitem__(self, i: int) -> np.ndarray:
        return self.data[self.offsets[i] : self.offsets[i + 1]]

    def trim(self) -> None:
        self.data = self.data[: max(int(self.offsets[self.n]), 1)].copy()
        self.offsets = self.offsets[: self.n + 2].copy()

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All values of `rows`, concatenated, and the position in `rows` each came from."""
        starts, ends = self.offsets[rows], self.offsets[rows + 1]
        lengths = ends - starts
        seg = np.repeat(np.arange(len(rows)), lengths)
        if len(seg) == 0:
            return np.zeros(0, np.int32), seg
        within = np.arange(len(seg)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.data[np.repeat(starts, lengths) + within], seg

    @property
    def nbytes(self) -> int:
        return int(self.offsets[self.n] * 4 + (self.n + 1) * 8)


@dataclass
class Match:
    doc_id: str
    score: float  # ranker log-odds (orders the list)
    probability: float = 0.0  # calibrated probability of "same claim" (best candidate only)
    level: str = ""  # "same", "related", "related: numbers differ", ... or "" (none)
    features: dict = field(default_factory=dict)


@dataclass
class MatcherConfig:
    lexical_k: int = 30
    dense_k: int = 30
    vector_dtype: str = "int8"
    bm25: FieldParams = FieldParams(1.2, 0.75)
    use_author: bool = True  # a post's author name (from its trailer) joins the query terms
    use_date: bool = False  # date features (and the ranker's "dated" model) when the query has a date
    cross_lexical_k: int = 15  # with fact-checks in other languages: BM25 candidates from the query
    # analysed in their language (names, numbers, cognates match)
    cross_mode: str = "model"  # candidates in another language: "model" = the ranker's cross-lingual
    # model (no lexical features); "reanalyse" = main model on features
    # from the query analysed in the candidate's language


def _ordinal(d) -> int:
    if d is None:
        return 0
    if isinstance(d, int):
        return d
    return d.toordinal()


class Matcher:
    def __init__(self, embedder=None, ranker=None, config: MatcherConfig | None = None):
        self.embedder = embedder
        self.ranker = ranker
        self.config = config or MatcherConfig()
        self.bm25 = Bm25Index({name: self.config.bm25 for name in FIELDS})
        # two int8 matrices: claim vectors, and claim + title vectors (the one scanned: its dot
        # product with the query is cos(claim) + cos(title)); cos(title) of a candidate is the
        # difference of the two, so the title needs no matrix of its own
        self.vec_claim = VectorIndex(None, self.config.vector_dtype)
        self.vec_sum = VectorIndex(None, self.config.vector_dtype)
        self.ids: list[str] = []
        self._row: dict[str, int] = {}
        self.doc_quantities: dict[int, frozenset] = {}  # only rows that state quantities
        self._langs_present: set[str] = set()
        self._lang_mask_cache: dict | None = None
        self.langs: list[str] = []
        self.dates = np.zeros(1024, np.int32)
        self.terms_ct = Ragged()
        self.terms_all = Ragged()
        self.doc_entities = Ragged()
        self.doc_numbers = Ragged()
        self.idf_sum_ct = np.zeros(1024, np.float32)  # refreshed lazily (idf drifts as docs arrive)
        self._idf_sum_stale = True
        self._idf_cache = np.zeros(0)
        self._idf_n: int | None = None
        self._idf_docs = 0
        self.word_counts: Counter = Counter()
        self._segmenter: WordSegmenter | None = None

    # ------------------------------------------------------------ indexing
    def __len__(self) -> int:
        return len(self.ids)

    def add(
        self,
        doc_id: str,
        claim: str,
        title: str = "",
        subtitle: str = "",
        lang: str = "en",
        date: Date | int | None = None,
        vectors: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> int:
        """Index one fact-check; `vectors` = (claim vector, title vector) if already computed.

        Give vectors for every fact-check or for none (no embedder, no vectors: lexical only).
        Adding an id again replaces the earlier version.
        """
        lang = "it" if lang == "it" else "en"
        if doc_id in self._row:
            self.remove(doc_id)
        (t_claim, q_claim), (t_title, q_title) = analyze_full(claim, lang), analyze_full(title, lang)
        t_sub = analyze(subtitle or "", lang)
        row = self.bm25.add({"claim": t_claim, "title": t_title, "subtitle": t_sub, "ct": t_claim + t_title})
        tid = self.bm25.term_id
        ct_ids = np.unique([tid(t) for t in t_claim + t_title]).astype(np.int32)
        all_ids = np.unique([tid(t) for t in t_claim + t_title + t_sub]).astype(np.int32)
        self.terms_ct.append(ct_ids)
        self.terms_all.append(all_ids)
        self.doc_entities.append(sorted({tid(e, create=True) for e in entities(claim, lang)}))
        self.doc_numbers.append(sorted({tid(t) for t in t_claim + t_title if t[0].isdigit()}))
        if q_claim or q_title:
            self.doc_quantities[row] = frozenset(q_claim | q_title)
        self._row[doc_id] = row
        self.ids.append(doc_id)
        self.langs.append(lang)
        self._langs_present.add(lang)
        self._lang_mask_cache = None
        if row >= len(self.dates):
            extra = grow(len(self.dates), row + 1) - len(self.dates)
            self.dates = np.concatenate([self.dates, np.zeros(extra, np.int32)])
            self.idf_sum_ct = np.concatenate([self.idf_sum_ct, np.zeros(extra, np.float32)])
        self.dates[row] = _ordinal(date)
        self._idf_sum_stale = True
        for text in (claim, title, subtitle or ""):
            self.word_counts.update(w for w in raw_tokens(text) if w.isalpha())
        self._segmenter = None
        if vectors is None and self.embedder is not None:
            vecs = self.embedder.encode([claim, title or claim])
            vectors = (vecs[0], vecs[1])
        if vectors is not None:
            self.vec_claim.add(vectors[0])
            self.vec_sum.add(np.asarray(vectors[0], np.float32) + np.asarray(vectors[1], np.float32))
        return row

    def remove(self, doc_id: str) -> bool:
        """Take a fact-check out of every result (a tombstone). Document frequencies and
        lengths keep counting it until the index is rebuilt: rebuild after many removals."""
        row = self._row.pop(doc_id, None)
        if row is None:
            return False
        self.bm25.tombstone(row)
        self.doc_quantities.pop(row, None)
        return True

    def add_many(
        self, docs: list[dict], vectors: tuple[np.ndarray, np.ndarray] | None = None, batch: int = 256
    ) -> None:
        """docs: dicts with id, claim, title, subtitle, lang, date. Embeds in batches."""
        self.bm25.begin_bulk()
        for lo in range(0, len(docs), batch):
            chunk = docs[lo : lo + batch]
            if vectors is not None:
                vc, vt = vectors[0][lo : lo + batch], vectors[1][lo : lo + batch]
            elif self.embedder is not None:
                vc = self.embedder.encode([d["claim"] for d in chunk])
                vt = self.embedder.encode([d.get("title") or d["claim"] for d in chunk])
            else:
                vc = vt = None
            for i, d in enumerate(chunk):
                self.add(
                    d["id"],
                    d["claim"],
                    d.get("title", ""),
                    d.get("subtitle", ""),
                    d.get("lang", "en"),
                    d.get("date"),
                    None if vc is None else (vc[i], vt[i]),
                )
        self.trim()

    def trim(self) -> None:
        """Merge postings into CSR and drop the spare capacity of every growable array."""
        self.bm25.compact(trim=True)
        for part in (self.vec_claim, self.vec_sum):
            part.trim()
        for ragged in (self.terms_ct, self.terms_all, self.doc_entities, self.doc_numbers):
            ragged.trim()
        n = len(self.ids)
        self.dates = self.dates[: max(n, 1)].copy()
        self.idf_sum_ct = self.idf_sum_ct[: max(n, 1)].copy()

    @property
    def segmenter(self) -> WordSegmenter:
        if self._segmenter is None:
            self._segmenter = WordSegmenter(self.word_counts)
        return self._segmenter

    def _refresh_idf_sums(self):
        """idf per term and each document's summed claim+title idf, kept incrementally.

        Everything is recomputed when the collection size moved by more than 0.5% since the
        last full pass; in between, new terms and new documents are filled in with the
        idf of that pass (idf changes little while N barely moves).
        """
        if not self._idf_sum_stale:
            return
        n_terms, n_docs = len(self.bm25.vocab), len(self.ids)
        full = self._idf_n is None or abs(self.bm25.n_alive - self._idf_n) > 0.005 * max(self._idf_n, 1)
        if full:
            self._idf_cache = self.bm25.idf("ct", np.arange(n_terms))
            self._idf_n, first = self.bm25.n_alive, 0
        else:
            have = len(self._idf_cache)
            if n_terms > have:
                self._idf_cache = np.concatenate([self._idf_cache, self.bm25.idf("ct", np.arange(have, n_terms))])
            first = self._idf_docs
        off = self.terms_ct.offsets[first : n_docs + 1]
        if n_docs > first:
            values = self._idf_cache[self.terms_ct.data[off[0] : off[-1]]]
            sums = np.add.reduceat(values, off[:-1] - off[0]) if len(values) else np.zeros(n_docs - first)
            sums[np.diff(off) == 0] = 0.0  # reduceat repeats a neighbour's value for empty rows
            self.idf_sum_ct[first:n_docs] = sums
        self._idf_docs = n_docs
        self._idf_sum_stale = False

    # ------------------------------------------------------------ querying
    def query_info(
        self,
        text: str,
        lang: str = "en",
        date: Date | int | None = None,
        vector: np.ndarray | None = None,
        clean: bool = True,
    ) -> feats.QueryInfo:
        lang = "it" if lang == "it" else "en"
        cq = clean_query(text, self.segmenter) if clean else CleanQuery(text=text)
        if vector is None and self.embedder is not None:
            vector = self.embedder.encode_one(cq.text or text)
        q_date = date if date is not None else (cq.date if self.config.use_date else None)
        return self._analyse(cq.text, cq.author, lang, vector, _ordinal(q_date) if self.config.use_date else 0)

    def query_in(self, q: feats.QueryInfo, lang: str) -> feats.QueryInfo:
        """The same query analysed as `lang` (its words stemmed as that language would)."""
        return self._analyse(q.text, q.extra.get("author", ""), lang, q.vector, q.date_ordinal)

    def _analyse(self, text: str, author: str, lang: str, vector, date_ordinal: int) -> feats.QueryInfo:
        terms, quantities = analyze_full(text, lang)
        author_terms = analyze(author, lang) if (author and self.config.use_author) else []
        all_terms = terms + [t for t in author_terms if t not in terms]
        self._refresh_idf_sums()
        ids = self.bm25.query_ids(all_terms)
        idf = self._idf_cache[ids] if len(ids) else np.zeros(0)
        n_unknown = len({t for t in all_terms if t not in self.bm25.vocab})
        max_idf = float(np.log1p((self.bm25.n_alive + 0.5) / 0.5))
        ent = entities(text, lang)
        ent_ids = np.asarray(sorted(self.bm25.vocab[e] for e in ent if e in self.bm25.vocab), np.int32)
        nums = {t for t in terms if t[0].isdigit()}
        num_ids = np.asarray(sorted(self.bm25.vocab[t] for t in nums if t in self.bm25.vocab), np.int32)
        auth_ids = np.asarray(sorted({self.bm25.vocab[t] for t in author_terms if t in self.bm25.vocab}), np.int32)
        return feats.QueryInfo(
            text=text,
            lang=lang,
            term_ids=ids.astype(np.int32),
            term_idf=idf,
            unknown_idf=n_unknown * max_idf,
            number_ids=num_ids,
            n_numbers=len(nums),
            entity_ids=ent_ids,
            n_entities=len(ent),
            author_ids=auth_ids,
            n_terms=len(terms),
            date_ordinal=date_ordinal,
            vector=vector,
            quantities=frozenset(quantities),
            extra={"terms": all_terms, "author": author},
        )

    def candidates(self, q: feats.QueryInfo, exclude: set[str] | None = None) -> feats.CandidateSignals:
        """Candidate rows and their signals; `exclude`: fact-check ids to leave out."""
        n = len(self.ids)
        tids = q.term_ids.astype(np.int64)
        per_field = {name: self.bm25.field_scores(name, tids) for name in ("ct", "claim", "title", "subtitle")}
        excluded = np.asarray([self._row[d] for d in (exclude or ()) if d in self._row], np.int64)
        if len(excluded):
            for arr in per_field.values():
                arr[excluded] = 0.0
        lex = per_field["ct"]
        rows = list(self.bm25.top(lex, self.config.lexical_k)) if lex.any() else []
        have_vectors = q.vector is not None and self.vec_sum.n == n and n > 0
        if have_vectors:
            dense = self.vec_sum.scores(q.vector)
            dense[~self.bm25.alive[:n]] = -np.inf
            if len(excluded):
                dense[excluded] = -np.inf
            for r in self.bm25.top(dense, self.config.dense_k):
                if r not in rows:
                    rows.append(r)
        other_langs = self._langs_present - {q.lang}
        if other_langs and self.config.cross_lexical_k:
            # the query's words stemmed as the other languages would stem them
            extra = [t for lang in sorted(other_langs) for t in analyze(q.text, lang)]
            tids = self.bm25.query_ids(extra).astype(np.int64)
            if len(tids):
                xs = self.bm25.field_scores("ct", tids)
                xs[self._lang_rows(q.lang)] = 0.0
                if len(excluded):
                    xs[excluded] = 0.0
                for r in self.bm25.top(xs, self.config.cross_lexical_k):
                    if xs[r] > 0 and r not in rows:
                        rows.append(r)
        drop = set(excluded.tolist())
        rows = np.asarray([r for r in rows if self.bm25.alive[r] and r not in drop], np.int64)
        if have_vectors:
            cc = self.vec_claim.scores_for(q.vector, rows)
            ctt = dense[rows] - cc
        else:
            cc = ctt = np.zeros(len(rows), np.float32)
        return self.signals(q, rows, per_field, cc, ctt)

    def signals(
        self, q: feats.QueryInfo, rows: np.ndarray, per_field: dict | None, cos_claim: np.ndarray, cos_title: np.ndarray
    ) -> feats.CandidateSignals:
        """Everything the features need about `rows` for query `q` (per_field: dense BM25
        scores of every document, computed here when None)."""
        if per_field is None:
            per_field = {
                name: self.bm25.field_scores(name, q.term_ids.astype(np.int64))
                for name in ("ct", "claim", "title", "subtitle")
            }
        ct_ids, ct_seg = self.terms_ct.gather(rows)
        all_ids, all_seg = self.terms_all.gather(rows)
        ent_ids, ent_seg = self.doc_entities.gather(rows)
        num_ids, num_seg = self.doc_numbers.gather(rows)
        return feats.CandidateSignals(
            rows=rows,
            bm25={name: per_field[name][rows] for name in per_field},
            bm25_max=float(per_field["ct"].max()) if len(self.ids) else 0.0,
            cos_claim=cos_claim,
            cos_title=cos_title,
            ct_ids=ct_ids,
            ct_seg=ct_seg,
            all_ids=all_ids,
            all_seg=all_seg,
            ent_ids=ent_ids,
            ent_seg=ent_seg,
            num_ids=num_ids,
            num_seg=num_seg,
            doc_idf_ct_sum=self.idf_sum_ct[rows],
            doc_len=(self.terms_ct.offsets[rows + 1] - self.terms_ct.offsets[rows]).astype(np.float64),
            doc_dates=self.dates[rows].astype(np.int64),
            doc_cross=np.asarray([float(self.langs[r] != q.lang) for r in rows]),
            doc_quantities=[self.doc_quantities.get(int(r), frozenset()) for r in rows],
        )

    def _lang_rows(self, lang: str) -> np.ndarray:
        """Boolean mask of the rows in `lang` (cached until the next add)."""
        if self._lang_mask_cache is None:
            self._lang_mask_cache = {}
        if lang not in self._lang_mask_cache:
            self._lang_mask_cache[lang] = np.fromiter((x == lang for x in self.langs), bool, len(self.langs))
        return self._lang_mask_cache[lang]

    def featurize(self, q: feats.QueryInfo, s: feats.CandidateSignals) -> np.ndarray:
        self._refresh_idf_sums()
        return feats.build(q, s, self._idf_cache)

    def model_for(self, q: feats.QueryInfo):
        """The ranker model for this query: the dated one only when dates are on and known."""
        if self.ranker is None:
            return None
        if q.date_ordinal and self.config.use_date and self.ranker.dated is not None:
            return self.ranker.dated
        return self.ranker

    def score(self, X: np.ndarray, model=None) -> np.ndarray:
        if model is None:  # no model: BM25 and cosine, equal say
            col = {f: i for i, f in enumerate(feats.FEATURES)}
            return 4.0 * X[:, col["bm25_ct_rel"]] + 4.0 * (X[:, col["cos_claim"]] + X[:, col["cos_title"]]) - 6.0
        return model.margin(X[:, model.check_features(feats.FEATURES)])

    def match(
        self,
        text: str,
        lang: str = "en",
        k: int = 5,
        date: Date | int | None = None,
        vector: np.ndarray | None = None,
        exclude: set[str] | None = None,
        with_features: bool = False,
    ) -> list[Match]:
        """The k best fact-checks for a claim, best first, with probability and level."""
        q = self.query_info(text, lang, date, vector)
        return self.rank(q, k, exclude, with_features)

    def rank(
        self, q: feats.QueryInfo, k: int = 5, exclude: set[str] | None = None, with_features: bool = False
    ) -> list[Match]:
        s = self.candidates(q, exclude)
        if len(s.rows) == 0:
            return []
        X = self.featurize(q, s)
        model = self.model_for(q)
        cross = s.doc_cross > 0
        if cross.any() and self.config.cross_mode == "reanalyse":
            # candidates in another language: their features come from the query analysed in
            # that language (names, numbers and cognates match), marked cross-lingual
            for lang in sorted({self.langs[r] for r in s.rows[cross]}):
                in_lang = np.asarray([self.langs[r] == lang for r in s.rows])
                q_l = self.query_in(q, lang)
                X_l = self.featurize(q_l, self.signals(q_l, s.rows, None, s.cos_claim, s.cos_title))
                X_l[:, feats.FEATURES.index("cross_lingual")] = 1.0
                X[in_lang] = X_l[in_lang]
        margins = self.score(X, model)
        if cross.any() and self.config.cross_mode == "model" and model is not None and model.cross is not None:
            # another language: stems cannot match, so a model without lexical features decides
            margins[cross] = self.score(X[cross], model.cross)
        order = np.lexsort((s.rows, -s.bm25["ct"], -margins))[:k]
        out = [
            Match(
                self.ids[s.rows[i]],
                float(margins[i]),
                features=dict(zip(feats.FEATURES, X[i].tolist())) if with_features else {},
            )
            for i in order
        ]
        assign_levels(out, margins, X[order], model, cross_model=self.config.cross_mode == "model")
        return out
