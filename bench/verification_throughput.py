"""Verification throughput: --claims check-worthy claims verified by one worker with 2
processes, in claims per second, and as a ratio to a no-op Celery task (claims.tasks.ping)
on the same broker in the same run: the machinery's own limit.

Both phases are timed from the first message published to the last piece of work done:
for ping, the queue and Redis's unacknowledged set are empty; for claims, every claim's
automated verification is finished in the database. The earlier fact-checks hold
--factchecks synthetic fact-checks (embedded and indexed for matching) and the reference
library a document, so the searches do real work: every claim is embedded, matched against
the fact-checks and the claims before it, and searched in the library. Prints one JSON line.
"""

import argparse
import json
import time

import _setup


def _wait(predicate, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--factchecks", type=int, default=5000)
    args = parser.parse_args()
    _setup.django_setup()
    import redis
    from django.conf import settings
    from django.db import transaction
    from factcheck_corpus import factchecks

    from claims.models import Article, Claim, FactCheck, ReferenceDocument
    from claims.services import verification
    from claims.services.library import document_add
    from claims.services.match_index import index_factchecks
    from claims.tasks import ping

    # Reference data: synthetic earlier fact-checks and two documents.
    if FactCheck.objects.filter(key__startswith="tp:").count() != args.factchecks:
        FactCheck.objects.filter(key__startswith="tp:").delete()
        FactCheck.objects.bulk_create(
            [
                FactCheck(
                    origin="claimreview",
                    key=f"tp:{i}",
                    claim_reviewed=t,
                    language=lang,
                    rating_name=r,
                )
                for i, (t, lang, r) in enumerate(factchecks(args.factchecks, 11))
            ],
            batch_size=2000,
        )
    # Their matching entries (sentence vectors and index terms), as an import writes them.
    index_factchecks(None)
    seed = (_setup.ROOT / "seeds" / "000_82384b93ff9f2906.txt").read_text()
    if not ReferenceDocument.objects.filter(filename="bench-seed.txt").exists():
        document_add(data=seed.encode(), filename="bench-seed.txt")

    # The claims: seed sentences with a number that makes each one distinct.
    sentences = [s for s in seed.replace("\n", " ").split(". ") if len(s) > 60]
    Article.objects.filter(origin="bench:throughput").delete()
    article = Article.objects.create(
        title="throughput", body="x", body_sha256="0" * 64, origin="bench:throughput", state="ready", language="it"
    )
    Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                text=f"{sentences[i % len(sentences)]} ({i} casi nel {1990 + i % 35}).",
                start=0,
                end=1,
                position=i,
                language="it",
                score=0.9,
                checkworthy=True,
            )
            for i in range(args.claims)
        ]
    )
    claims = list(Claim.objects.filter(article=article))
    client = redis.Redis.from_url(_setup.BROKER_URL)
    _setup.purge_queue()
    worker = _setup.Worker(concurrency=2)
    try:
        worker.wait_ready()
        # Warm-up: imports, connections, the planner statistics cache.
        for _ in range(20):
            ping.delay()
        _wait(lambda: client.llen(_setup.QUEUE) == 0 and client.hlen("unacked") == 0, 30)

        started = time.perf_counter()
        for _ in range(args.claims):
            ping.delay()
        _wait(lambda: client.llen(_setup.QUEUE) == 0 and client.hlen("unacked") == 0, 300)
        noop_seconds = time.perf_counter() - started

        started = time.perf_counter()
        with transaction.atomic():
            verification.runs_create(claims)
        pending = Claim.objects.filter(article=article, verification_state="pending")
        done = _wait(lambda: not pending.exists(), 600)
        claim_seconds = time.perf_counter() - started
        verified = Claim.objects.filter(article=article, verification_state="verified").count()
    finally:
        worker.stop()
    noop_rate = args.claims / noop_seconds
    claim_rate = args.claims / claim_seconds
    print(
        json.dumps(
            {
                "bench": "verification_throughput",
                "claims": args.claims,
                "verified": verified,
                "finished": done,
                "worker_processes": 2,
                "claims_per_task": settings.FACTCHECK_VERIFY_BATCH,
                "earlier_factchecks": args.factchecks,
                "claims_per_s": round(claim_rate, 1),
                "noop_tasks_per_s": round(noop_rate, 1),
                "ratio": round(claim_rate / noop_rate, 3),
                "target_ratio": 0.3,
            }
        )
    )


if __name__ == "__main__":
    main()
