"""Who may see and do what, checked on every view (the services check again)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Article, Claim
from ..selectors.articles import article_for_change
from ..selectors.claim_page import claim_for_page
from ..services import review


def newsroom_required(view):
    """Logged in and part of the newsroom (may view claims); else login page or 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not review.can_view(request.user):
            raise PermissionDenied(
                _("Your account has no newsroom role yet: an administrator can make you a reviewer or an editor.")
            )
        return view(request, *args, **kwargs)

    return wrapper


def get_claim(request, pk: int, *, for_edit: bool = False) -> Claim:
    claim = claim_for_page(pk)
    if claim is None:
        raise Http404("No such claim.")
    if for_edit and not review.may_edit(claim, request.user):
        raise PermissionDenied(
            _("This claim is a colleague's, or its verdict awaits approval: you cannot change it now.")
        )
    return claim


def get_article(request, pk: int) -> Article:
    article = article_for_change(pk)
    if article is None:
        raise Http404("No such article.")
    return article


def require_reviewer(request) -> None:
    if not review.can_review(request.user):
        raise PermissionDenied(_("Reviewing claims is for reviewers and editors; your account can only read."))


def require_editor(request) -> None:
    if not review.can_approve(request.user):
        raise PermissionDenied(
            _("This page is for editors: approving verdicts, publishing and the dashboard are their work.")
        )
