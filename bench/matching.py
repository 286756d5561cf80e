"""Claim matching at scale: median and p95 time to find the top 5 matches among
--factchecks earlier fact-checks in PostgreSQL (default 100,000), and how often a
reworded claim finds its own fact-check first.

Fact-checks are synthetic Italian and English claims (bench/factcheck_corpus.py): many
rows share words, which is what makes search slow. Queries are --queries rewordings of
stored claims (accents, apostrophes, word order, number formats changed) plus as many
claims that match nothing in particular. Prints one JSON line.
"""

import argparse
import json
import random
import statistics
import time

import _setup


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factchecks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    _setup.django_setup()
    from factcheck_corpus import factchecks, reword

    from claims.models import FactCheck
    from claims.verification import search
    from claims.verification.matching import find_matches
    from claims.verification.normalize import normalize

    corpus = list(factchecks(args.factchecks))
    loaded = 0
    if FactCheck.objects.filter(key__startswith="mb:").count() != args.factchecks:
        FactCheck.objects.filter(key__startswith="mb:").delete()
        batch = []
        for i, (text, lang, rating) in enumerate(corpus):
            batch.append(
                FactCheck(
                    origin="claimreview",
                    key=f"mb:{i}",
                    claim_reviewed=text,
                    language=lang,
                    rating_name=rating,
                    match_text=normalize(text, lang),
                )
            )
            if len(batch) == 5000:
                FactCheck.objects.bulk_create(batch)
                batch = []
        FactCheck.objects.bulk_create(batch)
        loaded = args.factchecks
    search.refresh_statistics("claims_factcheck")
    total = FactCheck.objects.count()
    ids = dict(FactCheck.objects.filter(key__startswith="mb:").values_list("key", "id"))

    rng = random.Random(5)
    picks = rng.sample(range(args.factchecks), args.queries)
    queries = [(reword(corpus[i][0], corpus[i][1]), corpus[i][1], ids[f"mb:{i}"]) for i in picks]
    seed = (_setup.ROOT / "seeds" / "000_82384b93ff9f2906.txt").read_text()
    novel = [s.strip() for s in seed.replace("\n", " ").split(". ") if len(s) > 50]
    queries += [(f"{novel[i % len(novel)]} ({1900 + i} casi)", "it", None) for i in range(args.queries)]

    find_matches("riscaldamento", "it")  # warm-up: connection, statistics
    times, first, found_any = [], 0, 0
    for text, lang, expected in queries:
        search._recent.clear()  # every query is new to the process: no cached lexemes
        started = time.perf_counter()
        matches = find_matches(text, lang, limit=5)
        times.append((time.perf_counter() - started) * 1000)
        if expected is not None:
            first += bool(matches) and matches[0].factcheck_id == expected
            found_any += any(m.factcheck_id == expected for m in matches)
    times.sort()
    print(
        json.dumps(
            {
                "bench": "matching",
                "factchecks": total,
                "loaded_now": loaded,
                "queries": len(queries),
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(times[int(0.95 * len(times)) - 1], 2),
                "max_ms": round(times[-1], 2),
                "target_p95_ms": 50,
                "reworded_top1": round(first / args.queries, 3),
                "reworded_top5": round(found_any / args.queries, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
