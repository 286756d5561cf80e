"""Who may do what, and how the services say no.

Role checks raise PermissionDenied (a 403 on every route), a move the workflow does not
allow raises WorkflowError with a message for the user, and a save based on an outdated
version raises ConflictError with what changed meanwhile. Every service imports these
from here, so pages, API, admin and CLI refuse the same things the same way.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..auth import has_perm_now
from ..models import Claim

Status = Claim.Status
# A claim whose verdict awaits approval or is approved: nobody edits it (send it back
# first); a claim linked to an earlier one has that claim's verdict (unlink it first).
LOCKED_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED, Status.LINKED)


class WorkflowError(Exception):
    """A move the workflow refuses; the message is for the user."""


@dataclass
class ConflictError(Exception):
    """Someone saved the same object after the version the user's form shows."""

    current: object
    changes: list = field(default_factory=list)  # HistoryEntry rows since the user's version

    def __str__(self):
        return _("Someone else changed this while you were editing. Review their changes below, then save again.")


# --- Who may do what ------------------------------------------------------------------


def can_review(user) -> bool:
    return user.is_active and user.has_perm("claims.review_claim")


def can_assign(user) -> bool:
    return user.is_active and user.has_perm("claims.assign_claim")


def can_approve(user) -> bool:
    return user.is_active and user.has_perm("claims.approve_verdict")


def can_view(user) -> bool:
    return user.is_active and user.has_perm("claims.view_claim")


def can_publish(user) -> bool:
    return user.is_active and user.has_perm("claims.publish_verdict")


def can_approve_now(user) -> bool:
    """can_approve, read from the database past every cache: the decisions that must never
    ride on a role removed a moment ago (claims/auth.py)."""
    return can_approve(user) and has_perm_now(user, "claims.approve_verdict")


def can_publish_now(user) -> bool:
    return can_publish(user) and has_perm_now(user, "claims.publish_verdict")


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def may_edit(claim: Claim, user) -> bool:
    """Reviewers edit unassigned claims and their own; an editor may edit any. Nobody edits
    a claim whose verdict awaits approval or is approved (send it back first)."""
    if not can_review(user) or claim.status in LOCKED_STATUSES:
        return False
    return claim.assignee_id in (None, user.pk) or can_assign(user)
