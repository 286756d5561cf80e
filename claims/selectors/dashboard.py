"""The editors' dashboard in figures: plain functions, each one or two aggregate queries,
never a query per claim, verdict or person.

Two kinds of figures, and the page says which is which:

- a snapshot of now: claims by status, verdicts by rating, each reviewer's open load;
- events in a period (the last 7, 30 or 90 days, whole local days, today included):
  throughput per day and how often verdicts are sent back.

Events are counted from the claim history (HistoryEntry actions submitted, approved,
sent_back, published), not from the verdict's timestamps: Verdict.submitted_at and
reviewed_at are overwritten when a verdict is sent back and submitted again, so they
keep only the last round, while the history keeps every one. A verdict submitted twice
counts twice, which is the work the editors actually saw.

The period queries read the history through its (action, created_at) index
(history_action_idx, migration 0009).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..models import Claim, HistoryEntry, Level, MatchMark, Rating, Verdict

Status = Claim.Status
PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30

Action = HistoryEntry.Action
SUBMITTED, APPROVED, SENT_BACK, PUBLISHED = Action.SUBMITTED, Action.APPROVED, Action.SENT_BACK, Action.PUBLISHED
THROUGHPUT_ACTIONS = (SUBMITTED, APPROVED, PUBLISHED)
# A claim is someone's open work until its verdict is approved (or the claim discarded).
OPEN_STATUSES = (Status.NEW, Status.IN_REVIEW, Status.SUBMITTED)


# --- The period ---------------------------------------------------------------------------


def period_days(value) -> int:
    """?days= as given by the user: one of PERIODS, anything else is the default."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return days if days in PERIODS else DEFAULT_DAYS


@dataclass(frozen=True)
class Period:
    days: int
    first: datetime.date  # local dates, both included
    last: datetime.date

    @property
    def dates(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=i) for i in range(self.days)]

    @property
    def start(self) -> datetime.datetime:
        return _local_midnight(self.first)

    @property
    def end(self) -> datetime.datetime:
        return _local_midnight(self.last + datetime.timedelta(days=1))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    # Days are the newsroom's days (TIME_ZONE), not UTC ones: an approval at 00:30 in Rome
    # belongs to that day, as TruncDate below (current time zone) also counts it.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def period(days: int, *, today: datetime.date | None = None) -> Period:
    last = today or timezone.localdate()
    return Period(days=days, first=last - datetime.timedelta(days=days - 1), last=last)


# --- Snapshot: claims by status, verdicts by rating ---------------------------------------


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    n: int


def claims_by_status() -> tuple[list[Bar], int]:
    """Claims in the workflow by status (every status, zeros included, in workflow order),
    and how many sentences were left out.

    Left out: sentences the machine found not check-worthy and nobody touched (still new).
    They are most of an article and would drown the bar of claims awaiting work; the
    queue hides them by default too. One query.
    """
    counts = {status: 0 for status in Status.values}
    untouched = 0
    rows = Claim.objects.values_list("status", "checkworthy").annotate(n=Count("id")).order_by()
    for status, checkworthy, n in rows:
        if status == Status.NEW and not checkworthy:
            untouched += n
        else:
            counts[status] = counts.get(status, 0) + n
    return [
        Bar(status, Status(status).label if status in Status.values else status, n) for status, n in counts.items()
    ], untouched


def verdicts_by_rating() -> list[Bar]:
    """Current verdicts (each claim's latest version) of approved and published claims, by
    rating, in the scale's order. Ratings no longer offered appear only when used. Two
    queries: the counts, and the scale itself (for labels and the ratings nobody used)."""
    newer = Verdict.objects.filter(claim=OuterRef("claim"), number__gt=OuterRef("number"))
    counts = dict(
        Verdict.objects.filter(claim__status__in=[Status.APPROVED, Status.PUBLISHED])
        .filter(~Exists(newer))
        .values_list("rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    bars = [Bar(r.key, r.label, counts.get(r.pk, 0)) for r in Rating.objects.all() if r.active or counts.get(r.pk)]
    if counts.get(None):
        bars.append(Bar("", pgettext("rating", "None"), counts[None]))
    return bars


# --- Events in the period: throughput -----------------------------------------------------


@dataclass(frozen=True)
class Day:
    day: datetime.date | None
    submitted: int = 0
    approved: int = 0
    published: int = 0


def totals(days: list[Day]) -> Day:
    """The period's sums, for the table's last row (day is None)."""
    return Day(None, sum(d.submitted for d in days), sum(d.approved for d in days), sum(d.published for d in days))


def throughput(p: Period) -> list[Day]:
    """Verdicts submitted for approval, approved and published, per local day of the
    period, days without any included. One query."""
    rows = (
        HistoryEntry.objects.filter(
            subject="verdict", action__in=THROUGHPUT_ACTIONS, created_at__gte=p.start, created_at__lt=p.end
        )
        .annotate(day=TruncDate("created_at"))
        .values_list("day", "action")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_day: dict = {}
    for day, action, n in rows:
        per_day.setdefault(day, {})[action] = n
    return [
        Day(
            day,
            per_day.get(day, {}).get(SUBMITTED, 0),
            per_day.get(day, {}).get(APPROVED, 0),
            per_day.get(day, {}).get(PUBLISHED, 0),
        )
        for day in p.dates
    ]


# --- Snapshot: each reviewer's open load --------------------------------------------------


@dataclass
class Load:
    user_id: int
    label: str
    new: int = 0
    in_review: int = 0
    submitted: int = 0

    @property
    def total(self) -> int:
        return self.new + self.in_review + self.submitted


def _label(username: str, first: str = "", last: str = "") -> str:
    # As User.get_full_name() or username, what every other page shows (forms.queue.person_label).
    return f"{first} {last}".strip() or username


def reviewer_loads(reviewers=()) -> list[Load]:
    """Claims assigned and still open, per person, split by status, heaviest first.

    `reviewers` (selectors.queue.cached_reviewers()) adds the people with nothing assigned, so
    an editor also sees who is free. One query (assignees' names come with the join).
    """
    rows = (
        Claim.objects.filter(assignee__isnull=False, status__in=OPEN_STATUSES)
        .values_list("assignee_id", "assignee__username", "assignee__first_name", "assignee__last_name")
        .annotate(
            new=Count("id", filter=Q(status=Status.NEW)),
            in_review=Count("id", filter=Q(status=Status.IN_REVIEW)),
            submitted=Count("id", filter=Q(status=Status.SUBMITTED)),
        )
        .order_by()
    )
    loads = {
        pk: Load(pk, _label(username, first, last), new, in_review, submitted)
        for pk, username, first, last, new, in_review, submitted in rows
    }
    for user in reviewers:
        loads.setdefault(user.pk, Load(user.pk, _label(user.username, user.first_name, user.last_name)))
    return sorted(loads.values(), key=lambda load: (-load.total, load.label.casefold(), load.user_id))


# --- Events in the period: how often verdicts are sent back -------------------------------


@dataclass
class Reviews:
    """Editors' decisions on verdicts: by one editor, on one reviewer's verdicts, or all."""

    user_id: int | None
    label: str
    approved: int = 0
    sent_back: int = 0

    @property
    def decided(self) -> int:
        return self.approved + self.sent_back

    @property
    def rate(self) -> float | None:
        """Sent back / (approved + sent back); None when nothing was decided."""
        return self.sent_back / self.decided if self.decided else None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else 100 * self.rate


@dataclass
class SendBacks:
    overall: Reviews
    editors: list[Reviews] = field(default_factory=list)
    reviewers: list[Reviews] = field(default_factory=list)


def send_backs(p: Period) -> SendBacks:
    """How often editors sent verdicts back in the period: overall, per editor (who
    decided) and per reviewer (whose verdict it was).

    One query gives the editor x author table of decisions (the author joined through
    the entry's subject_id, as a subquery: the history has no foreign key to verdicts);
    both lists and the total are its sums. One more query names the people in it.
    """
    author = Verdict.objects.filter(pk=OuterRef("subject_id")).order_by().values("author_id")[:1]
    rows = (
        HistoryEntry.objects.filter(
            subject="verdict", action__in=[APPROVED, SENT_BACK], created_at__gte=p.start, created_at__lt=p.end
        )
        .annotate(author_id=Subquery(author))
        .values_list("actor_id", "author_id")
        .annotate(approved=Count("id", filter=Q(action=APPROVED)), sent_back=Count("id", filter=Q(action=SENT_BACK)))
        .order_by()
    )
    rows = list(rows)
    ids = {pk for actor, author_id, *_ in rows for pk in (actor, author_id) if pk is not None}
    names = {
        u.pk: _label(u.username, u.first_name, u.last_name)
        for u in get_user_model().objects.filter(pk__in=ids).only("username", "first_name", "last_name")
    }
    unknown = _("(deleted user)")
    result = SendBacks(overall=Reviews(None, _("Everyone")))
    editors: dict = {}
    reviewers: dict = {}
    for actor, author_id, approved, sent_back in rows:
        for target in (
            result.overall,
            editors.setdefault(actor, Reviews(actor, names.get(actor, unknown))),
            reviewers.setdefault(author_id, Reviews(author_id, names.get(author_id, unknown))),
        ):
            target.approved += approved
            target.sent_back += sent_back

    def order(r: Reviews):
        return -r.decided, r.label.casefold(), r.user_id or 0

    result.editors = sorted(editors.values(), key=order)
    result.reviewers = sorted(reviewers.values(), key=order)
    return result


# --- Snapshot: how often the matcher's proposals were right -------------------------------


@dataclass
class Precision:
    level: str
    label: str
    marked: int = 0
    right: int = 0

    @property
    def percent(self) -> float | None:
        """Share of the marked proposals reviewers confirmed as the same claim."""
        return 100 * self.right / self.marked if self.marked else None


def match_precision() -> list[Precision]:
    """Proposals reviewers marked, per level ("same claim", "related") at the time of the
    mark, and how many they confirmed: the matcher's precision as the newsroom sees it.
    One query."""
    rows = {
        level: (marked, right)
        for level, marked, right in MatchMark.objects.values_list("level")
        .annotate(marked=Count("id"), right=Count("id", filter=Q(same=True)))
        .order_by()
    }
    return [Precision(level, str(label), *rows.get(level, (0, 0))) for level, label in Level.choices]
