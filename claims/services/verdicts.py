"""Verdicts: drafting, submitting, approving or sending back.

The four-eyes rule (nobody who wrote or changed a verdict's content approves it) and "no rating without a
source, except Unverifiable" live here, whatever route the request took.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Claim, FactCheck, HistoryEntry, Rating, Source, Verdict, VerdictSource
from . import verification
from .access import LOCKED_STATUSES, ConflictError, WorkflowError, can_approve_now, can_review, may_edit, require
from .articles import InputError, clean_source_url
from .history import Action, diff, record
from .match_index import index_factchecks_later

Status = Claim.Status
State = Verdict.State
EDITABLE = (State.DRAFT, State.SENT_BACK)
MAX_SOURCES = 30


@dataclass
class SourceInput:
    url: str
    title: str = ""
    quote: str = ""
    stance: str = VerdictSource.Stance.CONTEXT


def current_verdict(claim: Claim) -> Verdict | None:
    return claim.verdicts.order_by("-number").first()


def _verdict_fields(verdict: Verdict) -> dict:
    return {
        "rating": verdict.rating,
        "confidence": verdict.confidence,
        "explanation": verdict.explanation,
        "as_of": verdict.as_of,
    }


def _source_rows(verdict: Verdict) -> list:
    return [[vs.source.url, vs.title, vs.quote, vs.stance] for vs in verdict.sources.select_related("source")]


def _clean_sources(sources: list[SourceInput]) -> list[SourceInput]:
    out, seen = [], set()
    for s in sources:
        if not (s.url or "").strip():
            if (s.title or "").strip() or (s.quote or "").strip():
                raise WorkflowError(_("Every source needs a URL."))
            continue
        try:
            url = clean_source_url(s.url)
        except InputError as exc:
            raise WorkflowError(_("Source %(url)s: %(error)s") % {"url": s.url[:80], "error": exc}) from None
        if s.stance not in VerdictSource.Stance.values:
            raise WorkflowError(_("Choose whether each source supports, refutes or gives context."))
        if url in seen:
            continue
        seen.add(url)
        out.append(SourceInput(url, " ".join(s.title.split())[:500], s.quote.strip()[:5000], s.stance))
    if len(out) > MAX_SOURCES:
        raise WorkflowError(_("A verdict cites at most %(n)d sources.") % {"n": MAX_SOURCES})
    return out


def verdict_save(
    *,
    claim: Claim,
    by,
    version: int | None,
    rating: Rating | None,
    confidence: int | None,
    explanation: str,
    as_of,
    sources: list[SourceInput],
    submit: bool = False,
) -> Verdict:
    """Save the claim's verdict as a draft (creating it on first save), and submit it for
    approval when `submit` says so.

    `version` is the verdict version the form showed (None for a new verdict). The claim
    is taken by the author if nobody had it. Saving and submitting are one transaction: a
    submission the workflow refuses leaves no half-saved draft behind.
    """
    with transaction.atomic():
        verdict = _save_draft(
            claim=claim,
            by=by,
            version=version,
            rating=rating,
            confidence=confidence,
            explanation=explanation,
            as_of=as_of,
            sources=sources,
        )
        if submit:
            verdict = verdict_submit(verdict=verdict, by=by, version=verdict.version)
    return verdict


def _save_draft(
    *,
    claim: Claim,
    by,
    version: int | None,
    rating: Rating | None,
    confidence: int | None,
    explanation: str,
    as_of,
    sources: list[SourceInput],
) -> Verdict:
    require(can_review(by))
    if confidence is not None and not 0 <= int(confidence) <= 100:
        raise WorkflowError(_("Confidence is a number from 0 to 100."))
    if rating is not None and not rating.active:
        raise WorkflowError(_("That rating is no longer offered."))
    sources = _clean_sources(sources)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        verdict = current_verdict(claim)
        # The version check comes first: a user whose form is stale learns what changed
        # (and who took the claim, submitted it...) before any other refusal.
        if verdict is None:
            if version is not None:
                raise ConflictError(claim, [])  # the form showed a verdict that is gone
        elif version is None or int(version) != verdict.version:
            raise ConflictError(
                verdict,
                list(HistoryEntry.objects.filter(claim=claim).select_related("actor").order_by("-created_at")[:20]),
            )
        if verdict is not None and verdict.state not in EDITABLE:
            raise WorkflowError(
                _("This verdict is %(state)s and cannot be edited.") % {"state": verdict.get_state_display().lower()}
            )
        require(may_edit(claim, by))
        if verdict is None:
            verdict = Verdict.objects.create(claim=claim, number=1, author=by)
            record(claim, by, Action.VERDICT_CREATED, subject="verdict", subject_id=verdict.pk)
        before = _verdict_fields(verdict)
        before_sources = _source_rows(verdict)
        after = {
            "rating": rating,
            "confidence": None if confidence is None else int(confidence),
            "explanation": explanation.strip(),
            "as_of": as_of,
        }
        for name, value in after.items():
            setattr(verdict, name, value)
        verdict.author = verdict.author or by
        verdict.version = F("version") + 1
        verdict.save()
        verdict.refresh_from_db()
        # Whoever saves the content shares its authorship (four eyes: verdict_approve).
        verdict.contributors.add(by)
        _replace_sources(claim, verdict, sources, by)
        changes = diff(before, after)
        after_sources = _source_rows(verdict)
        if after_sources != before_sources:
            changes["sources"] = [before_sources, after_sources]
        if changes:
            record(claim, by, Action.VERDICT_SAVED, subject="verdict", subject_id=verdict.pk, changes=changes)
        claim_values = {}
        if claim.status in (Status.NEW,):
            claim_values["status"] = Status.IN_REVIEW
        if claim.assignee_id is None:
            claim_values["assignee"] = by
        if claim_values:
            before_claim = {k: getattr(claim, k) for k in claim_values}
            claim.apply_change(**claim_values)
            record(claim, by, Action.STATUS, changes=diff(before_claim, claim_values))
    return verdict


def _replace_sources(claim: Claim, verdict: Verdict, sources: list[SourceInput], by) -> None:
    existing = {s.url: s for s in Source.objects.filter(claim=claim)}
    new_sources = [
        Source(claim=claim, url=s.url, title=s.title, origin=Source.Origin.REVIEWER, added_by=by)
        for s in sources
        if s.url not in existing
    ]
    if new_sources:
        Source.objects.bulk_create(new_sources)
        existing.update({s.url: s for s in Source.objects.filter(claim=claim, url__in=[s.url for s in new_sources])})
        for s in new_sources:
            record(
                claim,
                by,
                Action.SOURCE_ADDED,
                subject="source",
                subject_id=existing[s.url].pk,
                changes={"url": [None, s.url]},
            )
        # Each new URL is archived by a worker (the claim's other runs are left alone).
        verification.runs_create([claim], steps=[])
    verdict.sources.all().delete()
    VerdictSource.objects.bulk_create(
        [
            VerdictSource(
                verdict=verdict,
                source=existing[s.url],
                title=s.title or existing[s.url].title,
                quote=s.quote,
                stance=s.stance,
                position=i,
            )
            for i, s in enumerate(sources)
        ]
    )


def _lock_verdict(verdict: Verdict, version: int | None) -> tuple[Claim, Verdict]:
    claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
    locked = Verdict.objects.select_related("rating").get(pk=verdict.pk)
    if version is not None and int(version) != locked.version:
        raise ConflictError(
            locked,
            list(
                HistoryEntry.objects.filter(claim=claim, subject="verdict", subject_id=locked.pk).order_by(
                    "-created_at"
                )[:20]
            ),
        )
    return claim, locked


def _transition(claim, verdict, by, state, claim_status, action, note="", **values):
    before = {"state": verdict.state, "claim_status": claim.status}
    Verdict.objects.filter(pk=verdict.pk).update(
        state=state, version=F("version") + 1, updated_at=timezone.now(), **values
    )
    claim.apply_change(status=claim_status)
    record(
        claim,
        by,
        action,
        subject="verdict",
        subject_id=verdict.pk,
        changes=diff(before, {"state": state, "claim_status": claim_status}),
        note=note,
    )
    verdict.refresh_from_db()
    return verdict


def submit_problems(*, rating: Rating | None, confidence, explanation: str, has_sources: bool) -> dict[str, str]:
    """What a verdict lacks before it can be submitted, by field (rating, confidence,
    explanation, sources): the rule verdict_submit applies, which the verdict form also uses
    to show every problem next to its field at once."""
    problems = {}
    if rating is None:
        problems["rating"] = _("choose a rating")
    if confidence is None:
        problems["confidence"] = _("give a confidence from 0 to 100")
    if not (explanation or "").strip():
        problems["explanation"] = _("write an explanation")
    if rating is not None and not rating.unverifiable and not has_sources:
        problems["sources"] = _("cite at least one source (only Unverifiable needs none)")
    return problems


def verdict_submit(*, verdict: Verdict, by, version: int) -> Verdict:
    """Submit for approval: a rating, a confidence, an explanation, and a source unless
    the rating is not a judgement."""
    with transaction.atomic():
        claim, verdict = _lock_verdict(verdict, version)
        require(may_edit(claim, by))
        if verdict.state not in EDITABLE:
            raise WorkflowError(_("Only a draft can be submitted."))
        problems = submit_problems(
            rating=verdict.rating,
            confidence=verdict.confidence,
            explanation=verdict.explanation,
            has_sources=verdict.sources.exists(),
        )
        if problems:
            raise WorkflowError(_("Before submitting: %(list)s.") % {"list": "; ".join(problems.values())})
        return _transition(
            claim,
            verdict,
            by,
            State.SUBMITTED,
            Status.SUBMITTED,
            Action.SUBMITTED,
            submitted_at=timezone.now(),
            author=verdict.author or by,
        )


def verdict_approve(*, verdict: Verdict, by, version: int, comment: str = "") -> Verdict:
    """An editor approves. Never the verdict's author (four eyes), whatever the route."""
    require(can_approve_now(by))
    with transaction.atomic():
        claim, verdict = _lock_verdict(verdict, version)
        # Four eyes: nobody who wrote or changed this version approves it, whatever the route.
        if verdict.saved_by(by):
            raise WorkflowError(_("You wrote this verdict: another editor has to approve it."))
        if verdict.state != State.SUBMITTED:
            raise WorkflowError(_("Only a submitted verdict can be approved."))
        verdict = _transition(
            claim,
            verdict,
            by,
            State.APPROVED,
            Status.APPROVED,
            Action.APPROVED,
            note=comment.strip(),
            reviewed_by=by,
            reviewed_at=timezone.now(),
            review_comment=comment.strip(),
        )
        _index_as_factcheck(claim, verdict)
    return verdict


def verdict_send_back(*, verdict: Verdict, by, version: int, comment: str) -> Verdict:
    require(can_approve_now(by))
    if not comment.strip():
        raise WorkflowError(_("Say what needs to change: the comment goes back to the reviewer."))
    with transaction.atomic():
        claim, verdict = _lock_verdict(verdict, version)
        if verdict.saved_by(by):
            raise WorkflowError(_("You wrote this verdict: another editor has to review it."))
        if verdict.state != State.SUBMITTED:
            raise WorkflowError(_("Only a submitted verdict can be sent back."))
        return _transition(
            claim,
            verdict,
            by,
            State.SENT_BACK,
            Status.IN_REVIEW,
            Action.SENT_BACK,
            note=comment.strip(),
            reviewed_by=by,
            reviewed_at=timezone.now(),
            review_comment=comment.strip(),
        )


def _index_as_factcheck(claim: Claim, verdict: Verdict) -> None:
    """An approved verdict becomes an earlier fact-check new claims are matched against (a
    worker embeds it for the matcher once this commits)."""
    factcheck, _created = FactCheck.objects.update_or_create(
        key=f"internal:{claim.pk}",
        defaults={
            "origin": FactCheck.Origin.INTERNAL,
            "claim_reviewed": claim.text,
            "claim": claim,
            "rating_name": verdict.rating.label_in(claim.language) if verdict.rating else "",
            "rating_value": verdict.rating.value if verdict.rating else None,
            "best_rating": Rating.objects.exclude(value=None)
            .order_by("-value")
            .values_list("value", flat=True)
            .first(),
            "worst_rating": 1,
            "language": claim.language,
            "date_published": timezone.localdate(),
        },
    )
    index_factchecks_later([factcheck.pk])


__all__ = [
    "LOCKED_STATUSES",
    "SourceInput",
    "current_verdict",
    "submit_problems",
    "verdict_approve",
    "verdict_save",
    "verdict_send_back",
    "verdict_submit",
]
