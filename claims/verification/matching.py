"""Claim matching: the earlier fact-checks most similar to a claim.

Similarity is the Dice coefficient of the two texts' lexeme sets (stems, numbers in
canonical form, no function words): word order does not matter, inflection and number
formatting are normalised away. On PostgreSQL the candidates come from the GIN
full-text index (the 'italian'/'english' configurations do the stemming, see
search.py) and the lexemes are PostgreSQL's own; on SQLite the same score is computed
in Python with Snowball stemmers over every row, fine at the embedded setup's scale.
"""

from dataclasses import dataclass

from django.db import connection

from . import search
from .normalize import dice, normalize, stems

# Candidates ranked by the index before exact scoring: enough that the best five by
# Dice are among them for any realistic query.
_CANDIDATES = 60
MIN_SCORE = 0.2


@dataclass(frozen=True)
class Match:
    factcheck_id: int
    score: float


def find_matches(
    text: str, lang: str, *, limit: int = 5, min_score: float = MIN_SCORE, exclude_claim_id: int | None = None
) -> list[Match]:
    return find_matches_many([(text, lang, exclude_claim_id)], limit=limit, min_score=min_score)[0]


def find_matches_many(
    queries: list[tuple[str, str, int | None]], *, limit: int = 5, min_score: float = MIN_SCORE
) -> list[list[Match]]:
    """find_matches for several claims: (text, language, claim id to exclude) each. On
    PostgreSQL the whole batch costs two round trips."""
    texts = [(normalize(text, lang), lang) for text, lang, _ in queries]
    if search.is_postgres():
        scored = _postgres_candidates(texts, [exclude for _, _, exclude in queries])
    else:
        scored = [
            _fallback_candidates(t, lang, exclude) if t else [] for (t, lang), (_, _, exclude) in zip(texts, queries)
        ]
    out = []
    for found in scored:
        found = sorted((m for m in found if m.score >= min_score), key=lambda m: (-m.score, m.factcheck_id))
        out.append(found[:limit])
    return out


def _postgres_candidates(texts: list[tuple[str, str]], excludes: list[int | None]) -> list[list[Match]]:
    with connection.cursor() as cursor:
        mine = search.query_lexemes_many(cursor, texts)
        # Candidates share the rarest words; cover density against all the claim's words
        # orders them, and the exact score is computed here.
        rows = search.candidates_many(cursor, "claims_factcheck", list(zip(mine, excludes)), _CANDIDATES)
    return [
        [Match(pk, round(dice(words, search.lexemes(vec)), 4)) for pk, vec in found] for words, found in zip(mine, rows)
    ]


def _fallback_candidates(match_text: str, lang: str, exclude_claim_id: int | None) -> list[Match]:
    from claims.models import FactCheck

    mine = stems(match_text, lang)
    out = []
    rows = FactCheck.objects.values_list("id", "match_text", "language", "claim_id")
    for pk, other_text, other_lang, claim_id in rows.iterator(chunk_size=2000):
        if exclude_claim_id and claim_id == exclude_claim_id:
            continue
        score = dice(mine, stems(other_text, other_lang))
        if score > 0:
            out.append(Match(pk, round(score, 4)))
    return out


def score_pair(text_a: str, lang_a: str, text_b: str, lang_b: str) -> float:
    """The similarity of two texts, computed in Python (for results that come from elsewhere)."""
    return round(dice(stems(normalize(text_a, lang_a), lang_a), stems(normalize(text_b, lang_b), lang_b)), 4)
