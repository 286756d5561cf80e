"""Thin Celery tasks: take ids, call a service, decide about retries."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from factcheck.logs import log_context

from .services import articles, match_index, verification

log = logging.getLogger(__name__)

# A database that is briefly unreachable is worth waiting for; the runs stay recorded
# as running and the retry (same task id) takes them over.
_DB_ERRORS = (OperationalError, InterfaceError)


@shared_task(autoretry_for=_DB_ERRORS, retry_backoff=True, retry_backoff_max=60, max_retries=5)
def process_article(article_id: int) -> None:
    with log_context(article_id=article_id):
        log.info("extracting the claims of article %s", article_id)
        article = articles.article_process(article_id)
        if article is not None:
            log.info("article %s is %s", article_id, article.state)


@shared_task(bind=True, autoretry_for=_DB_ERRORS, retry_backoff=True, retry_backoff_max=60, max_retries=5)
def execute_runs(self, run_ids: list[int]) -> int:
    with log_context(run_ids=run_ids):
        return verification.runs_execute(run_ids, self.request.id or "")


@shared_task
def requeue_stale_articles() -> int:
    return len(articles.article_requeue_stale())


@shared_task
def requeue_stale_runs() -> int:
    return len(verification.runs_requeue_stale())


@shared_task
def recheck_dead_sources() -> int:
    return len(verification.sources_recheck_dead())


@shared_task
def ping() -> str:
    """Does nothing: `celery -A factcheck call claims.tasks.ping` checks a worker consumes,
    and bench/verification_throughput.py measures the machinery's own cost with it."""
    return "pong"


@shared_task(autoretry_for=_DB_ERRORS, retry_backoff=True, retry_backoff_max=60, max_retries=5)
def fetch_article(article_id: int) -> None:
    """Fetch a URL-submitted article; a failed fetch is recorded on the article, not retried
    (the reviewer sees the reason and submits again)."""
    with log_context(article_id=article_id):
        articles.article_fetch(article_id)


@shared_task
def requeue_stale_fetches() -> int:
    return len(articles.article_requeue_stale_fetches())


@shared_task(autoretry_for=_DB_ERRORS, retry_backoff=True, retry_backoff_max=60, max_retries=5)
def index_factchecks(factcheck_ids: list[int]) -> int:
    """Embed fact-checks for matching (an approved verdict, say): the web never embeds."""
    return match_index.index_factchecks(factcheck_ids)


@shared_task(autoretry_for=_DB_ERRORS, retry_backoff=True, retry_backoff_max=60, max_retries=5)
def index_claims(claim_ids: list[int]) -> int:
    from .models import Claim

    return match_index.index_claims(Claim.objects.filter(pk__in=claim_ids))


@shared_task
def index_missing() -> int:
    """The sweep: fact-checks without an entry (an import interrupted, a message lost) are
    embedded, a bounded batch at a time."""
    return match_index.index_missing(limit=2000)
