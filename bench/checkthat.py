"""Claim matching on the public benchmark: CLEF CheckThat! 2022 task 2A (English), through
the product's own path. Prints one JSON line.

The fact-checks (vclaims.jsonl) are written as schema.org ClaimReview (claimReviewed = the
claim, headline = the review's title, no inLanguage: the importer detects it) and imported
with `manage.py import_claimreview`, embeddings and all, into a PostgreSQL database of the
benchmark's own. Each query is then ranked by claims.matching.find.find_matches, the
function the workers' matching step calls, one at a time, embedding included.

    bench/checkthat.py                                  # the devtest split
    bench/checkthat.py --queries Q.tsv --qrels R.tsv    # any split in the same format

Queries: `id<TAB>text`; qrels: TREC `id<TAB>0<TAB>vclaim_id<TAB>1`. A qrels query without
text counts as an empty run. Measures: MAP@1, MAP@5, MRR, recall@5 (as the lab computes
them: average precision at k over each query's relevant fact-checks), latency per query
(p50/p95, and the query embedding alone), "same claim" precision and recall.
The data is not shipped: ../shared/datasets/checkthat-2022-2a-en/ beside the repository,
or CHECKTHAT_PATH.
"""

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import _setup  # noqa: E402

DATA = Path(os.environ.get("CHECKTHAT_PATH") or _setup.ROOT.parent / "shared" / "datasets" / "checkthat-2022-2a-en")
URL = "https://checkthat.example/vclaim/{}"  # the records have no review URL of their own for most


def read_queries(path) -> dict:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as fh:
        return {row[0]: row[1] for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if len(row) >= 2}


def read_qrels(path) -> dict:
    qrels: dict[str, set] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) >= 4 and parts[3].strip() != "0":
            qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


def claimreview_feed(vclaims: Path) -> list[dict]:
    feed = []
    for line in vclaims.read_text(encoding="utf-8").splitlines():
        v = json.loads(line)
        node = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": URL.format(v["vclaim_id"]),
            "claimReviewed": v["vclaim"],
            "headline": v.get("title") or "",
            # CheckThat gives no rating; the importer needs one to accept a review.
            "reviewRating": {"@type": "Rating", "alternateName": "not given"},
            "author": {"@type": "Organization", "name": v.get("author") or "Snopes"},
        }
        feed.append(node)
    return feed


def average_precision(ranked: list, relevant: set, k: int) -> float:
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked[:k], 1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k) if relevant else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", default=str(DATA / "devtest-queries.tsv"))
    parser.add_argument("--qrels", default=str(DATA / "devtest-qrels.tsv"))
    parser.add_argument("--vclaims", default=str(DATA / "vclaims.jsonl"))
    parser.add_argument("--lang", default="auto", help="query language: auto (detected, as the product does) or a code")
    args = parser.parse_args()
    if not Path(args.vclaims).is_file():
        print(json.dumps({"bench": "checkthat", "skipped": f"no data at {args.vclaims} (set CHECKTHAT_PATH)"}))
        return
    os.environ.setdefault("BENCH_DATABASE_URL", _setup.DATABASE_URL.rsplit("/", 1)[0] + "/factcheck_bench_checkthat")
    _setup.DATABASE_URL = os.environ["BENCH_DATABASE_URL"]
    _setup.django_setup()
    from django.core.management import call_command

    from claims.matching import runtime
    from claims.matching.find import find_matches, query_language
    from claims.matching.index import live
    from claims.models import FactCheck

    queries, qrels = read_queries(args.queries), read_qrels(args.qrels)
    feed = claimreview_feed(Path(args.vclaims))
    imported_s = None
    if FactCheck.objects.filter(url__startswith=URL.format("")).count() != len(feed):
        FactCheck.objects.all().delete()
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
            json.dump(feed, fh)
        started = time.perf_counter()
        call_command("import_claimreview", fh.name, "--format", "json", stdout=open(os.devnull, "w"))
        imported_s = round(time.perf_counter() - started, 1)
        os.unlink(fh.name)
    vclaim_of = {pk: url.rsplit("/", 1)[-1] for pk, url in FactCheck.objects.values_list("pk", "url")}

    started = time.perf_counter()
    live.reset()
    live.current()
    index_s = round(time.perf_counter() - started, 1)

    embedder = runtime.embedder()
    encode, embed_ms = embedder.encode, []

    def timed(texts):
        t = time.perf_counter()
        out = encode(texts)
        embed_ms.append((time.perf_counter() - t) * 1000)
        return out

    embedder.encode = timed
    find_matches("warm-up: vaccines and autism", "en")
    embed_ms.clear()
    ap1, ap5, rr, recall5, latency, same_said, same_right, shown = [], [], [], [], [], 0, 0, 0
    for qid, relevant in qrels.items():
        text = queries.get(qid, "")
        ranked = []
        if text:
            t = time.perf_counter()
            lang = query_language(text, args.lang)
            found = [p for p in find_matches(text, lang, limit=10, ranking=True) if p.kind == "factcheck"][:5]
            latency.append((time.perf_counter() - t) * 1000)
            ranked = [vclaim_of.get(p.object_id) for p in found]
            # What a reviewer is shown: the proposals that reach "related" at least.
            shown += any(vclaim_of.get(p.object_id) in relevant for p in found if p.level)
            if found and found[0].level == "same":
                same_said += 1
                same_right += ranked[0] in relevant
        ap1.append(average_precision(ranked, relevant, 1))
        ap5.append(average_precision(ranked, relevant, 5))
        rr.append(next((1 / i for i, doc in enumerate(ranked[:5], 1) if doc in relevant), 0.0))
        recall5.append(len(set(ranked[:5]) & relevant) / len(relevant))
    latency.sort()
    embed_ms.sort()

    def pct(values, q):
        return round(values[min(len(values) - 1, int(q * len(values)))], 2) if values else None

    print(
        json.dumps(
            {
                "bench": "checkthat",
                "split": Path(args.queries).name,
                "queries": len(qrels),
                "queries_without_text": sum(1 for q in qrels if q not in queries),
                "factchecks": len(vclaim_of),
                "map_at_1": round(statistics.mean(ap1), 4),
                "map_at_5": round(statistics.mean(ap5), 4),
                "mrr_at_5": round(statistics.mean(rr), 4),
                "recall_at_5": round(statistics.mean(recall5), 4),
                "shown_recall_at_5": round(shown / len(qrels), 4),
                "same_precision": round(same_right / same_said, 4) if same_said else None,
                "same_recall": round(same_right / len(qrels), 4),
                "latency_ms_p50": pct(latency, 0.5),
                "latency_ms_p95": pct(latency, 0.95),
                "embed_ms_p50": pct(embed_ms, 0.5),
                "embed_ms_p95": pct(embed_ms, 0.95),
                "import_s": imported_s,
                "index_build_s": index_s,
                "target_map_at_5": 0.90,
            }
        )
    )


if __name__ == "__main__":
    main()
