"""Seed article end to end: seconds from submitting it to every check-worthy claim
verified, with one real worker (2 processes) on Redis and PostgreSQL. Median of --runs.

Each run submits the seed article (as the web page or `ingest` does), then polls the
database every 5 ms. Prints one JSON line.
"""

import argparse
import json
import statistics
import time

import _setup


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    _setup.django_setup()
    from claims.models import Article, Claim
    from claims.services import article_submit

    seed = (_setup.ROOT / "seeds" / "000_82384b93ff9f2906.txt").read_bytes()
    _setup.purge_queue()
    worker = _setup.Worker(concurrency=2)
    try:
        worker.wait_ready()
        times, claims = [], 0
        for i in range(args.runs + 1):  # the first run warms the worker's caches and is not counted
            # A distinct body each time (the seed, plus a run number) so nothing is deduplicated.
            started = time.perf_counter()
            article = article_submit(body=seed + f"\n\nRun {i}.".encode(), filename="seed.txt")
            deadline = started + 30
            while time.perf_counter() < deadline:
                state = Article.objects.filter(pk=article.pk).values_list("state", flat=True)[0]
                pending = (
                    Claim.objects.filter(article=article, checkworthy=True)
                    .exclude(verification_state__in=("verified", "failed"))
                    .exists()
                )
                if state in ("ready", "failed") and not pending:
                    break
                time.sleep(0.005)
            elapsed = time.perf_counter() - started
            claims = Claim.objects.filter(article=article, verification_state="verified").count()
            if i:
                times.append(elapsed)
        print(
            json.dumps(
                {
                    "bench": "verification_latency",
                    "runs": args.runs,
                    "checkworthy_claims_verified": claims,
                    "median_s": round(statistics.median(times), 3),
                    "min_s": round(min(times), 3),
                    "max_s": round(max(times), 3),
                    "target_s": 2.0,
                }
            )
        )
    finally:
        worker.stop()


if __name__ == "__main__":
    main()
