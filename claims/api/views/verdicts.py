"""A claim's verdict: read it with its sources, save the draft, submit, approve or send back,
start a correction of a published one; and the rating scale. The rules (four eyes, a source
unless Unverifiable, who may edit, versions) are claims.services.verdicts' and
claims.services.publishing's."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from ...models import Claim, Rating
from ...services import verdicts
from ...services.publishing import verdict_correct
from ...services.verdicts import SourceInput
from ..errors import error_responses
from ..inputs import ApproveSerializer, SendBackSerializer, VerdictInputSerializer, VerdictVersionSerializer
from ..queries import verdict_with_sources
from ..serializers import RatingSerializer, VerdictSerializer
from .base import ClaimActionMixin, ServiceAPIMixin

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The claim's id.")


def _schema(summary, request=None, description="", codes=(200,)):
    errors = (400, 404, 413) if request is not None else (400, 404)  # 413: a body past Django's limit
    responses = {**{code: VerdictSerializer for code in codes}, **error_responses(*errors, conflict="verdict")}
    return extend_schema(
        summary=summary, description=description, parameters=[ID], request=request, responses=responses
    )


class ClaimVerdictViewSet(ClaimActionMixin, GenericViewSet):
    """Under /api/claims/{id}/: the verdict endpoints, beside ClaimViewSet's."""

    queryset = Claim.objects.none()  # the schema's path parameter type; lookups are below
    serializer_class = VerdictSerializer

    def _current(self, claim):
        verdict = verdicts.current_verdict(claim)
        if verdict is None:
            raise NotFound("This claim has no verdict yet.")
        return verdict

    def _answer(self, verdict, code=status.HTTP_200_OK) -> Response:
        return Response(VerdictSerializer(verdict_with_sources(verdict.pk)).data, status=code)

    def conflict_current(self, exc):
        # Whatever the service compared against, the client needs the claim's current verdict.
        verdict = verdicts.current_verdict(self._claim())
        return VerdictSerializer(verdict_with_sources(verdict.pk)).data if verdict else None

    @extend_schema(
        summary="The claim's current verdict, with its sources",
        parameters=[ID],
        responses={200: VerdictSerializer, **error_responses(404)},
    )
    @action(detail=True, methods=["get"], url_path="verdict")
    def verdict(self, request, **kwargs):
        return self._answer(self._current(self._claim()))

    @_schema(
        "Save the verdict as a draft",
        VerdictInputSerializer,
        codes=(200, 201),
        description="Creates the claim's first verdict (`version`: null; answered with 201) or updates the "
        "draft (`version`: the verdict's). Sources are the verdict's complete list; each new URL "
        "is archived by a worker. The claim is taken by the author if nobody had it.",
    )
    @verdict.mapping.put
    def verdict_save(self, request, **kwargs):
        claim, data = self._claim_and_body(VerdictInputSerializer)
        sources = [SourceInput(s["url"], s["title"], s["quote"], s["stance"]) for s in data["sources"]]
        verdict = verdicts.verdict_save(
            claim=claim,
            by=request.user,
            version=data["version"],
            rating=data["rating"],
            confidence=data["confidence"],
            explanation=data["explanation"],
            as_of=data["as_of"],
            sources=sources,
        )
        return self._answer(verdict, status.HTTP_201_CREATED if data["version"] is None else status.HTTP_200_OK)

    @_schema(
        "Submit the verdict for approval",
        VerdictVersionSerializer,
        description="Needs a rating, a confidence, an explanation and a source (unless Unverifiable).",
    )
    @action(detail=True, methods=["post"], url_path="verdict/submit")
    def submit(self, request, **kwargs):
        claim, data = self._claim_and_body(VerdictVersionSerializer)
        verdict = self._current(claim)
        return self._answer(verdicts.verdict_submit(verdict=verdict, by=request.user, version=data["version"]))

    @_schema("Approve the submitted verdict", ApproveSerializer, description="Editors; never the verdict's author.")
    @action(detail=True, methods=["post"], url_path="verdict/approve")
    def approve(self, request, **kwargs):
        claim, data = self._claim_and_body(ApproveSerializer)
        verdict = self._current(claim)
        return self._answer(
            verdicts.verdict_approve(verdict=verdict, by=request.user, version=data["version"], comment=data["comment"])
        )

    @_schema(
        "Send the submitted verdict back to its reviewer",
        SendBackSerializer,
        description="Editors; never the verdict's author. The comment says what needs to change.",
    )
    @action(detail=True, methods=["post"], url_path="verdict/send-back")
    def send_back(self, request, **kwargs):
        claim, data = self._claim_and_body(SendBackSerializer)
        verdict = self._current(claim)
        return self._answer(
            verdicts.verdict_send_back(
                verdict=verdict, by=request.user, version=data["version"], comment=data["comment"]
            )
        )

    @_schema(
        "Start a correction of the published verdict",
        codes=(201,),
        description="A new draft version with the published rating, explanation and sources; the public "
        "report keeps the published one until the correction is approved and published.",
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, **kwargs):
        return self._answer(verdict_correct(claim=self._claim(), by=request.user), status.HTTP_201_CREATED)


@extend_schema(
    summary="The rating scale",
    description="In order; `key` is what verdicts are saved with. Retired ratings are listed with `active: false`.",
    responses={200: RatingSerializer(many=True), **error_responses()},
)
class RatingList(ServiceAPIMixin, generics.ListAPIView):
    serializer_class = RatingSerializer
    queryset = Rating.objects.order_by("position", "id")
    pagination_class = None  # a handful of values: clients want the whole scale at once
