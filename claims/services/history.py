"""The history of a claim: every change by a person (or the system), with before and after.

Entries hold keys, not words: the action (HistoryEntry.Action), field names, states,
stances and rating keys. They are put into words in the reader's language when a page
shows them (claims.selectors.history), so an Italian reader never sees the English of
whoever made the change.
"""

from datetime import date, datetime

from django.db import transaction

from ..models import HistoryEntry, Rating
from ..selectors.my_work import work_changed

Action = HistoryEntry.Action


def _plain(value):
    """A JSON-safe form of a field value: a rating by its key, a person by their username."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Rating):
        return value.key
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def diff(before: dict, after: dict) -> dict:
    """{"field": [before, after]} for the fields whose value changed."""
    return {k: [_plain(before.get(k)), _plain(v)] for k, v in after.items() if _plain(before.get(k)) != _plain(v)}


def record(
    claim, actor, action: str, *, subject: str = "claim", subject_id=None, changes: dict | None = None, note: str = ""
) -> HistoryEntry:
    """Record one change. `action` is a key of HistoryEntry.Action (ValueError otherwise: an
    action nobody can read in Italian is not written); `note` is what a person wrote
    (a comment, a reason), never a sentence of ours."""
    # Every recorded change may move someone's My work counter (claims/selectors/my_work.py).
    transaction.on_commit(work_changed)
    return HistoryEntry.objects.create(
        claim_id=claim.pk if hasattr(claim, "pk") else claim,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=Action(action).value,
        subject=subject,
        subject_id=subject_id,
        changes=changes or {},
        note=note[:2000],
    )
