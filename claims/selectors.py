"""Read queries shared by the pages and (later) the REST API.

Every page reads a constant number of queries whatever the number of rows: related rows
come with select_related / Subquery annotations, never one query per row. Big text columns
(an article's body, a document's text, a snapshot's text, match_text) are never loaded
for lists: a page of 50 claims of one 2 MB article would otherwise carry 50 copies of it.
"""

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext

from .models import (
    Claim,
    ClaimMatch,
    EvidenceMatch,
    HistoryEntry,
    Rating,
    Snapshot,
    Source,
    Verdict,
    VerdictSource,
    VerificationRun,
)

QUEUE_PAGE_SIZE = 50
APPROVALS_PAGE_SIZE = 50
HISTORY_LIMIT = 200  # the page shows the latest changes; the admin keeps them all

# Columns a queue row shows; everything else stays in the database.
_QUEUE_COLUMNS = (
    "id",
    "text",
    "score",
    "claim_type",
    "status",
    "verification_state",
    "language",
    "created_at",
    "checkworthy",
    "version",
    "article__id",
    "article__title",
    "assignee__id",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


def reviewers() -> QuerySet:
    """Active users who may review (through a group, their own permissions, or superuser):
    the people a claim can be assigned to. One query."""
    perms = Permission.objects.filter(codename="review_claim", content_type__app_label="claims")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=perms) | Q(user_permissions__in=perms))
        .distinct()
        .only("id", "username", "first_name", "last_name")
        .order_by("username")
    )


REVIEWERS_TTL = 60
QUEUE_COUNT_TTL = 15


def cached_reviewers() -> list:
    """reviewers(), kept a minute: every queue and claim page lists them, and a change of
    roles clears it (claims/apps.py)."""
    return cache.get_or_set("reviewers", lambda: list(reviewers()), REVIEWERS_TTL)


class CachedCountPaginator(Paginator):
    """A Paginator whose total is counted at most every QUEUE_COUNT_TTL seconds per key.

    A queue total a few seconds old is fine (the rows themselves are always fresh); a
    COUNT(*) over a hundred thousand claims on every reload is not.
    """

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cache.get_or_set(self.count_key, lambda: Paginator.count.func(self), QUEUE_COUNT_TTL)


def queue_count_key(user, params: dict) -> str:
    items = sorted(
        (k, sorted(map(str, v)) if isinstance(v, (list, tuple, set)) else str(v))
        for k, v in params.items()
        if v not in (None, "", [], ())
    )
    # "Assigned to me" depends on who asks.
    who = user.pk if params.get("assigned") == "me" else ""
    digest = hashlib.sha256(json.dumps([items, who]).encode()).hexdigest()[:32]
    return f"queue-count:{digest}"


# --- The queue --------------------------------------------------------------------------


def queue_queryset(user, params: dict) -> QuerySet:
    """Claims for the queue, filtered and sorted as `params` say (QueueFilterForm's cleaned
    data; missing keys mean no filter).

    Default: check-worthy claims, best score first. The filters map onto the indexes
    (checkworthy, status, -score), (checkworthy, status, -created_at) and (assignee, status);
    the id tie-breaker keeps pages stable and lets PostgreSQL use an incremental sort.
    """
    qs = Claim.objects.select_related("article", "assignee").only(*_QUEUE_COLUMNS)
    if not params.get("include_all"):
        qs = qs.filter(checkworthy=True)
    if params.get("status"):
        qs = qs.filter(status__in=params["status"])
    assigned = params.get("assigned") or ""
    if assigned == "me":
        qs = qs.filter(assignee_id=user.pk)
    elif assigned == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    elif assigned.isdecimal():  # what int() takes ("²" is a digit it refuses)
        qs = qs.filter(assignee_id=int(assigned))
    if params.get("article"):
        qs = qs.filter(article_id=getattr(params["article"], "pk", params["article"]))
    language = params.get("language") or ""
    if language == "other":
        qs = qs.exclude(language__in=["it", "en"])
    elif language:
        qs = qs.filter(language=language)
    if params.get("claim_type"):
        qs = qs.filter(claim_type=params["claim_type"])
    if params.get("min_score") is not None:
        qs = qs.filter(score__gte=params["min_score"])
    if params.get("max_score") is not None:
        qs = qs.filter(score__lte=params["max_score"])
    if params.get("verification"):
        qs = qs.filter(verification_state=params["verification"])
    sort = params.get("sort") or "score"
    if sort == "newest":
        return qs.order_by("-created_at", "-id")
    if sort == "oldest":
        return qs.order_by("created_at", "id")
    return qs.order_by("-score", "-id")


def approvals_queryset() -> QuerySet:
    """Verdicts awaiting approval, oldest first (served by the (state, submitted_at) index)."""
    return (
        Verdict.objects.filter(state=Verdict.State.SUBMITTED)
        .select_related("claim", "rating", "author")
        .only(
            "id",
            "number",
            "confidence",
            "submitted_at",
            "version",
            "claim__id",
            "claim__text",
            "claim__language",
            "rating__id",
            "rating__label_en",
            "rating__label_it",
            "author__id",
            "author__username",
            "author__first_name",
            "author__last_name",
        )
        .order_by("submitted_at", "id")
    )


# --- The claim page -----------------------------------------------------------------------


@dataclass
class ClaimPage:
    claim: Claim
    previous: Claim | None = None
    next: Claim | None = None
    verdict: Verdict | None = None
    verdict_sources: list = field(default_factory=list)
    matches: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    runs: list = field(default_factory=list)
    history: list = field(default_factory=list)
    ratings: list = field(default_factory=list)

    @property
    def latest_history_id(self) -> int:
        return self.history[0].pk if self.history else 0


def highlight_segments(text: str, highlights) -> list[tuple[str, bool]]:
    """Split a snippet into (text, highlighted) parts from [[start, end], ...] offsets.
    The template escapes every part and wraps the highlighted ones in <mark>: the snippet
    is never marked safe. Overlapping or out-of-range offsets are clipped."""
    parts, at = [], 0
    for pair in sorted(
        (p for p in highlights or [] if isinstance(p, (list, tuple)) and len(p) == 2), key=lambda p: p[0]
    ):
        try:
            start, end = max(int(pair[0]), at), min(int(pair[1]), len(text))
        except (TypeError, ValueError):
            continue
        if start >= end:
            continue
        if start > at:
            parts.append((text[at:start], False))
        parts.append((text[start:end], True))
        at = end
    if at < len(text):
        parts.append((text[at:], False))
    return parts


def _plain(value) -> str:
    """A history value as one line of text (source rows are lists of url, title, quote, stance)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, (list, tuple)):
        return "; ".join(
            _plain(v) if not isinstance(v, (list, tuple)) else " · ".join(str(x) for x in v if x) for v in value
        )
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)


def change_rows(entry: HistoryEntry) -> list[tuple[str, str, str]]:
    """(field, before, after) for the template's <del>/<ins> rendering."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    rows = []
    for name, pair in changes.items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        rows.append((name, _plain(before), _plain(after)))
    return rows


def web_url(url) -> str:
    """The URL if it is http(s), else "": links on the page never carry javascript: or data:
    URLs, whatever route (admin, connector, import) stored them."""
    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""


def _latest_snapshot(column: str) -> Subquery:
    return Subquery(Snapshot.objects.filter(source=OuterRef("pk")).order_by("-fetched_at", "-id").values(column)[:1])


def claim_page_data(claim: Claim, *, with_ratings: bool = True) -> ClaimPage:
    """Everything the claim page shows, in a fixed number of queries:
    neighbours, verdict (+ its sources), matches, evidence, sources (+ latest snapshot),
    verification runs, history, ratings."""
    page = ClaimPage(claim=claim)
    for other in Claim.objects.filter(
        article_id=claim.article_id, position__in=[claim.position - 1, claim.position + 1]
    ).only("id", "text", "position", "checkworthy", "status"):
        if other.position < claim.position:
            page.previous = other
        else:
            page.next = other
    page.verdict = (
        claim.verdicts.select_related("rating", "author", "reviewed_by")
        .prefetch_related(Prefetch("sources", VerdictSource.objects.select_related("source")))
        .order_by("-number")
        .first()
    )
    if page.verdict is not None:
        page.verdict_sources = list(page.verdict.sources.all())
        for cited in page.verdict_sources:
            cited.href = web_url(cited.source.url)
    page.matches = list(
        ClaimMatch.objects.filter(claim=claim)
        .select_related("factcheck")
        .defer("factcheck__raw", "factcheck__match_text", "factcheck__appearance_urls")
        .order_by("rank")
    )
    for match in page.matches:
        match.href = web_url(match.factcheck.url)
    page.evidence = list(
        EvidenceMatch.objects.filter(claim=claim)
        .select_related("passage__document")
        .defer("passage__match_text", "passage__document__text")
        .order_by("rank")
    )
    for match in page.evidence:
        match.segments = highlight_segments(match.snippet, match.highlights)
        match.href = web_url(match.passage.document.source_url)
    page.sources = list(
        Source.objects.filter(claim=claim)
        .annotate(
            snap_final_url=_latest_snapshot("final_url"),
            snap_title=_latest_snapshot("title"),
            snap_fetched_at=_latest_snapshot("fetched_at"),
            snap_error=_latest_snapshot("error"),
        )
        .order_by("id")
    )
    for source in page.sources:
        source.href, source.snap_href = web_url(source.url), web_url(source.snap_final_url)
    page.runs = list(
        VerificationRun.objects.filter(claim=claim, source__isnull=True)
        .only("id", "step", "state", "error", "finished_at", "attempts")
        .order_by("step")
    )
    page.history = list(
        HistoryEntry.objects.filter(claim=claim).select_related("actor").order_by("-created_at", "-id")[:HISTORY_LIMIT]
    )
    for entry in page.history:
        entry.rows = change_rows(entry)
    if with_ratings:
        page.ratings = active_ratings()
    return page


def active_ratings() -> list[Rating]:
    """The rating scale offered to reviewers (a retired rating cannot be saved again)."""
    return list(Rating.objects.filter(active=True).order_by("position", "id"))


def claim_changes_since(entries, seen_id: int | None) -> list:
    """The conflict box lists what changed after the user's page was drawn (`seen_id` is the
    newest history entry the page showed); without it, everything the service returned."""
    entries = list(entries or [])
    if seen_id:
        entries = [e for e in entries if e.pk > seen_id]
    for entry in entries:
        entry.rows = change_rows(entry)
    return entries


__all__ = [
    "CachedCountPaginator",
    "cached_reviewers",
    "queue_count_key",
    "APPROVALS_PAGE_SIZE",
    "active_ratings",
    "ClaimPage",
    "QUEUE_PAGE_SIZE",
    "approvals_queryset",
    "change_rows",
    "claim_changes_since",
    "claim_page_data",
    "highlight_segments",
    "queue_queryset",
    "reviewers",
    "web_url",
]
