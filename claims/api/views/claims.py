"""Claims: the queue as a list (the queue page's own form and selector, so the same
parameters give the same claims), one claim, and the reviewers' fixes: edit, assign,
discard, restore, split, merge. Each fix is one service call (claims.services.review);
who may do it and whether the version is current is the service's decision."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from ...forms.queue import QueueFilterForm
from ...models import Claim
from ...selectors.claim_page import claim_detail_queryset
from ...selectors.queue import queue_count_key, queue_queryset
from ...services import review
from ..errors import error_responses
from ..inputs import (
    AssignSerializer,
    ClaimEditSerializer,
    DiscardSerializer,
    MergeSerializer,
    SplitSerializer,
    VersionSerializer,
)
from ..pagination import QueuePagination
from ..serializers import AssignResultSerializer, ClaimDetailSerializer, ClaimListSerializer, SplitResultSerializer
from .base import ClaimActionMixin

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The claim's id.")
QUEUE_PARAMETERS = [
    OpenApiParameter(
        "status",
        {"type": "array", "items": {"type": "string", "enum": Claim.Status.values}},
        explode=True,
        style="form",
        description="Repeat for several statuses.",
    ),
    OpenApiParameter(
        "assigned",
        {"type": "string", "pattern": "^(me|unassigned|[0-9]+)$"},
        description="`me`, `unassigned`, or a user id.",
    ),
    OpenApiParameter("article", {"type": "integer", "minimum": 1}, description="Only this article's claims."),
    OpenApiParameter("language", str, enum=["it", "en", "other"]),
    OpenApiParameter("claim_type", str, enum=Claim.Type.values),
    OpenApiParameter("min_score", {"type": "number", "minimum": 0, "maximum": 1}),
    OpenApiParameter("max_score", {"type": "number", "minimum": 0, "maximum": 1}),
    OpenApiParameter(
        "verification", str, enum=Claim.Verification.values, description="State of the automated verification."
    ),
    OpenApiParameter("include_all", bool, description="Include claims that are not check-worthy."),
    OpenApiParameter("sort", str, enum=["score", "newest", "oldest"], description="Default: score, best first."),
]


def _action_schema(summary, request, response=ClaimDetailSerializer, description=""):
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[ID],
        request=request,
        responses={200: response, **error_responses(400, 404, 413, conflict="claim")},
    )


@extend_schema_view(
    list=extend_schema(
        summary="Claims, filtered like the queue page",
        description="The queue's filters and sort, with the same meaning; by default check-worthy claims, best "
        "score first. An invalid filter is a 400 (the page ignores it instead).",
        parameters=QUEUE_PARAMETERS,
        responses={200: ClaimListSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A claim", parameters=[ID], responses={200: ClaimDetailSerializer, **error_responses(404)}
    ),
)
class ClaimViewSet(ClaimActionMixin, GenericViewSet):
    pagination_class = QueuePagination
    serializer_class = ClaimDetailSerializer

    def get_queryset(self):
        return claim_detail_queryset()

    def list(self, request):
        # The API lists every status unless asked (show=open|finished|all, or status=...).
        form = QueueFilterForm(request.query_params or None, reviewers=(), default_show="all")
        if form.is_bound and not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        params = form.params()
        self.count_key = queue_count_key(request.user, params)
        page = self.paginate_queryset(queue_queryset(request.user, params))
        return self.get_paginated_response(ClaimListSerializer(page, many=True).data)

    def retrieve(self, request, **kwargs):
        return Response(self._detail())

    # --- helpers ---------------------------------------------------------------------------

    def _detail(self, pk=None) -> dict:
        claim = get_object_or_404(self.get_queryset(), pk=pk or self.kwargs["id"])
        return ClaimDetailSerializer(claim, context=self.get_serializer_context()).data

    def conflict_current(self, exc):
        # The conflicting claim (this one, or the other claim of a merge) as saved now.
        current = claim_detail_queryset().filter(pk=exc.current.pk).first()
        current = current or get_object_or_404(claim_detail_queryset(), pk=self.kwargs["id"])
        return ClaimDetailSerializer(current, context=self.get_serializer_context()).data

    # --- fixes -----------------------------------------------------------------------------

    @_action_schema(
        "Edit a claim's text or check-worthiness",
        ClaimEditSerializer,
        description="Reviewers edit unassigned claims and their own, editors any; not while a verdict "
        "awaits approval or is approved. New text is scored again and researched again.",
    )
    def partial_update(self, request, **kwargs):
        claim, data = self._claim_and_body(ClaimEditSerializer)
        review.claim_edit(
            claim=claim,
            by=request.user,
            version=data["version"],
            text=data.get("text"),
            checkworthy_flag=data.get("checkworthy"),
        )
        return Response(self._detail())

    @extend_schema(
        summary="Assign a claim",
        parameters=[ID],
        request=AssignSerializer,
        description='Reviewers may take a free claim (`"me"`); assigning to others or unassigning '
        "needs the assign permission (editors).",
        responses={200: AssignResultSerializer, **error_responses(400, 404, 413)},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, **kwargs):
        claim, data = self._claim_and_body(AssignSerializer)
        assignee = review.resolve_assignee(by=request.user, choice=data["assignee"])
        changed = review.claim_assign(claim_ids=[claim.pk], assignee=assignee, by=request.user)
        return Response({"changed": changed, "claim": self._detail()})

    @_action_schema("Discard a claim", DiscardSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request, **kwargs):
        claim, data = self._claim_and_body(DiscardSerializer)
        review.claim_discard(
            claim=claim, reason=data["reason"], note=data["note"], by=request.user, version=data["version"]
        )
        return Response(self._detail())

    @_action_schema("Restore a discarded claim", VersionSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, **kwargs):
        claim, data = self._claim_and_body(VersionSerializer)
        review.claim_restore(claim=claim, by=request.user, version=data["version"])
        return Response(self._detail())

    @_action_schema(
        "Split a claim in two",
        SplitSerializer,
        response=SplitResultSerializer,
        description="At a character offset of the claim's text; the second half becomes a new claim.",
    )
    @action(detail=True, methods=["post"])
    def split(self, request, **kwargs):
        claim, data = self._claim_and_body(SplitSerializer)
        first, second = review.claim_split(claim=claim, at=data["at"], by=request.user, version=data["version"])
        return Response({"claim": self._detail(first.pk), "new_claim": self._detail(second.pk)})

    @_action_schema(
        "Merge a claim with the next one",
        MergeSerializer,
        description="`other` must be the claim right after this one in the article; it is removed.",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, **kwargs):
        claim, data = self._claim_and_body(MergeSerializer)
        review.claim_merge(
            claim=claim,
            other_id=data["other"],
            by=request.user,
            version=data["version"],
            other_version=data.get("other_version"),
        )
        return Response(self._detail())
