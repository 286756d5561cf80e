"""Log records that say which work they are about, as text or one JSON object per line.

Services wrap a piece of work in `log_context(article_id=..., claim_ids=[...])`; every
record logged inside it (by our code, Celery or a library) carries those ids, and inside
a Celery task also the task's id and name. LOG_FORMAT=json writes each record as one JSON
object per line for a log collector; the plain format appends the ids as key=value.
"""

import contextlib
import contextvars
import json
import logging
from datetime import UTC, datetime

_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("factcheck_log_context", default=None)
FIELDS = ("article_id", "claim_id", "claim_ids", "run_ids", "task_id", "task_name")


@contextlib.contextmanager
def log_context(**ids):
    """Add ids (None values are left out) to every record logged inside the block."""
    token = _context.set({**(_context.get() or {}), **{k: v for k, v in ids.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def _current_task():
    try:
        from celery import current_task
    except ImportError:  # pragma: no cover - celery is a dependency
        return None
    task = current_task
    if task is None or not getattr(task, "request", None) or task.request.id is None:
        return None
    return task


class ContextFilter(logging.Filter):
    """Puts the ids on the record (record.article_id...) and a text form in record.context."""

    def filter(self, record):
        ids = dict(_context.get() or {})
        task = _current_task()
        if task is not None:
            ids.setdefault("task_id", task.request.id)
            ids.setdefault("task_name", task.name)
        for name in FIELDS:
            if not hasattr(record, name) and name in ids:
                setattr(record, name, ids[name])
        found = {name: getattr(record, name) for name in FIELDS if getattr(record, name, None) is not None}
        record.context = "".join(f" {k}={v}" for k, v in found.items())
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
