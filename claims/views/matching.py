"""What reviewers and editors do with the matcher's proposals on a claim's page: mark one
as the same claim or not, link the claim to the earlier claim it repeats, unlink it."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.matching import MarkForm
from ..selectors.claim_page import claim_for_page
from ..services import matching
from ..services.access import WorkflowError
from .access import get_claim, newsroom_required, require_editor, require_reviewer


def _back(claim):
    return redirect(reverse("claims:claim", args=[claim.pk]) + "#matches")


@newsroom_required
@require_POST
def match_mark(request, pk):
    claim = get_claim(request, pk)
    require_reviewer(request)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(claim)
    data = form.cleaned_data
    try:
        matching.match_mark(
            claim=claim, by=request.user, same=data["same"], factcheck_id=data["factcheck"], earlier_id=data["earlier"]
        )
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Marked as the same claim.") if data["same"] else _("Marked as not the same."))
    return _back(claim)


@newsroom_required
@require_POST
def claim_link(request, pk, earlier):
    claim = get_claim(request, pk)
    require_editor(request)
    other = claim_for_page(earlier)
    if other is None:
        messages.error(request, _("That claim no longer exists."))
        return _back(claim)
    try:
        linked = matching.claims_link(claim=claim, earlier=other, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Linked: this claim now shares the verdict of claim #%(id)d.") % {"id": linked.same_as_id}
        )
    return _back(claim)


@newsroom_required
@require_POST
def claim_unlink(request, pk):
    claim = get_claim(request, pk)
    require_editor(request)
    matching.claims_unlink(claim=claim, by=request.user)
    messages.success(request, _("Unlinked: the claim is back in the queue for a verdict of its own."))
    return _back(claim)


__all__ = ["claim_link", "claim_unlink", "match_mark"]
