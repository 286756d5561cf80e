"""The public side: published reports (no login) and the archived copies they cite."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ..claimreview.ours import claim_review
from ..models import Article
from ..selectors.published import article_published_verdicts, rating_bounds, snapshot_if_cited


def public_url(request, path: str) -> str:
    base = settings.FACTCHECK_PUBLIC_BASE_URL
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


@require_GET
def report(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    verdicts = article_published_verdicts(article)
    if not verdicts:
        raise Http404("Nothing published for this article yet.")
    best, worst = rating_bounds()
    page_url = public_url(request, reverse("claims:report", args=[article.pk]))
    items = []
    for verdict in verdicts:
        claim = verdict.claim
        items.append(
            {
                "claim": claim,
                "verdict": verdict,
                "anchor": f"claim-{claim.pk}",
                "superseded": getattr(claim, "superseded", []),
                "jsonld": claim_review(
                    claim=claim,
                    verdict=verdict,
                    article=article,
                    url=f"{page_url}#claim-{claim.pk}",
                    best=best,
                    worst=worst,
                ),
            }
        )
    credits = set(settings.FACTCHECK_CREDITS)
    return render(
        request,
        "claims/report.html",
        {
            "article": article,
            "items": items,
            "show_reviewer": "reviewer" in credits,
            "show_editor": "editor" in credits,
            "org_name": settings.FACTCHECK_ORG_NAME,
            "updated_at": max(v.published_at for v in verdicts if v.published_at),
        },
    )


@require_GET
def archived_copy(request, pk: int):
    """The archived text of a source, public only when a published verdict cites it."""
    snapshot = snapshot_if_cited(pk)
    if snapshot is None:
        raise Http404
    # A fetch that kept nothing is no archived copy: the page says what happened instead of
    # showing "HTTP —" and an empty SHA-256.
    status = 200 if snapshot.archive.has_copy else 404
    return render(request, "claims/archived_copy.html", {"snapshot": snapshot}, status=status)
