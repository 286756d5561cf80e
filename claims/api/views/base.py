"""What every API view shares: JSON bodies, newsroom members only, the services' exceptions
translated (claims/api/errors.py), and for claim endpoints the claim handed to a service."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from rest_framework import status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from ...models import Claim
from ..errors import service_error_response
from ..parsers import SafeJSONParser
from ..permissions import NewsroomMember


class ServiceAPIMixin:
    # JSON only: the schema then documents one request format, and nothing arrives as a
    # form-encoded string where a number or a list is expected.
    parser_classes = [SafeJSONParser]
    permission_classes = [NewsroomMember]
    lookup_url_kwarg = "id"

    def conflict_current(self, exc):
        """The current state sent with a 409; each view knows its own kind of object."""
        raise NotImplementedError

    def handle_exception(self, exc):
        response = service_error_response(exc, self.conflict_current)
        if response is not None:
            return response
        if isinstance(exc, RequestDataTooBig):
            # DRF reads JSON through request.body, which Django caps; Django would answer an
            # HTML 400 and log a security warning for what is only a large article.
            limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            return Response(
                {"detail": f"The request body is too large; the limit is {limit}."},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        if isinstance(exc, ObjectDoesNotExist):
            # Removed between our read and the service's lock (merged away, say).
            exc = Http404()
        return super().handle_exception(exc)


class ClaimActionMixin(ServiceAPIMixin):
    """Views under /api/claims/{id}/ that hand the claim to a service."""

    def _claim(self) -> Claim:
        # The few columns the services' first permission check reads; they lock and re-read
        # the row themselves before changing it.
        return get_object_or_404(
            Claim.objects.only("id", "article_id", "status", "assignee_id", "version"), pk=self.kwargs["id"]
        )

    def _claim_and_body(self, serializer_class) -> tuple[Claim, dict]:
        """The claim first (a missing one is a 404 whatever the body), then the body (400)."""
        claim = self._claim()
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return claim, body.validated_data
