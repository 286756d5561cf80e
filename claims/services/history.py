"""The history of a claim: every change by a person (or the system), with before and after."""

from datetime import date, datetime

from ..models import HistoryEntry


def _plain(value):
    """A JSON-safe, human-readable form of a field value."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
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
    return HistoryEntry.objects.create(
        claim_id=claim.pk if hasattr(claim, "pk") else claim,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject=subject,
        subject_id=subject_id,
        changes=changes or {},
        note=note[:2000],
    )
