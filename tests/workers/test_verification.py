"""Verification on the real parts, with faults: real `celery worker` processes consuming
from Redis, PostgreSQL as the record. Each test is bounded in time."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

from claims.models import Article, Claim, ClaimMatch, EvidenceMatch, Snapshot, Source, VerificationRun
from claims.services import article_submit, verification
from tests.conftest import ROOT
from tests.workers.conftest import _database_url, wait_for

pytestmark = pytest.mark.worker

State = VerificationRun.State


def _all_verified(article_id: int) -> bool:
    claims = Claim.objects.filter(article_id=article_id, checkworthy=True)
    return claims.exists() and not claims.exclude(verification_state=Claim.Verification.VERIFIED).exists()


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def test_the_seed_article_ends_with_every_checkworthy_claim_verified(celery_worker_factory, seed_bytes):
    celery_worker_factory(concurrency=2, name="seed")
    article = article_submit(body=seed_bytes, filename="seed.txt")
    assert wait_for(lambda: _all_verified(article.pk), 60)
    runs = VerificationRun.objects.filter(article=article)
    assert set(runs.values_list("state", flat=True)) == {State.SUCCEEDED}
    assert set(runs.values_list("attempts", flat=True)) == {1}
    assert runs.count() == 2 * Claim.objects.filter(article=article, checkworthy=True).count()


def _slow_route(web_server, drips: int) -> list:
    """/slow sends headers at once, then the body in drips every 0.2 s: long enough to kill
    the worker mid-fetch. Returns the list the handler appends each request's time to."""
    hits = []

    def slow(handler):
        hits.append(time.monotonic())
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
        handler.end_headers()
        for _ in range(drips):
            handler.wfile.write(b"Nel 2024 il PIL e' cresciuto dello 0,7 per cento. ")
            handler.wfile.flush()
            time.sleep(0.2)

    web_server.routes["/slow"] = slow
    return hits


def test_a_worker_killed_mid_task_still_ends_with_the_claim_verified_once(celery_worker_factory, web_server):
    hits = _slow_route(web_server, 15)
    worker = celery_worker_factory(concurrency=1, name="victim")
    article = article_submit(body=f"Il PIL è cresciuto dello 0,7% nel 2024 ({web_server.base}/slow).".encode())
    assert wait_for(lambda: len(hits) >= 1, 30), worker.log_path.read_text()[-2000:]
    children = _children(worker.pid)
    assert len(children) == 1
    os.kill(children[0], signal.SIGKILL)  # the process running the task dies without a word
    assert wait_for(lambda: _all_verified(article.pk), 60), worker.log_path.read_text()[-3000:]
    run = VerificationRun.objects.get(article=article, step=VerificationRun.Step.ARCHIVE)
    assert run.state == State.SUCCEEDED and run.attempts == 2  # taken over once, finished once
    assert Snapshot.objects.filter(source__claim__article=article).count() == 1
    assert Source.objects.get(claim__article=article).last_status == 200
    assert "WorkerLostError" in worker.log_path.read_text() or "SIGKILL" in worker.log_path.read_text()


def test_two_workers_never_process_the_same_run_twice(celery_worker_factory, seed_bytes):
    celery_worker_factory(concurrency=2, name="alpha")
    celery_worker_factory(concurrency=2, name="beta")
    articles = [
        article_submit(body=seed_bytes, filename="seed.txt"),
        article_submit(
            body="Il debito pubblico ha superato i 3.000 miliardi di euro a giugno, secondo Bankitalia. "
            "La spesa per interessi è salita al 4% del PIL nel 2024.".encode()
        ),
        article_submit(
            body=b"Unemployment fell to 3.5% in 2019, the lowest rate since 1969, the Labor Department "
            b"said. Wages grew 3.1% over the year."
        ),
    ]
    assert wait_for(lambda: all(Article.objects.filter(pk=a.pk, state="ready").exists() for a in articles), 60)
    run_ids = list(VerificationRun.objects.filter(article__in=articles).values_list("pk", flat=True))
    # Every run's message sent twice more: duplicates race the originals across both workers.
    verification.send(run_ids)
    verification.send(run_ids)
    assert wait_for(lambda: all(_all_verified(a.pk) for a in articles), 60)
    time.sleep(1.0)  # let any late duplicate arrive
    runs = VerificationRun.objects.filter(pk__in=run_ids)
    assert set(runs.values_list("state", flat=True)) == {State.SUCCEEDED}
    assert set(runs.values_list("attempts", flat=True)) == {1}
    for claim in Claim.objects.filter(article__in=articles, checkworthy=True):
        ranks = list(EvidenceMatch.objects.filter(claim=claim).values_list("rank", flat=True))
        assert ranks == sorted(set(ranks))
        assert ClaimMatch.objects.filter(claim=claim).count() <= 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own, so stopping it disturbs nobody else."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is needed for this test (Debian package redis-server)")
    port = _free_port()
    cmd = [
        binary,
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp_path),
    ]
    procs = []

    def start():
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(proc)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return proc
            except OSError:
                time.sleep(0.05)
        pytest.fail("private redis did not start")

    def stop():
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)

    start()
    yield type(
        "Redis", (), {"url": f"redis://127.0.0.1:{port}/0", "start": staticmethod(start), "stop": staticmethod(stop)}
    )
    stop()


def test_an_article_submitted_while_redis_is_down_is_verified_once_redis_is_back(
    celery_worker_factory, private_redis, settings, tmp_path
):
    fast_sweep = {
        "CELERY_BROKER_URL": private_redis.url,
        "FACTCHECK_SWEEP_SECONDS": "1",
        "FACTCHECK_STALE_SECONDS": "2",
    }
    worker = celery_worker_factory(concurrency=1, name="outage", env_extra=fast_sweep, beat=True)
    private_redis.stop()
    article_file = tmp_path / "article.txt"
    article_file.write_text(
        "Il debito pubblico ha superato i 3.000 miliardi di euro a giugno, secondo Bankitalia. "
        "La spesa per interessi è salita al 4% del PIL nel 2024."
    )
    env = {**os.environ, "DATABASE_URL": _database_url(settings.DATABASES["default"]), **fast_sweep}
    started = time.monotonic()
    submitted = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(article_file), "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # The newsroom's submission succeeds although the broker is down: the article is stored.
    assert submitted.returncode == 0, submitted.stderr[-2000:]
    assert time.monotonic() - started < 30
    article = Article.objects.get(origin="cli:article.txt")
    assert article.state == Article.State.QUEUED
    time.sleep(2)
    private_redis.start()
    # Once Redis is back the worker reconnects and the sweep re-sends what was never delivered.
    assert wait_for(lambda: _all_verified(article.pk), 90), worker.log_path.read_text()[-3000:]
    article.refresh_from_db()
    assert article.state == Article.State.READY
    assert set(VerificationRun.objects.filter(article=article).values_list("attempts", flat=True)) == {1}


def test_a_whole_worker_killed_mid_task_hands_its_message_to_the_next_worker(celery_worker_factory, web_server):
    hits = _slow_route(web_server, 10)
    # Short limits so Redis hands an unacknowledged message back within seconds, not an hour.
    short = {
        "CELERY_TASK_SOFT_TIME_LIMIT": "4",
        "CELERY_TASK_TIME_LIMIT": "5",
        "CELERY_VISIBILITY_TIMEOUT": "6",
        "CELERY_UNACKED_RESTORE_SECONDS": "1",
    }
    worker = celery_worker_factory(concurrency=1, name="doomed", env_extra=short)
    article = article_submit(
        body=f"La spesa per interessi è salita al 4% del PIL nel 2024 ({web_server.base}/slow).".encode()
    )
    assert wait_for(lambda: len(hits) >= 1, 30), worker.log_path.read_text()[-2000:]
    os.killpg(worker.pid, signal.SIGKILL)  # main process and pool child, no goodbye to the broker
    worker.wait(timeout=10)
    successor = celery_worker_factory(concurrency=1, name="successor", env_extra=short)
    assert wait_for(lambda: _all_verified(article.pk), 60), successor.log_path.read_text()[-3000:]
    run = VerificationRun.objects.get(article=article, step=VerificationRun.Step.ARCHIVE)
    assert run.state == State.SUCCEEDED and run.attempts == 2
    assert Snapshot.objects.filter(source__claim__article=article).count() == 1
