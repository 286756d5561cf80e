"""Thin Celery tasks: take ids, call a service, decide about retries."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=60, max_retries=5)
def process_article(article_id: int) -> None:
    services.article_process(article_id)


@shared_task
def requeue_stale_articles() -> int:
    return len(services.article_requeue_stale())
