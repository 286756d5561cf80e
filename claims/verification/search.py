"""PostgreSQL full-text search for the evidence step: which passages of the reference
library share the most words with a claim? (Claim matching has its own index,
claims/matching/.) Passages have a generated `search` tsvector column and a GIN index
(migration 0003). An OR of all the
claim's lexemes matches every row that shares a common word ("governo", "the"), and
ranking them all is what makes the naive query slow on a large table; so candidates
are the rows sharing the claim's *rarest* lexemes, sized from the planner statistics,
and only those are ranked.
"""

import re
import time

from django.db import connection

_CONFIGS = {"it": "italian", "en": "english"}
_LEXEME = re.compile(r"'((?:[^']|'')*)'")
# Rows the candidate query should match at most (estimated from the statistics): a
# small share of the table, so the planner takes the GIN index rather than a scan
# evaluating the query on every row.
BUDGET = 400
BUDGET_SHARE = 0.004
MIN_BUDGET = 20


def ts_config(lang: str) -> str:
    return _CONFIGS.get(lang, "simple")


def lexemes(tsvector_text: str) -> frozenset[str]:
    """ "'cresc':3 'n1p5':7,9" -> {"cresc", "n1p5"}: PostgreSQL quotes each lexeme, doubling quotes inside."""
    return frozenset(m.replace("''", "'") for m in _LEXEME.findall(tsvector_text))


def tsquery(words, op: str) -> str:
    return f" {op} ".join("'" + w.replace("'", "''") + "'" for w in words)


_recent: dict[tuple[str, str], frozenset[str]] = {}


def query_lexemes_many(cursor, items: list[tuple[str, str]]) -> list[frozenset[str]]:
    """The lexemes PostgreSQL's text search configurations give (normalised) texts, in
    one round trip. A claim verified again asks for the same words: the last few hundred
    answers are kept."""
    keys = [(text, ts_config(lang)) for text, lang in items]
    missing = list(dict.fromkeys(k for k in keys if k not in _recent))
    if missing:
        cursor.execute(
            "SELECT to_tsvector(c::regconfig, t)::text FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY"
            " AS x(t, c, n) ORDER BY n",
            [[t for t, _ in missing], [c for _, c in missing]],
        )
        if len(_recent) + len(missing) > 512:
            _recent.clear()
        for key, (vector,) in zip(missing, cursor.fetchall()):
            _recent[key] = lexemes(vector)
    return [_recent[k] for k in keys]


def candidates_many(
    cursor, table: str, queries: list[frozenset[str]], limit: int, columns: str = "r.search::text"
) -> list[list[tuple]]:
    """For each set of lexemes: (id, *columns) of the rows of `table` sharing its rarest
    lexemes, best ranked first, in one round trip (a LATERAL subquery per claim)."""
    stats = stats_for(table, cursor)
    wanted = [(i, words) for i, words in enumerate(queries) if words]
    out: list[list[tuple]] = [[] for _ in queries]
    if not wanted:
        return out
    cursor.execute(
        f"""SELECT q.n, r.id, {columns}
            FROM unnest(%s::int[], %s::text[], %s::text[]) AS q(n, cand, allq)
            CROSS JOIN LATERAL (
                SELECT * FROM {table} r
                WHERE r.search @@ q.cand::tsquery
                ORDER BY ts_rank_cd(r.search, q.allq::tsquery, 1) DESC, r.id
                LIMIT %s
            ) r""",
        [
            [i for i, _ in wanted],
            [stats.candidate_query(w) for _, w in wanted],
            [tsquery(w, "|") for _, w in wanted],
            limit,
        ],
    )
    for n, *row in cursor.fetchall():
        out[n].append(tuple(row))
    return out


class LexemeStats:
    """How common each lexeme is in one table's `search` column, from pg_stats.

    ANALYZE keeps the most common elements of a tsvector column and their frequencies;
    a lexeme not listed is rarer than every listed one. Read once every few minutes per
    process: one catalogue query, no table scan.
    """

    TTL = 300.0

    def __init__(self, table: str):
        self.table = table
        self.expires = 0.0
        self.freqs: dict[str, float] = {}
        self.floor = 0.0
        self.rows = 0.0

    def load(self, cursor) -> "LexemeStats":
        now = time.monotonic()
        if now < self.expires:
            return self
        cursor.execute(
            """SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples
               FROM pg_class c LEFT JOIN pg_stats s
                 ON s.tablename = c.relname AND s.attname = 'search' AND s.schemaname = current_schema()
               WHERE c.relname = %s AND c.relkind = 'r'""",
            [self.table],
        )
        row = cursor.fetchone()
        elems, freqs, rows = row if row else (None, None, 0)
        self.freqs = dict(zip(elems, freqs)) if elems and freqs else {}
        self.floor = min(self.freqs.values()) if self.freqs else 0.0
        self.rows = max(float(rows or 0), 0.0)
        self.expires = now + self.TTL
        return self

    def frequency(self, lexeme: str) -> float:
        # Unlisted: at most the rarest listed frequency; half of it is a fair guess.
        return self.freqs.get(lexeme, self.floor / 2)

    def candidate_query(self, words: frozenset[str]) -> str:
        """A tsquery matching about BUDGET rows that share the rarest of these lexemes."""
        ranked = sorted(words, key=lambda w: (self.frequency(w), w))
        rows = self.rows or 1.0
        budget = min(BUDGET, max(MIN_BUDGET, rows * BUDGET_SHARE))
        chosen, expected = [], 0.0
        for word in ranked:
            cost = self.frequency(word) * rows
            if chosen and expected + cost > budget:
                break
            chosen.append(word)
            expected += cost
        if expected <= budget or len(ranked) < 2:
            return tsquery(chosen, "|")
        # Even the rarest word is common: ask for pairs of the four rarest instead.
        rare = ranked[:4]
        return " | ".join(f"({tsquery((a, b), '&')})" for i, a in enumerate(rare) for b in rare[i + 1 :])


_stats: dict[str, LexemeStats] = {}


def stats_for(table: str, cursor) -> LexemeStats:
    if table not in _stats:
        _stats[table] = LexemeStats(table)
    return _stats[table].load(cursor)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def refresh_statistics(table: str) -> None:
    """ANALYZE a table after a bulk load: the candidate queries size themselves from its
    statistics, and autovacuum may take minutes to get there on its own."""
    if is_postgres() and table == "claims_passage":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
        _stats.pop(table, None)
