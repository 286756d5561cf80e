"""Work that cannot finish ends as failed with its reason, never "extracting" or "running"
forever (issue 10: a 309-digit number became Infinity, PostgreSQL refused the JSON, and the
sweep re-sent the article every few minutes without limit). One huge article is capped and
its work goes to queues of its own. Real PostgreSQL; tasks run in-process."""

import io
import json
from datetime import timedelta

import pytest
from celery import current_app
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from claims.extraction import pipeline
from claims.management.commands.ingest import articles_done
from claims.models import Article, Claim, VerificationRun
from claims.services import articles as article_services
from claims.services import verification

pytestmark = pytest.mark.django_db

HUGE = "9" * 309


def _no_constants(value):
    raise ValueError(f"not JSON: {value}")


def test_a_309_digit_number_leaves_the_article_ready_with_finite_signals(submit):
    article = submit(body=f"Il debito pubblico è salito a {HUGE} euro secondo l'Istat nel 2024.")
    assert article.state == Article.State.READY, article.error
    for signals in Claim.objects.filter(article=article).values_list("signals", flat=True):
        json.loads(json.dumps(signals, allow_nan=False), parse_constant=_no_constants)


@pytest.mark.parametrize("body", ["1" * 1_900_000, "1.000," * 300_000], ids=["1x1.9M", "1.000,x300k"])
def test_the_probes_huge_numbers_through_the_api_end_ready_or_failed_never_extracting(
    users, body, settings, django_capture_on_commit_callbacks
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
    client = APIClient()
    client.force_authenticate(users.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/articles/", {"text": f"Secondo l'Istat {body} persone."}, format="json")
    assert response.status_code == 201, response.content[:300]
    article = Article.objects.get(pk=response.json()["id"])
    assert article.state in (Article.State.READY, Article.State.FAILED)
    if article.state == Article.State.FAILED:
        assert article.error


def test_claims_the_database_refuses_fail_the_article_with_the_reason(submit, monkeypatch):
    real = pipeline.extract

    def poisoned(*args, **kwargs):
        result = real(*args, **kwargs)
        result.claims[0].signals = {"numbers": [{"value": float("inf")}]}  # what the old rule produced
        return result

    monkeypatch.setattr(article_services, "extract", poisoned)
    article = submit(body="Il debito è salito a 3 miliardi di euro nel 2024 secondo l'Istat.")
    assert article.state == Article.State.FAILED
    assert "could not be stored" in article.error
    assert not Claim.objects.filter(article=article).exists()


def test_an_article_whose_worker_keeps_dying_is_failed_after_the_attempts_not_resent_forever(submit, settings):
    settings.FACTCHECK_ARTICLE_MAX_ATTEMPTS = 3
    article = submit(body="Il debito è salito a 3 miliardi di euro nel 2024 secondo l'Istat.")
    long_ago = timezone.now() - timedelta(hours=2)
    # What three deaths mid-extraction leave behind: "extracting", its lease long expired.
    Article.objects.filter(pk=article.pk).update(
        state=Article.State.EXTRACTING, attempts=3, processing_started_at=long_ago
    )
    assert article_services.article_requeue_stale() == [article.pk]
    article_services.article_process(article.pk)
    article.refresh_from_db()
    assert article.state == Article.State.FAILED and "attempted 3 times" in article.error
    assert article_services.article_requeue_stale() == []  # failed is final: the sweep leaves it


def test_a_run_whose_worker_keeps_dying_fails_after_the_attempts(submit, settings):
    settings.FACTCHECK_RUN_MAX_ATTEMPTS = 2
    article = submit(body="Il debito è salito a 3 miliardi di euro nel 2024 secondo l'Istat.")
    run = VerificationRun.objects.filter(article=article).first()
    expired = timezone.now() - timedelta(minutes=1)
    VerificationRun.objects.filter(pk=run.pk).update(state="running", attempts=2, lease_expires_at=expired)
    assert run.pk in verification.runs_requeue_stale()
    verification.runs_execute([run.pk], "redelivered")
    run.refresh_from_db()
    assert run.state == "failed" and "attempted 2 times" in run.error
    assert Claim.objects.get(pk=run.claim_id).verification_state == Claim.Verification.FAILED


def test_extract_claims_prints_valid_json_for_a_309_digit_number(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text(f"Il debito pubblico è salito a {HUGE} euro secondo l'Istat nel 2024.", encoding="utf-8")
    out = io.StringIO()
    call_command("extract_claims", str(path), "--format", "json", stdout=out)
    data = json.loads(out.getvalue(), parse_constant=_no_constants)
    assert data["claims"]


def test_an_article_past_the_claims_cap_fails_with_a_clear_message(submit, settings):
    settings.FACTCHECK_MAX_CLAIMS_PER_ARTICLE = 5
    body = "\n\n".join(f"Nel {2000 + i} il comune ha speso {i + 1} milioni di euro per le strade." for i in range(12))
    article = submit(body=body)
    assert article.state == Article.State.FAILED
    assert article.error.startswith("The article has 12 sentences; at most 5 are taken from one article.")
    assert not Claim.objects.filter(article=article).exists()


def test_extraction_verification_and_archiving_have_queues_of_their_own(settings, submit, monkeypatch):
    router = current_app.amqp.router
    assert router.route({}, "claims.tasks.process_article")["queue"].name == settings.FACTCHECK_QUEUES["extraction"]
    assert router.route({}, "claims.tasks.fetch_article")["queue"].name == settings.FACTCHECK_QUEUES["extraction"]
    assert router.route({}, "claims.tasks.execute_runs")["queue"].name == settings.FACTCHECK_QUEUES["verification"]
    assert router.route({}, "claims.tasks.requeue_stale_runs")["queue"].name == settings.CELERY_TASK_DEFAULT_QUEUE
    sent = []
    monkeypatch.setattr(verification, "send_task", lambda name, *args, **kw: sent.append((args[0], kw.get("queue"))))
    settings.FACTCHECK_ARCHIVE_SOURCES = True
    article = submit(
        body="Secondo [l'Istat](https://www.istat.it/dato) il debito è salito a 3 miliardi nel 2024.",
        content_type="text/markdown",
    )
    archive = VerificationRun.objects.get(article=article, step="archive")
    assert ([archive.pk], "archiving") in sent
    assert all(queue is None for ids, queue in sent if archive.pk not in ids)  # the route: verification


def test_the_progress_poll_of_a_long_article_is_a_summary(users, settings):
    from .test_views_articles import make_article

    client = Client()
    client.force_login(users.reviewer)
    article = make_article(250)
    data = client.get(reverse("claims:article_progress", args=[article.pk])).json()
    assert data["claims_omitted"] is True and data["claims"] == []
    assert data["counts"]["claims"] == 250
    small = make_article(3)
    data = client.get(reverse("claims:article_progress", args=[small.pk])).json()
    assert data["claims_omitted"] is False and len(data["claims"]) == 3


def test_ingest_wait_reads_one_consistent_state(submit, django_assert_num_queries):
    done = submit(body="Il debito è salito a 3 miliardi di euro nel 2024 secondo l'Istat.")
    extracting = submit(body="Il comune ha speso 4 milioni di euro per le strade nel 2023.")
    Article.objects.filter(pk=extracting.pk).update(state=Article.State.EXTRACTING)
    verifying = submit(body="La spesa sanitaria è cresciuta del 5% nel 2022 secondo il ministero.")
    Claim.objects.filter(article=verifying, checkworthy=True).update(verification_state=Claim.Verification.PENDING)
    # One statement sees one snapshot: never "ready" beside claims read before they existed.
    with django_assert_num_queries(1):
        finished = articles_done([done.pk, extracting.pk, verifying.pk])
    assert finished == [done.pk]
