"""What /health, /healthz and /readyz report: the database, the broker, the workers'
heartbeats (factcheck/heartbeat.py) and how long the oldest pending work has waited."""

import time

from django.conf import settings
from django.db import connection
from django.db.models import Min, Q
from django.utils import timezone

from factcheck import heartbeat

from ..models import Article, VerificationRun

_clients: dict = {}


def _broker():
    # One connection pool per process (and broker URL), reused by every probe.
    url = settings.CELERY_BROKER_URL
    if url not in _clients:
        _clients[url] = heartbeat.redis_client()
    return _clients[url]


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure means "not ready", with the reason
        return False, f"{type(exc).__name__}: {exc}"[:300]
    return True, "ok"


def broker_ok() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "no broker: tasks run in-process"
    try:
        _broker().ping()
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"[:300]
    return True, "ok"


def live_workers() -> dict[str, list[str]]:
    """Hostname -> queues, of every worker whose last heartbeat is recent enough."""
    beats, queues = heartbeat.keys()
    client = _broker()
    alive = [h.decode() for h in client.zrangebyscore(beats, time.time() - heartbeat.HEARTBEAT_MAX_AGE, "+inf")]
    consumed = client.hmget(queues, alive) if alive else []
    return {host: sorted((q or b"").decode().split(",")) for host, q in zip(alive, consumed)}


def oldest_pending_seconds() -> float:
    """Age of the oldest work queued and not yet taken (a verification run, or an article to
    fetch or extract); 0 when nothing waits. Both read partial indexes of pending rows."""
    now = timezone.now()
    run = VerificationRun.objects.filter(state=VerificationRun.State.QUEUED).aggregate(t=Min("enqueued_at"))["t"]
    article = Article.objects.filter(
        Q(state=Article.State.QUEUED) | Q(state=Article.State.FETCHING, processing_started_at__isnull=True)
    ).aggregate(t=Min("updated_at"))["t"]
    oldest = min((t for t in (run, article) if t is not None), default=None)
    return max(0.0, (now - oldest).total_seconds()) if oldest else 0.0


def readiness() -> tuple[bool, dict]:
    """(ready, report): the database and the broker answer, a worker consumes every queue,
    and nothing queued has waited longer than FACTCHECK_READY_MAX_QUEUE_AGE."""
    report: dict = {}
    db_ok, db_detail = database_ok()
    report["database"] = {"ok": db_ok, "detail": db_detail}
    broker, broker_detail = broker_ok()
    report["broker"] = {"ok": broker, "detail": broker_detail}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        report["workers"] = {"ok": True, "detail": "tasks run in-process"}
    elif broker:
        workers = live_workers()
        wanted = [q.name for q in settings.CELERY_TASK_QUEUES]
        unserved = [q for q in wanted if not any(q in queues for queues in workers.values())]
        report["workers"] = {"ok": not unserved, "alive": workers, "queues_without_worker": unserved}
    else:
        report["workers"] = {"ok": False, "detail": "broker unreachable"}
    if db_ok:
        age = oldest_pending_seconds()
        limit = settings.FACTCHECK_READY_MAX_QUEUE_AGE
        report["queue"] = {"ok": age <= limit, "oldest_seconds": round(age, 1), "limit_seconds": limit}
    else:
        report["queue"] = {"ok": False, "detail": "database unreachable"}
    return all(part["ok"] for part in report.values()), report
