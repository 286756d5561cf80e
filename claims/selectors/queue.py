"""The reviewers' queue (pages, API, exports), the editors' approvals list, and the people
a claim can be assigned to.

A page of 50 claims of one 2 MB article must not carry 50 copies of it: the queue loads
the columns its rows show and nothing else.
"""

import hashlib
import json
from functools import cached_property

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery

from ..defaults import ADMIN_GROUP
from ..models import Claim, ClaimMatch, ClaimRepeat, Level, Verdict

QUEUE_PAGE_SIZE = 50
APPROVALS_PAGE_SIZE = 50

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
    "same_as_id",
)


def reviewers() -> QuerySet:
    """The newsroom: active users who may review through a newsroom role (Reviewer, Editor, or
    any group an admin gives the permission) or their own permissions; the people a claim is
    assigned to and the assign menus list. Administrators as such are not in it: the Admin
    group and superuser status give every permission, not a place in the newsroom. One query."""
    perms = Permission.objects.filter(codename="review_claim", content_type__app_label="claims")
    roles = Group.objects.filter(permissions__in=perms).exclude(name=ADMIN_GROUP)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__in=roles) | Q(user_permissions__in=perms))
        .distinct()
        .only("id", "username", "first_name", "last_name")
        .order_by("username")
    )


REVIEWERS_TTL = 60
QUEUE_COUNT_TTL = 15


def cached_reviewers() -> list:
    """reviewers(), kept a minute: every queue and claim page lists them, and a change of
    roles clears it (the signal handlers in claims/apps.py)."""
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
    qs = Claim.objects.select_related("article", "assignee").only(*_QUEUE_COLUMNS).annotate(**_same_claim_columns())
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


def _same_claim_columns() -> dict:
    """What the matcher is sure a claim repeats (level "same"), as columns of the queue's
    one query: an earlier claim of ours, or an earlier fact-check's rating."""
    repeat = ClaimRepeat.objects.filter(claim=OuterRef("pk"), level=Level.SAME).order_by("rank")
    match = ClaimMatch.objects.filter(claim=OuterRef("pk"), level=Level.SAME).order_by("rank")
    return {
        "same_claim_id": Subquery(repeat.values("earlier_id")[:1]),
        "same_factcheck_rating": Subquery(match.values("factcheck__rating_name")[:1]),
    }


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


def next_claim_for(user, *, after) -> int | None:
    """The claim a reviewer works on next ("save and next"): the best of their own claims
    still to do, else the best unassigned one, as the queue orders them; never `after`.
    At most two LIMIT 1 queries on the queue's indexes."""
    todo = Claim.objects.filter(checkworthy=True, status__in=[Claim.Status.NEW, Claim.Status.IN_REVIEW]).exclude(
        pk=after.pk
    )
    for mine in (todo.filter(assignee=user), todo.filter(assignee__isnull=True)):
        pk = mine.order_by("-score", "-id").values_list("pk", flat=True).first()
        if pk is not None:
            return pk
    return None
