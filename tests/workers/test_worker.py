"""End to end on the real parts: a `celery worker` process consumes from Redis and
turns the seed article into claims in PostgreSQL."""

import pytest
from django.db import connection

from claims.models import Article
from claims.services import article_submit
from tests.workers.conftest import wait_for

pytestmark = pytest.mark.worker


def test_a_real_worker_processes_the_seed_article_into_claims(celery_worker_factory, seed_bytes):
    assert connection.vendor == "postgresql"
    worker = celery_worker_factory(concurrency=1, name="extract")
    article = article_submit(body=seed_bytes, filename="seed.txt")
    # The web process only stored and queued it; the worker does the rest.
    assert Article.objects.get(pk=article.pk).state in (
        Article.State.QUEUED,
        Article.State.EXTRACTING,
        Article.State.READY,
    )
    done = wait_for(lambda: Article.objects.filter(pk=article.pk, state__in=["ready", "failed"]).exists(), 60)
    assert done, worker.log_path.read_text(errors="replace")[-3000:]
    article.refresh_from_db()
    assert article.state == Article.State.READY, article.error
    # The worker logs the task's success just after the transaction that made it ready.
    assert wait_for(
        lambda: (
            "claims.tasks.process_article" in worker.log_path.read_text(errors="replace")
            and "succeeded" in worker.log_path.read_text(errors="replace")
        ),
        10,
    )
    claims = list(article.claims.order_by("position"))
    assert len(claims) >= 15
    texts = [c.text for c in claims]
    assert any(t.endswith("a partire da soli 6 dollari l'ora") for t in texts)
    assert all(article.cleaned_text[c.start : c.end] == c.text for c in claims)
    assert article.attempts == 1


def test_an_article_submitted_while_no_worker_runs_waits_in_the_queue(celery_worker_factory, seed_bytes):
    article = article_submit(body=seed_bytes, filename="seed.txt")
    assert Article.objects.get(pk=article.pk).state == Article.State.QUEUED
    celery_worker_factory(concurrency=1, name="late")
    assert wait_for(lambda: Article.objects.filter(pk=article.pk, state="ready").exists(), 60)
