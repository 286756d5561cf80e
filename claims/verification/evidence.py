"""Evidence from the reference library: the passages that best cover a claim's words,
with a rank and a highlighted snippet.

A passage is longer than a claim, so the score is coverage (the share of the claim's
lexemes the passage holds), not a symmetric similarity. PostgreSQL finds candidates
through the passages' GIN full-text index (search.py); SQLite scores every passage in
Python. Snippets are cut and highlighted here for both, so they look the same.
"""

import re
from dataclasses import dataclass, field

from django.db import connection

from . import search
from .normalize import STOPWORDS, normalize, stem_word, stems, strip_accents

_CANDIDATES = 40
MIN_COVERAGE = 0.3
SNIPPET_WORDS = 45
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Evidence:
    passage_id: int
    score: float
    snippet: str
    highlights: list[list[int]] = field(default_factory=list)


def _coverage(claim: frozenset[str], passage: frozenset[str]) -> float:
    return len(claim & passage) / len(claim) if claim else 0.0


def find_evidence(text: str, lang: str, *, limit: int = 5, min_coverage: float = MIN_COVERAGE) -> list[Evidence]:
    return find_evidence_many([(text, lang)], limit=limit, min_coverage=min_coverage)[0]


def find_evidence_many(
    queries: list[tuple[str, str]], *, limit: int = 5, min_coverage: float = MIN_COVERAGE
) -> list[list[Evidence]]:
    """find_evidence for several claims; on PostgreSQL two round trips for the batch."""
    from claims.models import Passage

    texts = [(normalize(text, lang), lang) for text, lang in queries]
    if search.is_postgres():
        with connection.cursor() as cursor:
            mine = search.query_lexemes_many(cursor, texts)
            rows = search.candidates_many(cursor, "claims_passage", mine, _CANDIDATES, columns="r.search::text, r.text")
        scored = [
            [(pk, _coverage(words, search.lexemes(vec)), text) for pk, vec, text in found]
            for words, found in zip(mine, rows)
        ]
    else:
        mine = [stems(t, lang) for t, lang in texts]
        passages = list(Passage.objects.values_list("id", "match_text", "language", "text"))
        lexed = [(pk, stems(other, other_lang), text) for pk, other, other_lang, text in passages]
        scored = [[(pk, _coverage(words, theirs), text) for pk, theirs, text in lexed] for words in mine]
    out = []
    for words, (_, lang), found in zip(mine, texts, scored):
        best = sorted((c for c in found if c[1] >= min_coverage), key=lambda c: (-c[1], c[0]))[:limit]
        out.append([Evidence(pk, round(score, 4), *make_snippet(text, words, lang)) for pk, score, text in best])
    return out


def make_snippet(
    text: str, claim_lexemes: frozenset[str], lang: str, words: int = SNIPPET_WORDS
) -> tuple[str, list[list[int]]]:
    """The window of about `words` words with the most claim words in it, and the
    [start, end] offsets of those words inside the snippet."""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return text[:300], []
    hits = [_is_hit(m.group(), claim_lexemes, lang) for m in tokens]
    best_start, best, window = 0, -1, 0
    for i, hit in enumerate(hits):
        window += hit
        if i >= words:
            window -= hits[i - words]
        if window > best:
            best, best_start = window, max(0, i - words + 1)
    first, last = tokens[best_start], tokens[min(len(tokens), best_start + words) - 1]
    start = 0 if best_start == 0 else first.start()
    end = len(text) if best_start + words >= len(tokens) else last.end()
    prefix = "" if start == 0 else "… "
    suffix = "" if end == len(text) else " …"
    snippet = prefix + text[start:end] + suffix
    shift = len(prefix) - start
    highlights = [
        [m.start() + shift, m.end() + shift]
        for m, hit in zip(tokens, hits)
        if hit and start <= m.start() and m.end() <= end
    ]
    return snippet, highlights


def _is_hit(word: str, claim_lexemes: frozenset[str], lang: str) -> bool:
    norm = strip_accents(word.lower())
    if norm in STOPWORDS or len(norm) < 2 and not norm.isdigit():
        return False
    return norm in claim_lexemes or stem_word(norm, lang) in claim_lexemes
