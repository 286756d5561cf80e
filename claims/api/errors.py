"""The services' exceptions as HTTP answers, and their documentation in the schema.

    WorkflowError, InputError     -> 400 {"detail": message}
    PermissionDenied              -> 403 (DRF's own mapping)
    a missing object              -> 404
    a body past Django's limit    -> 413
    ConflictError                 -> 409 {"detail", "current": the object as saved now, "changes"}

The views never check a rule themselves; they call a service and let this translate
(claims/api/views/base.py).
"""

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.response import Response

from ..extraction.errors import InputError
from ..services.review import ConflictError, WorkflowError
from .serializers import (
    BadRequestSerializer,
    ClaimConflictSerializer,
    ErrorSerializer,
    HistoryEntrySerializer,
    VerdictConflictSerializer,
)

_DESCRIPTIONS = {
    400: 'Invalid input (field -> messages), or a move the workflow refuses ({"detail"}).',
    401: "No credentials: send `Authorization: Token <key>` or log in.",
    403: "Not part of the newsroom, or not allowed to do this to this object.",
    404: "No such object (or no such page of results).",
    413: "The request body is larger than the server accepts (DATA_UPLOAD_MAX_MEMORY_SIZE).",
}


def error_responses(*codes: int, conflict=None) -> dict:
    """The error answers an operation documents, for extend_schema(responses=...)."""
    responses = {}
    for code in (401, 403, *codes):
        serializer = BadRequestSerializer if code == 400 else ErrorSerializer
        responses[code] = OpenApiResponse(serializer, description=_DESCRIPTIONS[code])
    if conflict is not None:
        responses[409] = OpenApiResponse(
            {"claim": ClaimConflictSerializer, "verdict": VerdictConflictSerializer}[conflict],
            description="Someone changed this after the version you sent: here is the current state; send its "
            "version to save again knowingly.",
        )
    return responses


def service_error_response(exc, current=None) -> Response | None:
    """The answer to a service's exception, or None for the others (DRF handles those:
    PermissionDenied, Http404, validation). `current()` serializes a conflict's object."""
    if isinstance(exc, ConflictError):
        changes = list(exc.changes or [])
        prefetch_related_objects(changes, "actor")
        return Response(
            {"detail": str(exc), "current": current(exc), "changes": HistoryEntrySerializer(changes, many=True).data},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, (WorkflowError, InputError)):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return None
