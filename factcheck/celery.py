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
