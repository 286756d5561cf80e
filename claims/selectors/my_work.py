"""My work: what is assigned to me, what an editor sent back to me and why, what of mine was
approved or published since I last looked, and (editors) what awaits approval; the header's
counter of the same; my saved queue views.

The header shows on every page, so its figures come from the cache: one query when
something changed (claims.services.history bumps a generation on every recorded change,
and saving a view or opening My work bumps it too), none otherwise. With a per-process
cache (no CACHE_URL) another process may show a counter up to WORK_TTL seconds old.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, Greatest

from ..models import Claim, SavedView, Verdict, WorkSeen
from ..services.access import can_approve
from .queue import approvals_queryset

S, V = Claim.Status, Verdict.State
OPEN = (S.NEW, S.IN_REVIEW)
WORK_TTL = 60
GENERATION_KEY = "work-generation"
LIST_LIMIT = 100  # rows per section; the queue (assigned=me) has them all


def _count(rows) -> Coalesce:
    """How many of `rows` there are, as a scalar subquery (rows already filtered on OuterRef)."""
    counted = rows.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class WorkCounts:
    assigned: int = 0  # my claims still to do (sent back ones included)
    sent_back: int = 0
    news: int = 0  # my verdicts approved or published since I last looked
    awaiting: int = 0  # editors: verdicts of others awaiting approval

    @property
    def total(self) -> int:
        return self.assigned + self.news + self.awaiting


@dataclass
class HeaderWork:
    counts: WorkCounts = field(default_factory=WorkCounts)
    views: list = field(default_factory=list)  # (name, query)


def work_counts(user) -> WorkCounts:
    """The counter's figures, in one query."""
    seen = Coalesce(
        Subquery(WorkSeen.objects.filter(user=user).values("seen_at")[:1]),
        Subquery(get_user_model().objects.filter(pk=user.pk).values("date_joined")[:1]),
    )
    mine = Claim.objects.filter(assignee=OuterRef("pk"), status__in=OPEN)
    sent_back = Verdict.objects.filter(state=V.SENT_BACK, claim__assignee=OuterRef("pk"), claim__status=S.IN_REVIEW)
    news = Verdict.objects.filter(author=OuterRef("pk"), state__in=[V.APPROVED, V.PUBLISHED]).filter(
        Q(reviewed_at__gt=seen) | Q(published_at__gt=seen)
    )
    annotations = {"n_assigned": _count(mine), "n_sent_back": _count(sent_back), "n_news": _count(news)}
    if can_approve(user):
        awaiting = Verdict.objects.filter(state=V.SUBMITTED).exclude(author=OuterRef("pk"))
        annotations["n_awaiting"] = _count(awaiting)
    row = get_user_model().objects.filter(pk=user.pk).annotate(**annotations).values(*annotations).first() or {}
    return WorkCounts(**{k.removeprefix("n_"): v for k, v in row.items()})


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def work_changed() -> None:
    """Counters and saved views are read again on the next page (history.record calls it
    after commit, and so do saving a view and opening My work)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def header_work(user) -> HeaderWork:
    """The header's counter and saved views for `user`: from the cache while nothing changed."""
    key = f"work:{user.pk}:{_generation()}"
    found = cache.get(key)
    if found is None:
        found = HeaderWork(
            counts=work_counts(user),
            views=list(SavedView.objects.filter(user=user).order_by("name", "id").values_list("name", "query")),
        )
        cache.set(key, found, WORK_TTL)
    return found


@dataclass
class MyWork:
    todo: list = field(default_factory=list)  # my claims still to do, not sent back
    sent_back: list = field(default_factory=list)  # with the editor's comment
    news: list = field(default_factory=list)  # verdicts approved or published since seen_at
    awaiting: list = field(default_factory=list)  # editors: others' verdicts awaiting approval
    awaiting_count: int = 0
    seen_at: object = None


def my_work(user) -> MyWork:
    """The My work page in three queries (four for an editor): when I last looked, my open
    claims with their current verdict's state and comment, my news, and the approvals
    list's first rows with its count."""
    seen = WorkSeen.objects.filter(user=user).values_list("seen_at", flat=True).first() or user.date_joined
    latest = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-number")
    claims = (
        Claim.objects.filter(assignee=user, status__in=OPEN)
        .select_related("article")
        .only("id", "text", "score", "status", "article__id", "article__title", "updated_at")
        .annotate(
            verdict_state=Subquery(latest.values("state")[:1]),
            verdict_comment=Subquery(latest.values("review_comment")[:1]),
            verdict_editor=Subquery(latest.values("reviewed_by__username")[:1]),
            verdict_reviewed_at=Subquery(latest.values("reviewed_at")[:1]),
        )
        .order_by("-score", "-id")[:LIST_LIMIT]
    )
    page = MyWork(seen_at=seen)
    for claim in claims:
        (page.sent_back if claim.verdict_state == V.SENT_BACK else page.todo).append(claim)
    page.news = list(
        Verdict.objects.filter(author=user, state__in=[V.APPROVED, V.PUBLISHED])
        .filter(Q(reviewed_at__gt=seen) | Q(published_at__gt=seen))
        .select_related("claim", "rating", "reviewed_by", "published_by")
        .only(
            "id",
            "state",
            "reviewed_at",
            "published_at",
            "review_comment",
            "claim__id",
            "claim__text",
            "claim__article_id",
            "rating__id",
            "rating__label_en",
            "rating__label_it",
            "reviewed_by__id",
            "reviewed_by__username",
            "published_by__id",
            "published_by__username",
        )
        .annotate(when=Greatest(Coalesce("published_at", "reviewed_at"), "reviewed_at"))
        .order_by("-when", "-id")[:LIST_LIMIT]
    )
    if can_approve(user):
        # The first ten, each carrying how many there are in all (a window over the rows
        # before the LIMIT): one query.
        awaiting = approvals_queryset().exclude(author=user).annotate(n_all=Window(Count("id")))
        page.awaiting = list(awaiting[:10])
        page.awaiting_count = page.awaiting[0].n_all if page.awaiting else 0
    return page
