"""The Celery app. Configuration lives in settings.py under the CELERY_ prefix."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_ready.connect
def _start_heartbeat(sender=None, **kwargs):
    # Imported here: it reads Django settings, which are not ready when this module loads.
    from .heartbeat import start

    start(sender, **kwargs)


@signals.worker_shutdown.connect
def _stop_heartbeat(sender=None, **kwargs):
    from .heartbeat import stop

    stop(sender, **kwargs)


@signals.worker_init.connect
def _preload_encoder(sender=None, **kwargs):
    """A worker that runs the matching step loads the sentence encoder before it forks its
    pool: the first claim does not wait seconds for it, and the pool's processes share its
    read-only weights instead of loading a copy each."""
    from django.conf import settings

    if not getattr(settings, "FACTCHECK_PRELOAD_ENCODER", False):
        return
    consumed = set(sender.app.amqp.queues.consume_from or ()) if sender is not None else set()
    if consumed and settings.FACTCHECK_QUEUES["verification"] not in consumed:
        return  # an extraction or archiving pool never matches
    from claims.matching.runtime import embedder

    embedder()
