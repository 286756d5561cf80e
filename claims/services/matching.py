"""What people do with the matcher's proposals: mark them (the same claim, or not), and
link a claim to the earlier claim of ours it repeats, so both share one verdict."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Claim, ClaimMatch, ClaimRepeat, MatchEntry, MatchMark
from .access import WorkflowError, can_assign, can_review, require
from .history import Action, record
from .match_index import index_claims_later

Status = Claim.Status


def match_mark(
    *, claim: Claim, by, same: bool, factcheck_id: int | None = None, earlier_id: int | None = None
) -> MatchMark:
    """A reviewer's mark on one proposal of the claim's page: a fact-check found for it, or
    an earlier claim of ours it may repeat. Marking again replaces the mark; every mark is
    in the claim's history."""
    require(can_review(by))
    if (factcheck_id is None) == (earlier_id is None):
        raise WorkflowError(_("Mark one proposal at a time."))
    if factcheck_id is not None:
        proposal = ClaimMatch.objects.filter(claim=claim, factcheck_id=factcheck_id).first()
        subject, target = "factcheck", {"factcheck_id": factcheck_id}
    else:
        proposal = ClaimRepeat.objects.filter(claim=claim, earlier_id=earlier_id).first()
        subject, target = "claim", {"earlier_id": earlier_id}
    if proposal is None:
        raise WorkflowError(_("That proposal is no longer on this claim's page."))
    with transaction.atomic():
        before = MatchMark.objects.filter(claim=claim, **target).values_list("same", flat=True).first()
        mark, _created = MatchMark.objects.update_or_create(
            claim=claim, **target, defaults={"same": same, "level": proposal.level, "score": proposal.score, "by": by}
        )
        if before != same:
            record(
                claim,
                by,
                Action.MATCH_MARKED,
                subject=subject,
                subject_id=factcheck_id or earlier_id,
                changes={"same_claim": [before, same]},
            )
    return mark


def _root(claim: Claim) -> Claim:
    """The claim a chain of links ends at (links always point at a root, but be safe)."""
    seen = set()
    while claim.same_as_id and claim.pk not in seen:
        seen.add(claim.pk)
        claim = Claim.objects.get(pk=claim.same_as_id)
    return claim


def claims_link(*, claim: Claim, earlier: Claim, by) -> Claim:
    """An editor says `claim` is the same claim as `earlier`: it takes earlier's verdict (now
    and later), leaves the queue, and is listed as another appearance when that verdict is
    published. A claim with a verdict of its own is not linked (its work would be hidden)."""
    require(can_assign(by))
    with transaction.atomic():
        root = _root(earlier)
        locked = {c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=[claim.pk, root.pk]).order_by("pk")}
        claim, root = locked.get(claim.pk), locked.get(root.pk)
        if claim is None or root is None:
            raise WorkflowError(_("That claim no longer exists."))
        if claim.pk == root.pk:
            raise WorkflowError(_("A claim cannot be linked to itself."))
        if claim.verdicts.exists():
            raise WorkflowError(_("This claim has a verdict of its own: it cannot take another claim's verdict."))
        if claim.status == Status.DISCARDED or root.status == Status.DISCARDED:
            raise WorkflowError(_("A discarded claim cannot be linked."))
        _link(claim, root, by)
    return claim


def link_if_identical(claim: Claim, earlier_id: int) -> bool:
    """A claim whose text is word for word an earlier claim's (an article submitted again, a
    copy published elsewhere) is linked to it at once, by the system: it would otherwise be a
    second review of the same words. Anything a person touched is left for a person."""
    from ..verification.normalize import normalize

    earlier = Claim.objects.filter(pk=earlier_id).first()
    if earlier is None or claim.status != Status.NEW or claim.assignee_id or claim.verdicts.exists():
        return False
    if normalize(claim.text, claim.language) != normalize(earlier.text, earlier.language):
        return False
    root = _root(earlier)
    if root.pk == claim.pk or root.status == Status.DISCARDED:
        return False
    _link(claim, root, None, note=_("The same words as #%(id)d: linked automatically.") % {"id": root.pk})
    return True


def _link(claim: Claim, root: Claim, by, note: str = "") -> None:
    before = claim.status
    claim.apply_change(same_as=root, status=Status.LINKED, assignee=None)
    # Claims that were linked to this one follow it to the root.
    for other in Claim.objects.select_for_update().filter(same_as=claim):
        other.apply_change(same_as=root)
    MatchEntry.objects.filter(claim=claim).delete()  # its root stands for it in the index
    record(
        claim,
        by,
        Action.LINKED,
        subject="claim",
        subject_id=root.pk,
        changes={"status": [before, Status.LINKED]},
        note=note or f"#{root.pk}",
    )
    record(root, by, Action.LINKED, subject="claim", subject_id=claim.pk, note=f"#{claim.pk}")


def claims_unlink(*, claim: Claim, by) -> Claim:
    require(can_assign(by))
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.same_as_id is None:
            return claim
        earlier = claim.same_as_id
        claim.apply_change(same_as=None, status=Status.NEW)
        index_claims_later([claim.pk])  # searchable again
        record(
            claim,
            by,
            Action.UNLINKED,
            subject="claim",
            subject_id=earlier,
            changes={"status": [Status.LINKED, Status.NEW]},
            note=f"#{earlier}",
        )
    return claim


__all__ = ["claims_link", "claims_unlink", "link_if_identical", "match_mark"]
