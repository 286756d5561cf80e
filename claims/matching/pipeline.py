"""The claim matcher: candidates from BM25 and embeddings, re-ranked on features.

    m = Matcher(embedder=Embedder(), ranker=Ranker.load("ranker.json"))
    m.add("fc-1", claim="...", title="...", lang="it", date=date(2021, 3, 1))
    m.match("tweet or claim text", lang="en")  ->  [Match(doc_id, probability, level, ...)]

A fact-check is its claim (ClaimReview `claimReviewed`) and its title (`headline`).

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

Memory per fact-check (100,000 of them: see REPORT.md): one int8 512-d vector (512 bytes),
its BM25 postings (5 bytes a distinct term), its entity, number and quantity term ids
(int32), its id's UTF-8 bytes, a date, a language code and an idf sum. Which terms a
candidate contains (coverage features) is read from the postings, not from per-document
term lists.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date

import numpy as np

from . import features as feats
from .arrays import IdMap, Ragged, ensure
from .bm25 import Bm25Index, FieldParams
from .levels import assign_levels
from .text import (
    CleanQuery,
    WordSegmenter,
    analyze,
    analyze_full,
    clean_query,
    entities,
    raw_tokens,
)
from .vectors import VectorIndex

FIELD = "ct"  # the one BM25 field: claim and title as one text


@dataclass
class Match:
    doc_id: str
    score: float  # ranker log-odds (orders the list)
    probability: float = 0.0  # calibrated probability of "same claim" (best candidate only)
    level: str = ""  # "same", "related", "related: numbers differ", ... or "" (none)
    features: dict = field(default_factory=dict)
    guard: str = ""  # what the features contradict ("numbers differ"), or "" (levels.guard)


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
        self.bm25 = Bm25Index({FIELD: self.config.bm25})
        # one int8 matrix: per fact-check its claim vector + its title vector, so a dot product
        # with the query is cos(query, claim) + cos(query, title) (keeping the two apart, in two
        # matrices, did not rank better: REPORT.md, "Product variant")
        self.vectors = VectorIndex(None, self.config.vector_dtype)
        self.ids = IdMap()  # row <-> fact-check id
        self.lang_names: list[str] = []  # language code -> name
        self.lang_codes = np.zeros(1024, np.uint8)
        self.dates = np.zeros(1024, np.int32)  # ordinal, 0 = unknown
        self.doc_entities = Ragged()  # term ids of the claim's names
        self.doc_numbers = Ragged()  # term ids of the numbers in claim + title
        self.doc_quantities = Ragged()  # (unit, value) term id pairs, flattened
        self.idf_sum = np.zeros(1024, np.float32)  # summed idf of each row's distinct terms
        self._idf_cache = np.zeros(0)  # idf per term id at the last full pass
        self._idf_n: int | None = None  # collection size at that pass
        self.word_counts: Counter = Counter()  # for the hashtag segmenter
        self._segmenter: WordSegmenter | None = None
        self._rows_cache: tuple | None = None  # (key, rows) of the last _rows_of

    # ------------------------------------------------------------ indexing
    def __len__(self) -> int:
        """Rows indexed, including removed and replaced ones (see remove())."""
        return len(self.ids)

    def __contains__(self, doc_id: str) -> bool:
        return self._live_row(doc_id) is not None

    def _rows_of(self, doc_ids) -> np.ndarray:
        """Rows of these ids (removed ones included). The claims of one article are excluded
        from each of its claims' searches: a batch asks for the same set again and again, up
        to thousands of ids, so the last answer is kept until a row is added."""
        if not doc_ids:
            return np.zeros(0, np.int64)
        key = (len(self.ids), frozenset(doc_ids))
        if self._rows_cache is not None and self._rows_cache[0] == key:
            return self._rows_cache[1]
        rows = np.asarray([r for r in (self.ids.find(d) for d in doc_ids) if r is not None], np.int64)
        self._rows_cache = (key, rows)
        return rows

    def _live_row(self, doc_id: str) -> int | None:
        row = self.ids.find(doc_id)
        return row if row is not None and self.bm25.alive[row] else None

    def add(
        self,
        doc_id: str,
        claim: str,
        title: str = "",
        *,
        lang: str = "en",
        date: Date | int | None = None,
        vectors: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> int:
        """Index one fact-check (its claim and its title); returns its row.

        `vectors` = (claim vector, title vector) if already computed. Give vectors for every
        fact-check or for none (no embedder, no vectors: lexical only). Adding an id again
        replaces the earlier version.
        """
        lang = "it" if lang == "it" else "en"
        old = self._live_row(doc_id)
        if old is not None:
            self.bm25.tombstone(old)
        (t_claim, q_claim), (t_title, q_title) = analyze_full(claim, lang), analyze_full(title, lang)
        terms = t_claim + t_title
        row = self.bm25.add({FIELD: terms})
        if self.ids.append(doc_id) != row:
            raise RuntimeError("row numbering out of step")
        tid = self.bm25.term_id
        self.doc_entities.append(sorted({tid(e, create=True) for e in entities(claim, lang)}))
        self.doc_numbers.append(sorted({tid(t) for t in terms if t[0].isdigit()}))
        pairs = sorted(x.partition("=")[::2] for x in q_claim | q_title)
        self.doc_quantities.append([tid(part, create=True) for pair in pairs for part in pair])
        if lang not in self.lang_names:
            self.lang_names.append(lang)
        self.lang_codes = ensure(self.lang_codes, row + 1)
        self.lang_codes[row] = self.lang_names.index(lang)
        self.dates = ensure(self.dates, row + 1)
        self.dates[row] = _ordinal(date)
        self.idf_sum = ensure(self.idf_sum, row + 1)
        if self._idf_n is not None:  # after a full idf pass: this row with that pass's idf
            self._extend_idf_cache()
            self.idf_sum[row] = self._idf_cache[np.unique([tid(t) for t in terms]).astype(np.int64)].sum()
        for text in (claim, title):
            self.word_counts.update(w for w in raw_tokens(text) if w.isalpha())
        self._segmenter = None
        if vectors is None and self.embedder is not None:
            vecs = self.embedder.encode([claim, title or claim])
            vectors = (vecs[0], vecs[1])
        if vectors is not None:
            self.vectors.add(np.asarray(vectors[0], np.float32) + np.asarray(vectors[1], np.float32))
        return row

    def remove(self, doc_id: str) -> bool:
        """Take a fact-check out of every result (a tombstone). Document frequencies and
        lengths keep counting it until the index is rebuilt: rebuild after many removals."""
        row = self._live_row(doc_id)
        if row is None:
            return False
        self.bm25.tombstone(row)
        return True

    def add_many(
        self, docs: list[dict], vectors: tuple[np.ndarray, np.ndarray] | None = None, batch: int = 256
    ) -> None:
        """docs: dicts with id, claim, title, lang, date (other keys are ignored). Embeds in
        batches; `vectors` = (claim matrix, title matrix) aligned with `docs` skips that."""
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
                    lang=d.get("lang", "en"),
                    date=d.get("date"),
                    vectors=None if vc is None else (vc[i], vt[i]),
                )
        self.trim()

    def trim(self) -> None:
        """Merge postings into CSR and drop the spare capacity of every growable array."""
        self.bm25.compact(trim=True)
        for part in (self.vectors, self.ids, self.doc_entities, self.doc_numbers, self.doc_quantities):
            part.trim()
        n = max(len(self.ids), 1)
        self.lang_codes, self.dates, self.idf_sum = (a[:n].copy() for a in (self.lang_codes, self.dates, self.idf_sum))

    @property
    def segmenter(self) -> WordSegmenter:
        if self._segmenter is None:
            self._segmenter = WordSegmenter(self.word_counts)
        return self._segmenter

    def _extend_idf_cache(self) -> None:
        """idf of the terms created since the last pass (current document frequencies)."""
        have, n_terms = len(self._idf_cache), len(self.bm25.vocab)
        if n_terms > have:
            self._idf_cache = np.concatenate([self._idf_cache, self.bm25.idf(FIELD, np.arange(have, n_terms))])

    def _refresh_idf(self) -> None:
        """idf per term and each row's summed idf, recomputed (from the postings) when the
        collection size moved by more than 0.5% since the last pass; in between, new terms
        and rows get the idf of that pass (idf changes little while N barely moves)."""
        n_alive = self.bm25.n_alive
        if self._idf_n is None or abs(n_alive - self._idf_n) > 0.005 * max(self._idf_n, 1):
            self._idf_cache = self.bm25.idf(FIELD, np.arange(len(self.bm25.vocab)))
            n = len(self.ids)
            self.idf_sum = ensure(self.idf_sum, n)
            self.idf_sum[:n] = self.bm25.doc_sums(FIELD, self._idf_cache)[:n]
            self._idf_n = n_alive
        else:
            self._extend_idf_cache()

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
        self._refresh_idf()
        vocab = self.bm25.vocab
        ids = self.bm25.query_ids(all_terms)
        idf = self._idf_cache[ids] if len(ids) else np.zeros(0)
        n_unknown = len({t for t in all_terms if t not in vocab})
        max_idf = float(np.log1p((self.bm25.n_alive + 0.5) / 0.5))
        ent = entities(text, lang)
        nums = {t for t in terms if t[0].isdigit()}

        def known(words):
            return np.asarray(sorted({vocab[w] for w in words if w in vocab}), np.int32)

        # a quantity whose unit no fact-check states can neither agree nor conflict: dropped;
        # an unknown value (-1) agrees with nothing
        qty = frozenset(
            (vocab[u], vocab.get(v, -1)) for u, v in (x.partition("=")[::2] for x in quantities) if u in vocab
        )
        return feats.QueryInfo(
            text=text,
            lang=lang,
            term_ids=ids.astype(np.int32),
            term_idf=idf,
            unknown_idf=n_unknown * max_idf,
            number_ids=known(nums),
            n_numbers=len(nums),
            entity_ids=known(ent),
            n_entities=len(ent),
            author_ids=known(author_terms),
            n_terms=len(terms),
            date_ordinal=date_ordinal,
            vector=vector,
            quantities=qty,
            extra={"terms": all_terms, "author": author},
        )

    def candidates(self, q: feats.QueryInfo, exclude: set[str] | None = None) -> feats.CandidateSignals:
        """Candidate rows and their signals; `exclude`: fact-check ids to leave out."""
        n = len(self.ids)
        lex = self.bm25.field_scores(FIELD, q.term_ids.astype(np.int64))
        excluded = self._rows_of(exclude)
        excluded = excluded[self.bm25.alive[excluded]]
        lex[excluded] = 0.0
        rows = list(self.bm25.top(lex, self.config.lexical_k)) if lex.any() else []
        have_vectors = q.vector is not None and self.vectors.n == n and n > 0
        if have_vectors:
            dense = self.vectors.scores(q.vector)
            dense[~self.bm25.alive[:n]] = -np.inf
            dense[excluded] = -np.inf
            for r in self.bm25.top(dense, self.config.dense_k):
                if r not in rows:
                    rows.append(r)
        other_langs = [lang for lang in self.lang_names if lang != q.lang]
        if other_langs and self.config.cross_lexical_k:
            # the query's words stemmed as the other languages would stem them
            extra = [t for lang in sorted(other_langs) for t in analyze(q.text, lang)]
            tids = self.bm25.query_ids(extra).astype(np.int64)
            if len(tids):
                xs = self.bm25.field_scores(FIELD, tids)
                xs[self.lang_codes[:n] == self._lang_code(q.lang)] = 0.0
                xs[excluded] = 0.0
                for r in self.bm25.top(xs, self.config.cross_lexical_k):
                    if xs[r] > 0 and r not in rows:
                        rows.append(r)
        drop = set(excluded.tolist())
        rows = np.asarray([r for r in rows if self.bm25.alive[r] and r not in drop], np.int64)
        cos = dense[rows] if have_vectors else np.zeros(len(rows), np.float32)
        return self.signals(q, rows, lex, cos)

    def signals(
        self, q: feats.QueryInfo, rows: np.ndarray, lex: np.ndarray | None, cos_ct: np.ndarray
    ) -> feats.CandidateSignals:
        """Everything the features need about `rows` for query `q` (lex: BM25 of every
        document, computed here when None)."""
        if lex is None:
            lex = self.bm25.field_scores(FIELD, q.term_ids.astype(np.int64))
        hit_terms = np.unique(np.concatenate([q.term_ids, q.entity_ids, q.author_ids])).astype(np.int64)
        ent_ids, ent_seg = self.doc_entities.gather(rows)
        num_ids, num_seg = self.doc_numbers.gather(rows)
        qty_ids, qty_seg = self.doc_quantities.gather(rows)
        return feats.CandidateSignals(
            rows=rows,
            bm25=lex[rows],
            bm25_max=float(lex.max()) if len(lex) else 0.0,
            cos_ct=cos_ct,
            hit_terms=hit_terms,
            hits=self.bm25.contains(FIELD, hit_terms, rows),
            ent_ids=ent_ids,
            ent_seg=ent_seg,
            num_ids=num_ids,
            num_seg=num_seg,
            qty_ids=qty_ids,
            qty_seg=qty_seg[::2],
            doc_idf_ct_sum=self.idf_sum[rows].astype(np.float64),
            doc_len=self.bm25.fields[FIELD].lengths[rows].astype(np.float64),
            doc_dates=self.dates[rows].astype(np.int64),
            doc_cross=(self.lang_codes[rows] != self._lang_code(q.lang)).astype(np.float64),
        )

    def _lang_code(self, lang: str) -> int:
        """The code of `lang` (-1, matching no row, if no fact-check is in that language)."""
        return self.lang_names.index(lang) if lang in self.lang_names else -1

    def lang_of(self, row: int) -> str:
        return self.lang_names[self.lang_codes[row]]

    def featurize(self, q: feats.QueryInfo, s: feats.CandidateSignals) -> np.ndarray:
        self._refresh_idf()
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
            return 4.0 * X[:, col["bm25_ct_rel"]] + 4.0 * X[:, col["cos_ct"]] - 6.0
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
            for lang in sorted({self.lang_of(r) for r in s.rows[cross]}):
                in_lang = self.lang_codes[s.rows] == self._lang_code(lang)
                q_l = self.query_in(q, lang)
                X_l = self.featurize(q_l, self.signals(q_l, s.rows, None, s.cos_ct))
                X_l[:, feats.FEATURES.index("cross_lingual")] = 1.0
                X[in_lang] = X_l[in_lang]
        margins = self.score(X, model)
        if cross.any() and self.config.cross_mode == "model" and model is not None and model.cross is not None:
            # another language: stems cannot match, so a model without lexical features decides
            margins[cross] = self.score(X[cross], model.cross)
        order = np.lexsort((s.rows, -s.bm25, -margins))[:k]
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
