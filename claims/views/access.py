"""Who may see and do what, checked on every view (the services check again)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Article, Claim
from ..services import review


def newsroom_required(view):
    """Logged in and part of the newsroom (may view claims); else login page or 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not review.can_view(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_claim(request, pk: int, *, for_edit: bool = False) -> Claim:
    # The article's body and cleaned text can be megabytes; claim pages use other claims
    # for context, not the text.
    claim = get_object_or_404(
        Claim.objects.select_related("article", "assignee").defer("article__body", "article__cleaned_text"), pk=pk
    )
    if for_edit and not review.may_edit(claim, request.user):
        raise PermissionDenied
    return claim


def get_article(request, pk: int) -> Article:
    return get_object_or_404(Article, pk=pk)


def require_reviewer(request) -> None:
    if not review.can_review(request.user):
        raise PermissionDenied


def require_editor(request) -> None:
    if not review.can_approve(request.user):
        raise PermissionDenied
