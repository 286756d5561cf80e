"""Workflows across models. Views, tasks, admin, API and CLI all call these."""

from ..extraction.errors import InputError
from .articles import (
    article_claim_for_processing,
    article_process,
    article_reprocess,
    article_requeue_stale,
    article_submit,
    article_summary,
    clean_source_url,
)

__all__ = [
    "InputError",
    "article_claim_for_processing",
    "article_process",
    "article_reprocess",
    "article_requeue_stale",
    "article_submit",
    "article_summary",
    "clean_source_url",
]
