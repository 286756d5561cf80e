"""Whole pages kept while the data they are built from is unchanged (checked on every request).

Reviewers reload the queue and article pages all day, and most reloads show exactly what
the last one showed. Every request asks the database one cheap question, data_version():
the newest updated_at of any claim and of any article (both indexed) and how many
articles there are. While the answer is the same, the page the same person, URL,
language and CSRF cookie got last time is sent again instead of being rendered. Nothing
is served stale: every write to a claim or an article moves updated_at (TouchingQuerySet
covers bulk updates), deleting a claim touches its article, deleting an article changes
the count. Busy times (workers writing) just mean fewer reuses.

Not cached: pages with messages to show (they are shown once), requests without a CSRF
cookie yet (the page would carry a token for a cookie the browser does not have).
"""

import hashlib
import json
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from ..selectors.my_work import header_work

PAGE_TTL = 600


def data_version(article_id: int | None = None) -> tuple:
    """One round trip: the newest change to any claim and article, the number of articles,
    and (for an article page) whether that article exists."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT MAX(updated_at) FROM claims_claim), (SELECT MAX(updated_at) FROM claims_article), "
            "(SELECT COUNT(*) FROM claims_article), EXISTS(SELECT 1 FROM claims_article WHERE id = %s)",
            [article_id or 0],
        )
        return tuple(cursor.fetchone())


def cached_page(request, fingerprint, render: Callable[[], HttpResponse]) -> HttpResponse:
    secret = request.META.get("CSRF_COOKIE", "")
    if request.method != "GET" or not secret or len(get_messages(request)):
        return render()
    # The header's My work counter and saved views are part of the page (from the cache).
    work = header_work(request.user)
    fingerprint = [fingerprint, work.counts, work.views]
    key = (
        "page:"
        + hashlib.sha256(
            json.dumps(
                [
                    request.get_full_path(),
                    request.user.pk,
                    sorted(request.user.get_all_permissions()),
                    get_language(),
                    secret,
                    fingerprint,
                ],
                default=str,
            ).encode()
        ).hexdigest()
    )
    content = cache.get(key)
    if content is not None:
        get_token(request)  # as {% csrf_token %} would: the cookie is kept up to date
        return HttpResponse(content, content_type="text/html; charset=utf-8")
    response = render()
    if response.status_code == 200 and not response.streaming:
        cache.set(key, response.content, PAGE_TTL)
    return response
