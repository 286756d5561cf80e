"""Finding what a claim repeats: the one function the workers' matching step, the claim
page's data and `manage.py match` call.

A proposal is an earlier fact-check (imported ClaimReview, a Google result, our own
approved verdict) or an earlier claim of ours, with a calibrated score, a level ("same"
claim, linkable in one click, or "related") and the reasons a reviewer reads before
trusting it: the words and numbers the two texts share, the numbers or names that differ,
and how close their meanings are.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from ..extraction.language import detect_language
from .contrast import contradiction
from .index import doc_id, live, parse_doc_id
from .runtime import thresholds
from .text import analyze_full, entities, raw_tokens, stem

SAME, RELATED = "same", "related"


@dataclass
class Proposal:
    kind: str  # "factcheck" or "claim"
    object_id: int
    score: float  # calibrated probability that it is the same claim (0..1)
    level: str  # SAME or RELATED
    reasons: dict = field(default_factory=dict)


@dataclass
class Query:
    text: str
    language: str = ""  # "" or "auto": detected
    claim_id: int | None = None  # the claim asked about: never proposed to itself
    exclude_claims: tuple = ()  # claims never proposed (the same article's)
    vector: object = None  # the text's embedding, when the caller has it already


def query_language(text: str, language: str = "") -> str:
    if language and language != "auto":
        return language
    return detect_language(text).code or "en"


def find_matches_many(
    queries: list[Query], *, limit: int = 5, texts: dict | None = None, ranking: bool = False
) -> list[list[Proposal]]:
    """For each query, up to `limit` proposals best first (fact-checks and claims together),
    the ones that reach the "related" level. `ranking`: every candidate of the top `limit`,
    in the matcher's order, those below "related" with level "" (benchmarks measure the
    ranking itself, as CheckThat does). `texts`: {(kind, id): (claim, title, language)} of
    candidates already known; the others are read from the database for the reasons."""
    # Exactly up to date: the claim an article before this one just stored is a candidate.
    matcher = live.current(force=True)
    out = []
    for query in queries:
        lang = query_language(query.text, query.language)
        exclude = {doc_id("c", pk) for pk in query.exclude_claims}
        if query.claim_id:
            exclude.add(doc_id("c", query.claim_id))
        matches = matcher.match(
            query.text, lang, k=limit, vector=query.vector, exclude=exclude or None, with_features=True
        )
        out.append((query, lang, matches))
    known = dict(texts or {})
    wanted = {parse_doc_id(m.doc_id) for _, _, matches in out for m in matches} - set(known)
    known.update(_texts(wanted))
    return [_proposals(query.text, lang, matches, known, ranking=ranking) for query, lang, matches in out]


def find_matches(
    text: str, language: str = "", *, limit: int = 5, claim_id: int | None = None, ranking: bool = False
) -> list[Proposal]:
    return find_matches_many([Query(text, language, claim_id)], limit=limit, ranking=ranking)[0]


def score_candidates(
    text: str, language: str, candidates: list[tuple[str, int]], *, found_by: str = ""
) -> list[Proposal]:
    """Proposals among given candidates only (the Google connector's results for a claim),
    scored by the same ranker and features, best first; candidates not in the index are
    left out. Another search chose them: each is kept (at least "related"), its reasons
    saying who found it."""
    import numpy as np

    from .features import FEATURES
    from .levels import assign_levels
    from .pipeline import Match

    matcher = live.current(force=True)
    lang = query_language(text, language)
    rows = [matcher.ids.find(doc_id("f" if kind == "factcheck" else "c", pk)) for kind, pk in candidates]
    rows = np.asarray(sorted({r for r in rows if r is not None and matcher.bm25.alive[r]}), np.int64)
    if not len(rows):
        return []
    q = matcher.query_info(text, lang)
    cos = matcher.vectors.scores_for(q.vector, rows) if q.vector is not None else np.zeros(len(rows), np.float32)
    signals = matcher.signals(q, rows, None, cos)
    X = matcher.featurize(q, signals)
    model = matcher.model_for(q)
    margins = matcher.score(X, model)
    order = np.lexsort((rows, -margins))
    matches = [
        Match(matcher.ids[rows[i]], float(margins[i]), features=dict(zip(FEATURES, X[i].tolist()))) for i in order
    ]
    assign_levels(matches, margins[order], X[order], model)
    known = _texts({parse_doc_id(m.doc_id) for m in matches})
    proposals = _proposals(text, lang, matches, known, keep_all=True)
    for proposal in proposals:
        proposal.reasons["found_by"] = found_by
    return proposals


def _texts(wanted: set) -> dict:
    """(claim, title, language) of the candidates, from the database (deleted ones are absent:
    an index a few seconds behind never proposes a row that is gone)."""
    from ..models import Claim, FactCheck

    found = {}
    fc_ids = [pk for kind, pk in wanted if kind == "factcheck"]
    claim_ids = [pk for kind, pk in wanted if kind == "claim"]
    for pk, text, headline, lang in FactCheck.objects.filter(pk__in=fc_ids).values_list(
        "pk", "claim_reviewed", "headline", "language"
    ):
        found[("factcheck", pk)] = (text, headline, lang)
    for pk, text, lang in Claim.objects.filter(pk__in=claim_ids).values_list("pk", "text", "language"):
        found[("claim", pk)] = (text, "", lang)
    return found


def _proposals(
    text: str, lang: str, matches, known: dict, keep_all: bool = False, ranking: bool = False
) -> list[Proposal]:
    limits = thresholds(lang)
    out = []
    for i, match in enumerate(matches):
        kind, pk = parse_doc_id(match.doc_id)
        if (kind, pk) not in known:
            continue
        features = match.features
        other_text, other_title, other_lang = known[(kind, pk)]
        p = float(match.probability)
        top = i == 0 and p >= limits["same"]
        shown = top or p >= limits["related"] or keep_all
        if not shown and not ranking:
            continue
        # The ranker's guard (features), then what the words say (contrast.py: about half a
        # millisecond, so only for what a reviewer is shown).
        why = match.guard or (shown and contradiction(text, lang, other_text, other_lang or lang)) or ""
        level = (SAME if top and not why else RELATED) if shown else ""
        out.append(
            Proposal(
                kind, pk, round(p, 4), level, reasons(text, lang, other_text, other_title, other_lang, features, why)
            )
        )
    return out


@lru_cache(maxsize=50_000)  # the same words come back claim after claim
def _word_tokens(word: str) -> tuple[str, ...]:
    return tuple(raw_tokens(word))


def _surface(text: str, lang: str, stems: set) -> list[str]:
    """The words of `text` whose stems are in `stems`, as written, in order, once each."""
    lang = "it" if lang == "it" else "en"
    out, seen = [], set()
    for word in text.replace("’", "'").split():
        word = word.strip(".,;:!?()[]«»\"“”'")
        for token in _word_tokens(word):
            if token[0].isdigit():
                continue
            key = stem(token, lang)
            if key in stems and key not in seen:
                seen.add(key)
                out.append(word)
                break
    return out


def reasons(text: str, lang: str, other: str, other_title: str, other_lang: str, features: dict, why: str) -> dict:
    """Why a proposal was made, in terms a reviewer checks: shared words, numbers (shared
    and differing), names (shared and differing), and the semantic score."""
    mine, my_quantities = analyze_full(text, lang)
    theirs, their_quantities = analyze_full(f"{other} {other_title}", other_lang or lang)
    my_numbers = {t for t in mine if t[0].isdigit()}
    their_numbers = {t for t in theirs if t[0].isdigit()}
    shared_stems = {t for t in mine if not t[0].isdigit()} & {t for t in theirs if not t[0].isdigit()}
    # Names of each text on its own (a headline glued to a claim would read as a sentence).
    my_names = entities(text, lang)
    their_names = entities(other, other_lang or lang) | entities(other_title, other_lang or lang)
    return {
        "shared_terms": _surface(text, lang, shared_stems)[:12],
        "numbers": {
            "shared": sorted(my_numbers & their_numbers),
            "claim_only": sorted(my_numbers - their_numbers),
            "match_only": sorted(their_numbers - my_numbers),
        },
        # Names as written (the analysis compares their stems).
        "names": {
            "shared": _surface(text, lang, my_names & their_names),
            "claim_only": _surface(text, lang, my_names - their_names),
            "match_only": _surface(f"{other}. {other_title}", other_lang or lang, their_names - my_names),
        },
        # cos_ct is cos(claim) + cos(headline); a claim of ours stands in for both halves.
        "semantic": round(float(features.get("cos_ct", 0.0)) / 2, 3),
        "lexical": round(float(features.get("bm25_ct_rel", 0.0)), 3),
        "cross_lingual": bool(features.get("cross_lingual")),
        "guard": why,  # "numbers differ" / "names differ": never proposed as the same claim
        "quantities_differ": bool(my_quantities and their_quantities and features.get("qty_conflict")),
    }
