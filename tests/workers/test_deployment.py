"""The deployment's shape on real processes (what deploy/compose.yaml runs, without Docker):
a worker pool per queue, one beat, a stream of articles, a worker joining and another
leaving mid-stream. Every article is extracted and every claim verified, each piece of
work done once, each pool doing only its own queue's work; /readyz sees the workers'
heartbeats; with LOG_FORMAT=json every log line is JSON carrying the article, claim and
task ids."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.test import Client

from claims.models import Article, Claim, VerificationRun
from claims.services import article_submit

from .conftest import ROOT, _database_url, wait_for

pytestmark = pytest.mark.worker

JSON_LOGS = {"LOG_FORMAT": "json"}


def _article(i: int, base: str) -> str:
    return (
        f"# Conti {i}\n\n"
        f"Secondo [l'Istat]({base}/fonte-{i}) la spesa del comune {i} è salita a {i + 3} milioni di euro nel 2024.\n\n"
        f"Il sindaco ha detto che nel {2000 + i} i dipendenti pubblici erano {100 + i} in tutto il territorio.\n"
    )


def _json_lines(path) -> list[dict]:
    out = []
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


@pytest.fixture
def beat(settings, tmp_path):
    """One `celery beat` process, sending the sweeps every 2 s."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(settings.DATABASES["default"]),
        CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        FACTCHECK_SWEEP_SECONDS="2",
        **JSON_LOGS,
    )
    log = tmp_path / "beat.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "beat", "--loglevel=INFO"]
        + [f"--schedule={tmp_path / 'beat-schedule'}"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proc.log_path = log
    yield proc
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=15)


def test_a_pool_per_queue_one_beat_a_worker_joining_and_leaving_nothing_done_twice(
    celery_worker_factory, beat, settings, web_server
):
    settings.FACTCHECK_ARCHIVE_SOURCES = True
    web_server.fallback = lambda h: (
        h.send_response(200),
        h.send_header("Content-Type", "text/html"),
        h.end_headers(),
        h.wfile.write(b"<html><head><title>Fonte</title></head><body><p>Dati ufficiali.</p></body></html>"),
    )
    queues = settings.FACTCHECK_QUEUES
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    pools = {
        "extraction": celery_worker_factory(name="extraction", extra=("-Q", queues["extraction"]), env_extra=JSON_LOGS),
        "verification1": celery_worker_factory(
            name="verification1", extra=("-Q", f"{queues['verification']},{default}"), env_extra=JSON_LOGS
        ),
        "archiving": celery_worker_factory(name="archiving", extra=("-Q", queues["archiving"]), env_extra=JSON_LOGS),
    }
    ids, started = [], time.monotonic()
    for i in range(12):
        ids.append(article_submit(body=_article(i, web_server.base), content_type="text/markdown").pk)
        if i == 3:  # a second verification worker joins mid-stream
            pools["verification2"] = celery_worker_factory(
                name="verification2", extra=("-Q", f"{queues['verification']},{default}"), env_extra=JSON_LOGS
            )
        if i == 7:  # and the first leaves (warm shutdown: it finishes what it holds)
            os.killpg(pools["verification1"].pid, signal.SIGTERM)
        time.sleep(0.3)

    def all_done():
        articles_done = Article.objects.filter(pk__in=ids, state="ready").count() == len(ids)
        pending = VerificationRun.objects.filter(article_id__in=ids, state__in=["queued", "running"]).exists()
        return articles_done and not pending

    logs = "\n".join(p.log_path.read_text(errors="replace")[-1500:] for p in pools.values())
    assert wait_for(all_done, 120), logs
    assert pools["verification1"].wait(timeout=30) == 0  # it left cleanly
    assert time.monotonic() - started < 150

    # Every claim verified, every source archived, each piece of work taken once.
    checkworthy = Claim.objects.filter(article_id__in=ids, checkworthy=True)
    assert checkworthy.count() >= len(ids)
    assert set(checkworthy.values_list("verification_state", flat=True)) == {"verified"}
    runs = VerificationRun.objects.filter(article_id__in=ids)
    assert set(runs.values_list("state", flat=True)) == {"succeeded"}
    assert runs.filter(step="archive").count() == len(ids)
    assert set(runs.values_list("attempts", flat=True)) == {1}
    assert set(Article.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}

    # Each pool did only its queue's work; no task ran twice; the joiner took a share.
    done_by = {}
    succeeded = Counter()
    for name, proc in pools.items():
        lines = _json_lines(proc.log_path)
        assert lines, f"{name} wrote no JSON log line"
        tasks = [line for line in lines if "succeeded in" in line["message"]]
        done_by[name] = Counter(line["task_name"] for line in tasks)
        succeeded.update(line["task_id"] for line in tasks)
    assert set(done_by["extraction"]) == {"claims.tasks.process_article"}
    assert set(done_by["archiving"]) == {"claims.tasks.execute_runs"}
    assert "claims.tasks.process_article" not in done_by["verification1"] | done_by["verification2"]
    assert done_by["verification2"]["claims.tasks.execute_runs"] > 0
    assert max(succeeded.values()) == 1
    # One beat, sending sweeps the verification pools took.
    assert "requeue-stale" in beat.log_path.read_text(errors="replace")

    # The logs name what they are about: the article of an extraction, the claims of a verification.
    extraction = _json_lines(pools["extraction"].log_path)
    assert any(
        line.get("article_id") in ids
        and line.get("task_id")
        and line.get("task_name") == "claims.tasks.process_article"
        for line in extraction
    )
    verification = _json_lines(pools["verification2"].log_path)
    assert any(line.get("claim_ids") and line.get("task_id") and line.get("run_ids") for line in verification)

    # /readyz sees a live worker on every queue (verification1 left: verification2 covers it).
    settings.CELERY_TASK_ALWAYS_EAGER = False
    report = Client().get("/readyz").json()
    assert report["workers"]["queues_without_worker"] == [], report
    assert not any(host.startswith("verification1@") for host in report["workers"]["alive"])
    assert report["ready"] is True, report
