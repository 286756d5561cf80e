"""What a person keeps for themselves: saved queue views, and when they last looked at My work."""

from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import SavedView, WorkSeen
from ..selectors.my_work import work_changed
from .access import WorkflowError, can_view, require

MAX_VIEWS = 30
# The queue's own parameters: a saved view keeps these and nothing else.
QUEUE_PARAMS = (
    "show",
    "status",
    "assigned",
    "article",
    "language",
    "claim_type",
    "min_score",
    "max_score",
    "verification",
    "sort",
    "include_all",
)


def _queue_query(query: str) -> str:
    data = QueryDict(query.lstrip("?"))
    return urlencode([(k, v) for k in QUEUE_PARAMS for v in data.getlist(k)])


def saved_view_save(*, user, name: str, query: str) -> SavedView:
    """Name the queue's current filters (saving a name again replaces its filters)."""
    require(can_view(user))
    name = " ".join((name or "").split())[:80]
    if not name:
        raise WorkflowError(_("Give the view a name."))
    query = _queue_query(query)
    with transaction.atomic():
        view = SavedView.objects.filter(user=user, name=name).first()
        if view is None:
            if SavedView.objects.filter(user=user).count() >= MAX_VIEWS:
                raise WorkflowError(_("You have %(n)d saved views: delete one first.") % {"n": MAX_VIEWS})
            try:
                with transaction.atomic():
                    view = SavedView.objects.create(user=user, name=name, query=query)
            except IntegrityError:  # the same name saved twice at once
                view = SavedView.objects.get(user=user, name=name)
        if view.query != query:
            view.query = query
            view.save(update_fields=["query"])
        transaction.on_commit(work_changed)
    return view


def saved_view_delete(*, user, name: str) -> bool:
    deleted, _n = SavedView.objects.filter(user=user, name=name).delete()
    if deleted:
        transaction.on_commit(work_changed)
    return bool(deleted)


def work_seen(*, user, when=None) -> None:
    """My work was looked at: what was approved or published before `when` is no longer news."""
    # One upsert (INSERT ... ON CONFLICT DO UPDATE), not a locked read and a write.
    WorkSeen.objects.bulk_create(
        [WorkSeen(user=user, seen_at=when or timezone.now())],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["seen_at"],
    )
    transaction.on_commit(work_changed)
