"""Publishing an article's approved verdicts, and starting a correction (POST only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..models import Article
from ..services import publishing
from ..services.access import can_publish
from ..services.review import WorkflowError
from .access import get_claim, newsroom_required


@require_POST
@newsroom_required
def article_publish(request, pk: int):
    article = get_object_or_404(Article.objects.only("id", "title"), pk=pk)
    if not can_publish(request.user):
        raise PermissionDenied(_("Publishing is for editors."))
    n = publishing.article_publish(article=article, by=request.user)
    if n:
        messages.success(request, ngettext("%(n)d verdict published.", "%(n)d verdicts published.", n) % {"n": n})
    else:
        messages.info(request, _("No approved verdict waits for publication."))
    return redirect("claims:article", pk=article.pk)


@require_POST
@newsroom_required
def verdict_correct(request, pk: int):
    claim = get_claim(request, pk)
    try:
        publishing.verdict_correct(claim=claim, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Correction started: the published verdict stays online until the corrected "
                "one is approved and published."
            ),
        )
    return redirect(reverse("claims:claim", args=[claim.pk]) + "#verdict")
