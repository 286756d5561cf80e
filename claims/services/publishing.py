"""Publishing approved verdicts, and corrections.

What is published never changes silently: a correction is a new verdict version that
goes through review and approval again; when it is published, the previous version is
marked superseded and the public report says the verdict was corrected, and when.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Claim, Verdict, VerdictSource
from .access import WorkflowError, can_publish_now, can_review, require
from .history import Action, record

Status = Claim.Status
State = Verdict.State


def article_publish(*, article, by) -> int:
    """Publish every approved verdict of the article; returns how many were published."""
    require(can_publish_now(by))
    now = timezone.now()
    n = 0
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(article=article, status=Status.APPROVED).order_by("pk"))
        for claim in claims:
            verdict = claim.verdicts.filter(state=State.APPROVED).order_by("-number").first()
            if verdict is None:
                continue
            previous = claim.verdicts.filter(state=State.PUBLISHED).exclude(pk=verdict.pk)
            superseded = list(previous.values_list("number", flat=True))
            previous.update(state=State.SUPERSEDED, updated_at=now)
            Verdict.objects.filter(pk=verdict.pk).update(
                state=State.PUBLISHED, published_at=now, published_by=by, version=F("version") + 1, updated_at=now
            )
            claim.apply_change(status=Status.PUBLISHED)
            changes = {"state": [State.APPROVED, State.PUBLISHED]}
            if superseded:
                # Shown as "corrects version 1": words are chosen when the history is read.
                changes["corrects"] = [None, ", ".join(map(str, superseded))]
            record(claim, by, Action.PUBLISHED, subject="verdict", subject_id=verdict.pk, changes=changes)
            n += 1
    return n


def verdict_correct(*, claim, by) -> Verdict:
    """Start a correction of a published verdict: a new draft version with the same
    rating, explanation and sources, which the public page does not show until it is
    approved and published."""
    require(can_review(by))
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        published = claim.verdicts.filter(state=State.PUBLISHED).order_by("-number").first()
        if claim.status != Status.PUBLISHED or published is None:
            raise WorkflowError(_("Only a published verdict can be corrected."))
        latest = claim.verdicts.order_by("-number").first()
        draft = Verdict.objects.create(
            claim=claim,
            number=latest.number + 1,
            state=State.DRAFT,
            rating=published.rating,
            confidence=published.confidence,
            explanation=published.explanation,
            as_of=published.as_of,
            author=by,
        )
        draft.contributors.add(by)
        VerdictSource.objects.bulk_create(
            [
                VerdictSource(
                    verdict=draft,
                    source_id=s.source_id,
                    title=s.title,
                    quote=s.quote,
                    stance=s.stance,
                    position=s.position,
                )
                for s in published.sources.all()
            ]
        )
        claim.apply_change(status=Status.IN_REVIEW, assignee=by)
        record(
            claim,
            by,
            Action.CORRECTION_STARTED,
            subject="verdict",
            subject_id=draft.pk,
            changes={"version": [published.number, draft.number]},
        )
    return draft
