"""A claim's history as people read it: the entries (one query), and their actions, field
names and values put into words in the reader's language.

Entries store keys (claims.services.history): the action, field names, states, rating keys,
stances. The words are chosen here, when a page is drawn, so an Italian reader sees Italian
whoever made the change, and a rating renamed by the admins reads with its new name.
"""

import datetime

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Claim, HistoryEntry, Verdict, VerdictSource
from .archive import PROBLEMS
from .common import rating_scale

# Field names as the services write them (a few older spellings too).
FIELD_LABELS = {
    "text": _("text"),
    "checkworthy": _("check-worthy"),
    "status": _("status"),
    "claim_status": _("claim status"),
    "claim status": _("claim status"),
    "state": _("verdict state"),
    "assignee": _("assigned to"),
    "rating": _("rating"),
    "confidence": _("confidence"),
    "explanation": _("explanation"),
    "as_of": _("as of"),
    "sources": _("sources"),
    "url": _("URL"),
    "discard_reason": _("reason"),
    "http_status": _("HTTP status"),
    "problem": _("problem"),
    "corrects": _("corrects version"),
    "version": _("version"),
    "same_claim": _("the same claim"),
}


def claim_history(claim, limit: int) -> list[HistoryEntry]:
    """The claim's latest changes, newest first, with their actors: one query."""
    return list(HistoryEntry.objects.filter(claim=claim).select_related("actor").order_by("-created_at", "-id")[:limit])


def action_label(entry: HistoryEntry) -> str:
    """What the actor did, in the reader's language (an unknown key is shown as it is)."""
    try:
        return str(HistoryEntry.Action(entry.action).label)
    except ValueError:
        return entry.action


class _Words:
    """The labels one page needs, translated once (not once per entry)."""

    def __init__(self):
        self.status = {k: str(v) for k, v in Claim.Status.choices}
        self.state = {k: str(v) for k, v in Verdict.State.choices}
        self.stance = {k: str(v) for k, v in VerdictSource.Stance.choices}
        self.reason = {k: str(v) for k, v in Claim.DiscardReason.choices}
        self.problem = {k: str(v) for k, v in PROBLEMS.items()}
        self.rating = {r.key: r.label for r in rating_scale()}
        self.yes, self.no = gettext("yes"), gettext("no")

    def value(self, name: str, value) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return self.yes if value else self.no
        if name in ("status", "claim_status", "claim status"):
            return self.status.get(value, str(value))
        if name == "state":
            return self.state.get(value, str(value))
        if name == "rating":
            return self.rating.get(value, str(value))  # an entry older than keys holds the label
        if name == "discard_reason":
            return self.reason.get(value, str(value))
        if name == "problem":
            return self.problem.get(value, str(value))
        if name == "as_of" and isinstance(value, str):
            try:
                return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
            except ValueError:
                return value
        if name == "sources" and isinstance(value, list):
            return "; ".join(self.source_row(row) for row in value)
        if isinstance(value, (list, tuple)):
            return "; ".join(self.value("", v) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {self.value(k, v)}" for k, v in value.items())
        return str(value)

    def source_row(self, row) -> str:
        """[url, title, quote, stance] -> "url · title · Refutes"."""
        if not isinstance(row, (list, tuple)):
            return str(row)
        parts = [str(x) for x in row[:3] if x]
        if len(row) > 3 and row[3]:
            parts.append(self.stance.get(row[3], str(row[3])))
        return " · ".join(parts)


def change_rows(entry: HistoryEntry, words: _Words | None = None) -> list[tuple[str, str, str]]:
    """(field, before, after) in the reader's language, for the template's <del>/<ins>."""
    words = words or _Words()
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    rows = []
    for name, pair in changes.items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label = FIELD_LABELS.get(name, name)
        rows.append((str(label), words.value(name, before), words.value(name, after)))
    return rows


def describe(entries) -> list[HistoryEntry]:
    """Give each entry its `label` (the action in words) and `rows` (its changes in words)."""
    entries = list(entries or [])
    words = _Words() if entries else None
    for entry in entries:
        entry.label = action_label(entry)
        entry.rows = change_rows(entry, words)
    return entries


def changes_since(entries, seen_id: int | None) -> list[HistoryEntry]:
    """The conflict box lists what changed after the user's page was drawn (`seen_id` is the
    newest history entry the page showed); without it, everything the service returned."""
    entries = list(entries or [])
    if seen_id:
        entries = [e for e in entries if e.pk > seen_id]
    return describe(entries)
