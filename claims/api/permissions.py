"""Who may call the API at all. The same role checks as the pages (claims.services.review),
nothing more: what a person may do to one claim or verdict is decided by the services,
whose PermissionDenied becomes a 403 (claims/api/errors.py)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..services import review


class NewsroomMember(BasePermission):
    """Logged in (token or session) and part of the newsroom: may view claims. Anonymous
    requests get 401 (DRF asks for a token), users without a newsroom role 403, on every
    endpoint, as `newsroom_required` does for the pages."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and review.can_view(user))


class CanSubmitArticles(NewsroomMember):
    """Reading articles is for the newsroom; submitting one needs claims.add_article, the
    permission the submit page checks (article_submit itself takes anyone's text: the
    CLI and the seeds call it without a user)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in SAFE_METHODS or view.action != "create" or request.user.has_perm("claims.add_article")
