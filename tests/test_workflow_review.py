"""The reviewer and editor workflow, service level: every transition and every refusal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from claims.models import Claim, FactCheck, HistoryEntry, Rating, Source, Verdict, VerificationRun
from claims.services import review, verdicts
from claims.services.review import ConflictError, WorkflowError
from claims.services.verdicts import SourceInput

pytestmark = pytest.mark.django_db

SOURCES = [
    SourceInput("https://www.theinformation.com/articles/deepseek-r2", "The Information", "R2 is delayed", "supports"),
    SourceInput("https://www.reuters.com/technology/nvidia-h20", "Reuters", "H20 exports restricted", "context"),
]


@pytest.fixture
def article(submit, seed_bytes):
    return submit(body=seed_bytes)


@pytest.fixture
def claim(article):
    return article.claims.filter(checkworthy=True).order_by("position").first()


def rating(key="mostly-true"):
    return Rating.objects.get(key=key)


def draft(claim, user, **kw):
    values = dict(
        rating=rating(),
        confidence=80,
        explanation="Confermato da due fonti.",
        as_of=datetime.date(2025, 6, 1),
        sources=SOURCES,
    )
    values.update(kw)
    verdict = verdicts.current_verdict(claim)
    return verdicts.verdict_save(claim=claim, by=user, version=verdict.version if verdict else None, **values)


def submitted(claim, user):
    verdict = draft(claim, user)
    return verdicts.verdict_submit(verdict=verdict, by=user, version=verdict.version)


# --- The happy path ---------------------------------------------------------------------


def test_a_verdict_goes_from_draft_to_approved_with_its_history(
    claim, users, web_server, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    for path in ("/report", "/data"):
        web_server.routes[path] = (200, {"Content-Type": "text/plain"}, b"Dati ufficiali sull'export di chip.")
    cited = [
        SourceInput(f"{web_server.base}/report", "Rapporto", "R2 in ritardo", "supports"),
        SourceInput(f"{web_server.base}/data", "Dati", "", "context"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        verdict = draft(claim, users.reviewer, sources=cited)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW and claim.assignee == users.reviewer
    assert [s.source.url for s in verdict.sources.all()] == [s.url for s in cited]
    # The cited URLs are the claim's sources now, archived by the workers.
    assert set(Source.objects.filter(claim=claim).values_list("url", flat=True)) >= {s.url for s in cited}
    assert VerificationRun.objects.filter(claim=claim, step="archive", state="succeeded").count() == 2
    assert sorted(web_server.requests) == ["/data", "/report"]
    verdict = verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    claim.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED and claim.status == Claim.Status.SUBMITTED
    verdict = verdicts.verdict_approve(verdict=verdict, by=users.editor, version=verdict.version, comment="Ok")
    claim.refresh_from_db()
    assert verdict.state == Verdict.State.APPROVED and claim.status == Claim.Status.APPROVED
    assert verdict.reviewed_by == users.editor
    actions = list(
        HistoryEntry.objects.filter(claim=claim).order_by("created_at", "id").values_list("action", "actor__username")
    )
    assert (
        ("verdict_saved", "rita") in actions and ("submitted", "rita") in actions and ("approved", "elena") in actions
    )
    # An approved verdict is an earlier fact-check for the claims that come next, its rating
    # in the claim's language (Italian here) whatever language the editor's pages were in.
    assert claim.language == "it"
    assert FactCheck.objects.get(claim=claim).rating_name == "Quasi vero"


def test_sent_back_with_a_comment_then_resubmitted(claim, users):
    verdict = submitted(claim, users.reviewer)
    verdict = verdicts.verdict_send_back(
        verdict=verdict, by=users.editor, version=verdict.version, comment="Serve una fonte primaria."
    )
    claim.refresh_from_db()
    assert verdict.state == Verdict.State.SENT_BACK and claim.status == Claim.Status.IN_REVIEW
    assert verdict.review_comment == "Serve una fonte primaria."
    verdict = draft(claim, users.reviewer, explanation="Aggiunta la fonte primaria.")
    verdict = verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    assert verdict.state == Verdict.State.SUBMITTED


def test_unverifiable_needs_no_source(claim, users):
    verdict = draft(claim, users.reviewer, rating=rating("unverifiable"), sources=[])
    verdict = verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    assert verdict.state == Verdict.State.SUBMITTED


# --- Refusals -------------------------------------------------------------------------


def test_it_refuses_a_rated_verdict_without_sources(claim, users):
    verdict = draft(claim, users.reviewer, sources=[])
    with pytest.raises(WorkflowError, match="at least one source"):
        verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.DRAFT


def test_it_refuses_an_incomplete_verdict_and_says_what_is_missing(claim, users):
    verdict = draft(claim, users.reviewer, rating=None, confidence=None, explanation="")
    with pytest.raises(WorkflowError) as exc:
        verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    assert "rating" in str(exc.value) and "confidence" in str(exc.value) and "explanation" in str(exc.value)


def test_the_author_can_never_approve_their_own_verdict(claim, users):
    # An editor who writes a verdict (editors review too) cannot approve it.
    verdict = submitted(claim, users.editor)
    with pytest.raises(WorkflowError, match="another editor"):
        verdicts.verdict_approve(verdict=verdict, by=users.editor, version=verdict.version)
    with pytest.raises(WorkflowError, match="another editor"):
        verdicts.verdict_send_back(verdict=verdict, by=users.editor, version=verdict.version, comment="no")
    verdict = verdicts.verdict_approve(verdict=verdict, by=users.editor2, version=verdict.version)
    assert verdict.state == Verdict.State.APPROVED


@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "outsider"])
def test_only_editors_approve(claim, users, who):
    verdict = submitted(claim, users.reviewer)
    with pytest.raises(PermissionDenied):
        verdicts.verdict_approve(verdict=verdict, by=getattr(users, who), version=verdict.version)


def test_an_outsider_can_do_nothing(claim, users, article):
    with pytest.raises(PermissionDenied):
        draft(claim, users.outsider)
    with pytest.raises(PermissionDenied):
        review.claim_edit(claim=claim, by=users.outsider, version=claim.version, text="x y z w")
    with pytest.raises(PermissionDenied):
        review.claim_assign(claim_ids=[claim.pk], assignee=users.outsider, by=users.outsider)
    with pytest.raises(PermissionDenied):
        review.claim_add(article=article, by=users.outsider, text=claim.text)


def test_a_reviewer_cannot_edit_a_colleagues_claim_but_an_editor_can(claim, users):
    draft(claim, users.reviewer)
    claim.refresh_from_db()
    with pytest.raises(PermissionDenied):
        draft(claim, users.reviewer2)
    with pytest.raises(PermissionDenied):
        review.claim_discard(claim=claim, reason="opinion", by=users.reviewer2, version=claim.version)
    verdict = draft(claim, users.editor, explanation="Rivisto dall'editor.")
    assert verdict.explanation == "Rivisto dall'editor."


def test_a_submitted_claim_is_locked_until_sent_back(claim, users):
    submitted(claim, users.reviewer)
    claim.refresh_from_db()
    with pytest.raises(WorkflowError, match="cannot be edited"):
        draft(claim, users.reviewer)
    with pytest.raises(PermissionDenied):
        review.claim_edit(claim=claim, by=users.reviewer, version=claim.version, text="Testo nuovo della frase.")


def test_a_stale_verdict_form_is_a_conflict_not_an_overwrite(claim, users):
    first = draft(claim, users.editor)  # the editor drafts it, then two people edit from the same version
    stale_version = first.version
    verdicts.verdict_save(
        claim=claim,
        by=users.editor,
        version=stale_version,
        rating=rating("false"),
        confidence=90,
        explanation="Falso secondo Reuters.",
        as_of=None,
        sources=SOURCES,
    )
    with pytest.raises(ConflictError) as exc:
        verdicts.verdict_save(
            claim=claim,
            by=users.editor2,
            version=stale_version,
            rating=rating("true"),
            confidence=10,
            explanation="Vero.",
            as_of=None,
            sources=SOURCES,
        )
    assert exc.value.current.explanation == "Falso secondo Reuters."
    assert any(entry.changes.get("rating") for entry in exc.value.changes)
    assert verdicts.current_verdict(claim).explanation == "Falso secondo Reuters."


def test_a_stale_claim_form_is_a_conflict(claim, users):
    version = claim.version
    review.claim_edit(claim=claim, by=users.reviewer, version=version, text=claim.text + " Aggiunta.")
    with pytest.raises(ConflictError):
        review.claim_discard(claim=claim, reason="opinion", by=users.reviewer, version=version)


def test_javascript_and_file_urls_are_refused_as_sources(claim, users):
    for url in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"):
        with pytest.raises(WorkflowError):
            draft(claim, users.reviewer, sources=[SourceInput(url, "x", "", "supports")])
    assert not Verdict.objects.filter(claim=claim).exists() or not verdicts.current_verdict(claim).sources.exists()


def test_confidence_must_be_0_to_100(claim, users):
    with pytest.raises(WorkflowError):
        draft(claim, users.reviewer, confidence=101)


# --- Fixing the machine's work ----------------------------------------------------------


def test_edit_split_merge_discard_restore_and_add(article, users):
    claims = list(article.claims.order_by("position"))
    target = claims[0]
    edited = review.claim_edit(
        claim=target,
        by=users.reviewer,
        version=target.version,
        text="DeepSeek ha incontrato ostacoli nell'acquisto dei chip NVIDIA.",
    )
    assert edited.origin == Claim.Origin.REVIEWER and edited.text.startswith("DeepSeek ha incontrato ostacoli")
    n = article.claims.count()

    long = next(c for c in claims if "The Information" in c.text)
    at = long.text.index(", ostacolando")
    first, second = review.claim_split(claim=long, at=at, by=users.reviewer, version=long.version)
    assert first.text.endswith("(LLM) di DeepSeek") and second.text.startswith("ostacolando la predisposizione")
    assert article.cleaned_text[second.start : second.end] == second.text
    assert article.claims.count() == n + 1
    assert second.position == first.position + 1
    assert article.cleaned_text[first.start : first.end] == first.text

    merged = review.claim_merge(claim=first, other_id=second.pk, by=users.reviewer, version=first.version)
    assert article.claims.count() == n
    assert "Liang Wenfeng" in merged.text and "ostacolando" in merged.text

    victim = next(c for c in article.claims.order_by("position") if c.text.startswith("È evidente"))
    discarded = review.claim_discard(
        claim=victim, reason="opinion", note="giudizio dell'autore", by=users.reviewer, version=victim.version
    )
    assert discarded.status == Claim.Status.DISCARDED and discarded.discard_reason == "opinion"
    restored = review.claim_restore(claim=discarded, by=users.reviewer, version=discarded.version)
    assert restored.status == Claim.Status.NEW

    added = review.claim_add(article=article, by=users.reviewer, text="In precedenti dichiarazioni, si era ipotizzato")
    assert added.origin == Claim.Origin.REVIEWER and added.checkworthy and added.assignee == users.reviewer
    assert article.cleaned_text[added.start : added.end] == added.text
    positions = list(article.claims.order_by("start", "end", "pk").values_list("position", flat=True))
    assert positions == list(range(len(positions)))
    with pytest.raises(WorkflowError, match="already a claim"):
        review.claim_add(article=article, by=users.reviewer, start=added.start, end=added.end)
    with pytest.raises(WorkflowError, match="not in the article"):
        review.claim_add(article=article, by=users.reviewer, text="Una frase che non c'è.")
    history = set(HistoryEntry.objects.filter(claim__article=article).values_list("action", flat=True))
    assert {"edited", "split", "merged", "discarded", "restored", "added"} <= history


def test_only_adjacent_claims_merge(article, users):
    claims = list(article.claims.order_by("position"))
    with pytest.raises(WorkflowError, match="right after"):
        review.claim_merge(claim=claims[0], other_id=claims[2].pk, by=users.reviewer, version=claims[0].version)


def test_a_discard_needs_a_reason(claim, users):
    with pytest.raises(WorkflowError):
        review.claim_discard(claim=claim, reason="boring", by=users.reviewer, version=claim.version)


def test_assignment_rules(article, users):
    ids = list(article.claims.filter(checkworthy=True).values_list("pk", flat=True)[:3])
    assert review.claim_assign(claim_ids=ids, assignee=users.reviewer, by=users.editor) == 3
    # A reviewer may take unassigned claims for themselves, not a colleague's, and may not assign others.
    other = article.claims.filter(checkworthy=True, assignee=None).first()
    assert review.claim_assign(claim_ids=[other.pk, ids[0]], assignee=users.reviewer2, by=users.reviewer2) == 1
    with pytest.raises(PermissionDenied):
        review.claim_assign(claim_ids=[other.pk], assignee=users.reviewer, by=users.reviewer2)
    with pytest.raises(WorkflowError, match="not a reviewer"):
        review.claim_assign(claim_ids=ids, assignee=users.outsider, by=users.editor)


def test_reextraction_never_overwrites_reviewer_work(article, users, django_capture_on_commit_callbacks):
    from claims.services import article_reprocess

    claim = article.claims.filter(checkworthy=True).first()
    review.claim_edit(claim=claim, by=users.reviewer, version=claim.version, text="Testo corretto dal revisore.")
    with django_capture_on_commit_callbacks(execute=True):
        assert article_reprocess([article.pk]) == 0
    claim.refresh_from_db()
    assert claim.text == "Testo corretto dal revisore."


def test_workers_keep_the_reviewers_source_title(
    claim, users, web_server, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    web_server.routes["/page"] = (
        200,
        {"Content-Type": "text/html"},
        b"<html><head><title>Machine title</title></head><body><p>Testo della pagina "
        b"con abbastanza parole per essere estratto.</p></body></html>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        draft(
            claim, users.reviewer, sources=[SourceInput(f"{web_server.base}/page", "Reviewer's title", "", "supports")]
        )
    source = Source.objects.get(claim=claim, url=f"{web_server.base}/page")
    assert source.snapshots.get().title == "Machine title"
    assert source.title == "Reviewer's title"
    assert verdicts.current_verdict(claim).sources.get().title == "Reviewer's title"
