"""Verification runs, service level (tasks in-process, real PostgreSQL): every check-worthy
claim gets researched, results are stored once, failures are recorded, nothing is lost."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.models import Claim, ClaimMatch, EvidenceMatch, FactCheck, Snapshot, Source, VerificationRun
from claims.selectors.articles import article_summary
from claims.services import verification
from claims.services.factchecks import factcheck_import_claimreview
from claims.services.library import document_add

pytestmark = pytest.mark.django_db

Step, State = VerificationRun.Step, VerificationRun.State

REPORT = """Rapporto sul mercato dei chip

Le restrizioni all'esportazione degli Stati Uniti sull'acceleratore H20 di NVIDIA hanno ridotto
l'afflusso di chip per l'intelligenza artificiale in Cina. I fornitori cinesi di servizi cloud
hanno difficoltà ad acquisire risorse di elaborazione sufficienti.

Il noleggio di GPU in Cina parte da 6 dollari l'ora, meno che negli Stati Uniti.
"""


def _claim_review(text: str, rating: str, url: str, lang: str = "it") -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": text,
        "url": url,
        "inLanguage": lang,
        "author": {"@type": "Organization", "name": "Pagella Politica"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2,
            "bestRating": 6,
            "worstRating": 1,
            "alternateName": rating,
        },
    }


def test_every_checkworthy_claim_of_the_seed_is_verified(submit, seed_bytes):
    article = submit(body=seed_bytes)
    checkworthy = article.claims.filter(checkworthy=True)
    assert checkworthy.count() >= 12
    assert set(checkworthy.values_list("verification_state", flat=True)) == {Claim.Verification.VERIFIED}
    # Not check-worthy: no research is spent on it.
    assert set(article.claims.filter(checkworthy=False).values_list("verification_state", flat=True)) <= {"none"}
    runs = VerificationRun.objects.filter(article=article)
    assert runs.count() == 2 * checkworthy.count()  # matching + evidence per claim
    assert set(runs.values_list("state", flat=True)) == {State.SUCCEEDED}
    assert set(runs.values_list("attempts", flat=True)) == {1}
    summary = article_summary(article)
    assert summary["verified"] == summary["checkworthy"] and summary["failed"] == 0


def test_an_earlier_factcheck_and_a_library_passage_are_found_for_a_seed_claim(
    submit, seed_bytes, django_capture_on_commit_callbacks
):
    import json

    # Committed, the import has a worker embed the records for matching (in-process here).
    with django_capture_on_commit_callbacks(execute=True):
        factcheck_import_claimreview(
            json.dumps(
                [
                    _claim_review(
                        "Le GPU NVIDIA H20 sul mercato cinese sono allocate ai clienti del modello R1 di DeepSeek",
                        "C'eri quasi",
                        "https://pagellapolitica.it/fact-checking/h20-r1",
                    ),
                    _claim_review(
                        "Il debito pubblico italiano ha superato i 3.000 miliardi di euro",
                        "Vero",
                        "https://pagellapolitica.it/fact-checking/debito",
                    ),
                ]
            )
        )
    document_add(data=REPORT.encode(), filename="rapporto-chip.txt")
    article = submit(body=seed_bytes)
    h20 = article.claims.get(text__startswith="Un numero considerevole di GPU NVIDIA H20")
    matches = list(ClaimMatch.objects.filter(claim=h20).select_related("factcheck"))
    assert matches and matches[0].factcheck.url.endswith("/h20-r1") and matches[0].score >= 0.3
    assert all(m.factcheck.url != "https://pagellapolitica.it/fact-checking/debito" for m in matches)
    rental = article.claims.get(text__startswith="I servizi di noleggio di chip AI")
    found = list(EvidenceMatch.objects.filter(claim=rental).select_related("passage"))
    assert found and "6 dollari l'ora" in found[0].passage.text
    snippet, highlights = found[0].snippet, found[0].highlights
    assert highlights and {snippet[a:b].lower() for a, b in highlights} & {"noleggio", "gpu", "cina", "dollari"}


def test_links_in_the_article_are_archived(submit, web_server, settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    web_server.routes["/istat"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        "<html><head><title>Istat: PIL 2024</title></head><body><article><p>Nel 2024 il "
        "PIL è cresciuto dello 0,7 per cento secondo le stime.</p></article></body></html>".encode(),
    )
    body = (
        f"# Economia\n\nIl PIL italiano è cresciuto dello 0,7% nel 2024, secondo [l'Istat]({web_server.base}/istat)."
        f"\n\nLa disoccupazione è scesa al 6,1% a dicembre, come riporta [Eurostat]({web_server.base}/gone).\n"
    )
    article = submit(body=body.encode(), filename="pil.md")
    ok = Source.objects.get(url=f"{web_server.base}/istat")
    assert ok.claim.text.startswith("Il PIL italiano") and ok.origin == Source.Origin.ARTICLE
    snap = ok.snapshots.get()
    assert snap.status_code == 200 and snap.title == "Istat: PIL 2024" and "0,7 per cento" in snap.text
    assert len(snap.sha256) == 64 and not ok.is_dead
    dead = Source.objects.get(url=f"{web_server.base}/gone")
    assert dead.is_dead and dead.last_status == 404 and dead.next_check_at > timezone.now()
    assert article_summary(article)["verified"] == article.claims.filter(checkworthy=True).count()


def test_a_blocked_link_is_recorded_as_dead_without_a_request(submit, web_server, settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = []
    submit(body=f"Il PIL è cresciuto dello 0,7% nel 2024 ({web_server.base}/istat).".encode())
    source = Source.objects.get()
    assert source.is_dead and "not a public address" in source.snapshots.get().error
    assert web_server.requests == []


def test_dead_links_are_checked_again_when_due(submit, web_server, settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    submit(body=f"Il PIL è cresciuto dello 0,7% nel 2024 ({web_server.base}/later).".encode())
    source = Source.objects.get()
    assert source.is_dead
    assert verification.sources_recheck_dead() == []  # not due yet
    web_server.routes["/later"] = (200, {"Content-Type": "text/plain"}, b"Back online.")
    Source.objects.update(next_check_at=timezone.now() - timedelta(minutes=1))
    ids = verification.sources_recheck_dead()
    assert len(ids) == 1
    verification.runs_execute(ids, "manual")
    source.refresh_from_db()
    assert not source.is_dead and source.snapshots.count() == 2 and source.last_status == 200


def _queued_run(submit, seed_bytes):
    article = submit(body=seed_bytes)
    claim = article.claims.filter(checkworthy=True).first()
    run = VerificationRun.objects.get(claim=claim, step=Step.MATCHING)
    VerificationRun.objects.filter(pk=run.pk).update(state=State.QUEUED, attempts=0)
    ClaimMatch.objects.filter(claim=claim).delete()
    return run


def test_a_message_delivered_twice_runs_once(submit, seed_bytes):
    run = _queued_run(submit, seed_bytes)
    assert verification.runs_execute([run.pk], "task-a") == 1
    assert verification.runs_execute([run.pk], "task-b") == 0  # a duplicate message
    assert verification.runs_execute([run.pk], "task-a") == 0  # the same message again, after it finished
    run.refresh_from_db()
    assert run.state == State.SUCCEEDED and run.attempts == 1


def test_a_run_held_by_a_live_worker_is_not_taken_but_an_abandoned_one_is(submit, seed_bytes):
    run = _queued_run(submit, seed_bytes)
    taken = verification.runs_take([run.pk], "task-a")
    assert [r.pk for r in taken] == [run.pk]
    assert verification.runs_take([run.pk], "task-b") == []  # lease still valid
    # The same message delivered again (its worker died): taken over at once.
    assert [r.pk for r in verification.runs_take([run.pk], "task-a")] == [run.pk]
    VerificationRun.objects.filter(pk=run.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert [r.pk for r in verification.runs_take([run.pk], "task-c")] == [run.pk]
    run.refresh_from_db()
    assert run.attempts == 3 and run.task_id == "task-c"


def test_a_worker_whose_run_was_taken_over_does_not_write(submit, seed_bytes):
    run = _queued_run(submit, seed_bytes)
    old = verification.runs_take([run.pk], "task-a")[0]
    VerificationRun.objects.filter(pk=run.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    verification.runs_execute([run.pk], "task-b")  # takes over and finishes
    factcheck = FactCheck.objects.create(
        key="x",
        claim_reviewed="x",
    )
    late = verification.Done(
        {"late": True}, [(ClaimMatch, [ClaimMatch(claim_id=old.claim_id, factcheck=factcheck, rank=99, score=1.0)])]
    )
    assert verification._finish([(old, late)]) == []
    assert not ClaimMatch.objects.filter(rank=99).exists()
    run.refresh_from_db()
    assert run.task_id == "task-b" and "late" not in run.result


def test_transient_failures_are_retried_then_recorded(submit, web_server, settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    settings.FACTCHECK_RUN_MAX_ATTEMPTS = 3
    web_server.routes["/flaky"] = (503, {"Content-Type": "text/html"}, b"busy")
    submit(body=f"Il PIL è cresciuto dello 0,7% nel 2024 ({web_server.base}/flaky).".encode())
    run = VerificationRun.objects.get(step=Step.ARCHIVE)
    # A 503 may pass: tried again (in-process here, with backoff on a real worker) up to
    # the limit, then recorded as it is: a snapshot saying 503 and a link flagged dead.
    assert run.state == State.SUCCEEDED and run.attempts == 3
    assert len(web_server.requests) == 3
    assert Snapshot.objects.get().status_code == 503 and Source.objects.get().is_dead


def test_a_transient_failure_puts_the_run_back_in_the_queue(submit, seed_bytes, monkeypatch):
    run = _queued_run(submit, seed_bytes)

    def flaky(*args, **kwargs):
        raise verification.StepError("database of fact-checks busy", transient=True)

    monkeypatch.setattr(verification, "_steps_matching", flaky)
    sent = []
    monkeypatch.setattr(verification, "send", lambda ids, countdown=None: sent.append((ids, countdown)))
    from django.db import connection

    before = len(connection.run_on_commit)
    verification.runs_execute([run.pk], "task-a")
    for _, callback, *_ in connection.run_on_commit[before:]:  # (savepoints, callback, robust)
        callback()
    run.refresh_from_db()
    assert run.state == State.QUEUED and run.attempts == 1 and "busy" in run.error
    assert sent and sent[0][0] == [run.pk] and 1 <= sent[0][1] <= 3  # backoff before the next attempt
    run.claim.refresh_from_db()
    assert run.claim.verification_state == Claim.Verification.PENDING


def test_a_step_that_crashes_marks_its_run_failed_and_the_claim_failed(submit, seed_bytes, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("index corrupted")

    monkeypatch.setattr("claims.services.verification.find_matches_many", broken)
    article = submit(body=seed_bytes)
    failed = VerificationRun.objects.filter(article=article, step=Step.MATCHING)
    assert set(failed.values_list("state", flat=True)) == {State.FAILED}
    assert "index corrupted" in failed.first().error
    # The other step still ran: one crash does not take the batch down.
    assert set(VerificationRun.objects.filter(article=article, step=Step.EVIDENCE).values_list("state", flat=True)) == {
        State.SUCCEEDED
    }
    summary = article_summary(article)
    assert summary["failed"] == summary["checkworthy"] and summary["verified"] == 0


def test_the_sweep_resends_runs_whose_message_was_lost(submit, seed_bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        from claims.services import article_submit

        article = article_submit(body=seed_bytes)
    # Simulate a lost message: the runs exist, queued, but nobody received them.
    VerificationRun.objects.filter(article=article).update(state=State.QUEUED, enqueued_at=timezone.now())
    assert verification.runs_requeue_stale() == []  # too recent to be called lost
    VerificationRun.objects.filter(article=article).update(enqueued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        stale = verification.runs_requeue_stale()
    assert len(stale) == VerificationRun.objects.filter(article=article).count()
    assert set(VerificationRun.objects.filter(article=article).values_list("state", flat=True)) == {State.SUCCEEDED}


def test_verify_command_requeues_an_article_a_claim_or_stale_runs(
    submit, seed_bytes, capsys, django_capture_on_commit_callbacks
):
    article = submit(body=seed_bytes)
    n = article.claims.filter(checkworthy=True).count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("verify", "--article", str(article.pk))
    assert f"Queued {2 * n} verification run(s)." in capsys.readouterr().out
    assert set(VerificationRun.objects.values_list("attempts", flat=True)) == {1}
    claim = article.claims.filter(checkworthy=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("verify", "--claim", str(claim.pk))
    assert "Queued 2 verification run(s)." in capsys.readouterr().out
    call_command("verify", "--stale")
    assert "Re-sent 0 stale run(s)." in capsys.readouterr().out
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no article"):
        call_command("verify", "--article", "999999")


def test_configured_connectors_add_published_factchecks_subclaims_and_stances(submit, settings, web_server):
    """Both optional connectors against a real loopback HTTP server: Google's answer is a
    recorded response; the chat endpoint answers in the recorded format with one stance
    per passage it was sent."""
    import json
    from pathlib import Path

    recorded = Path(__file__).parent / "data" / "recorded"
    settings.GOOGLE_FACTCHECK_API_KEY = "test-key"
    settings.GOOGLE_FACTCHECK_API_URL = f"{web_server.base}/v1alpha1/claims:search"
    settings.LLM_API_URL = f"{web_server.base}/v1"
    settings.LLM_MODEL = "qwen2.5-7b-instruct"
    google = (recorded / "google_claims_search_it.json").read_bytes()
    chat_requests = []

    def answer(handler):
        if handler.path.startswith("/v1alpha1/claims:search"):
            body, ctype = google, "application/json"
        else:
            length = int(handler.headers.get("Content-Length", 0))
            request = json.loads(handler.rfile.read(length))
            chat_requests.append(request)
            data = json.loads(request["messages"][1]["content"])
            if "passages" in data:
                content = {
                    "stances": [
                        {
                            "id": p["id"],
                            "stance": "supports",
                            "confidence": 0.8,
                            "rationale": "Il passaggio riporta lo stesso dato.",
                        }
                        for p in data["passages"]
                    ]
                }
            else:
                content = {"subclaims": [data["claim"]]}
            body = json.dumps(
                {"choices": [{"index": 0, "message": {"role": "assistant", "content": json.dumps(content)}}]}
            ).encode()
            ctype = "application/json"
        handler.send_response(200)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    web_server.routes.clear()
    web_server.fallback = answer
    document_add(data=REPORT.encode(), filename="rapporto-chip.txt")
    article = submit(
        body=b"Le restrizioni all'esportazione degli Stati Uniti sull'acceleratore H20 di NVIDIA hanno "
        b"ridotto l'afflusso di chip per l'intelligenza artificiale in Cina."
    )
    claim = article.claims.get()
    runs = {r.step: r for r in VerificationRun.objects.filter(claim=claim)}
    assert set(runs) == {Step.MATCHING, Step.EVIDENCE, Step.FACTCHECK_API, Step.LLM}
    assert {r.state for r in runs.values()} == {State.SUCCEEDED}, {s: r.error for s, r in runs.items()}
    google_checks = FactCheck.objects.filter(origin=FactCheck.Origin.GOOGLE)
    assert google_checks.exists() and ClaimMatch.objects.filter(claim=claim, factcheck__in=google_checks).exists()
    assert runs[Step.LLM].result["decomposition"] == [claim.text]
    evidence = list(EvidenceMatch.objects.filter(claim=claim))
    assert evidence and {e.stance for e in evidence} == {"supports"}
    # The model was asked only after the evidence existed, with those passages as data.
    stance_request = [r for r in chat_requests if "passages" in r["messages"][1]["content"]]
    assert stance_request and stance_request[0]["model"] == "qwen2.5-7b-instruct"
    claim.refresh_from_db()
    assert claim.verification_state == Claim.Verification.VERIFIED
