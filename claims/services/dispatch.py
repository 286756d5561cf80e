"""Telling the workers to look: tasks sent by name.

The services record what is pending in the database and then send a task that names it
(ids only). They name tasks rather than import them: claims/tasks.py imports the services,
so an import the other way would close a cycle. The app registers the tasks when Django
starts (ClaimsConfig.ready), so every process can send them; with no broker configured,
Celery runs them in-process (task_always_eager) as it would run an imported task.
"""

from celery import current_app
from django.conf import settings

TASKS = "claims.tasks"


def send_task(name: str, *args, countdown: float | None = None, queue: str | None = None) -> None:
    """`queue`: one of settings.FACTCHECK_QUEUES' jobs ("archiving"...), else the task's route."""
    task = current_app.tasks[f"{TASKS}.{name}"]
    options = {"countdown": countdown} if countdown else {}
    if queue:
        options["queue"] = settings.FACTCHECK_QUEUES[queue]
    task.apply_async(args, **options)
