"""How long a worker holds a piece of work, and how work whose message was lost is found.

The database says what is pending (an article queued, a run running since...); Celery
messages only say "look". A worker holds work for a lease: no task may run longer than the
hard time limit, so work held longer than that belongs to a worker that died and may be
taken over. Beat's sweeps look for work queued but never taken (the broker lost the
message, or was down when it was sent) and work held past its lease, and send it again;
taking work is idempotent, so a duplicate message costs nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone


def lease() -> timedelta:
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)


@dataclass(frozen=True)
class Sweep:
    now: datetime
    queued_before: datetime  # queued earlier than this and not taken: its message was lost
    held_since_before: datetime  # taken earlier than this and not finished: its worker died


def stale_ids(rows: Callable[[Sweep], QuerySet], *, older_than: timedelta | None = None, limit: int) -> list[int]:
    """The ids `rows(sweep)` selects (at most `limit` a sweep, so one sweep stays short)."""
    now = timezone.now()
    sweep = Sweep(now, now - (older_than or timedelta(seconds=settings.FACTCHECK_STALE_SECONDS)), now - lease())
    return list(rows(sweep).values_list("pk", flat=True)[:limit])
