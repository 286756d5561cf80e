"""Exports (CSV, JSON) for the newsroom, and the public ClaimReview feed. All stream."""

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..exports import FORMATS, claimreview_feed, claims_download, json_stream
from ..forms.queue import QueueFilterForm
from ..models import Article
from ..selectors.queue import cached_reviewers, queue_queryset
from .access import newsroom_required
from .public import public_url


def _stream(queryset, fmt: str, filename: str) -> StreamingHttpResponse:
    if fmt not in FORMATS:
        raise PermissionDenied
    return claims_download(queryset, fmt, filename)


@require_GET
@newsroom_required
def article_export(request, pk: int, fmt: str):
    article = get_object_or_404(Article.objects.only("id"), pk=pk)
    return _stream(article.claims.all(), fmt, f"article-{article.pk}-claims")


@require_GET
@newsroom_required
def queue_export(request, fmt: str):
    """Everything matching the queue's filters (all pages), as the queue would list it."""
    form = QueueFilterForm(request.GET or None, reviewers=cached_reviewers())  # what the page lists
    queryset = queue_queryset(request.user, form.params())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _stream(queryset, fmt, f"claims-{stamp}")


@require_GET
def claimreview_feed_view(request):
    """Every published verdict as schema.org ClaimReview: a JSON list other fact-checkers
    (and our own import_claimreview) read."""

    def url_for(claim):
        return public_url(request, reverse("claims:report", args=[claim.article_id])) + f"#claim-{claim.pk}"

    response = StreamingHttpResponse(json_stream(claimreview_feed(url_for)), content_type="application/ld+json")
    response["Access-Control-Allow-Origin"] = "*"  # public data, meant to be read by others
    # The same bytes for every visitor: each review in its own language (no Vary on theirs).
    response.language_independent = True
    return response
