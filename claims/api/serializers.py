"""What the API answers: articles, claims, verdicts with their sources, ratings, history.

Read-only shapes. Request bodies are in claims/api/inputs.py; every rule about them is in
the services. Each serializer reads only what its view's queryset loaded (select_related,
prefetch, annotations), so a list never costs a query per row.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Article, Claim, HistoryEntry, Rating, Verdict, VerdictSource
from ..services.review import may_edit


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()


class RatingSerializer(serializers.ModelSerializer):
    """A value of the newsroom's scale; `key` is what verdicts are saved with."""

    label = serializers.CharField(read_only=True, help_text="The label in the request's language (Accept-Language).")

    class Meta:
        model = Rating
        fields = ["key", "label", "label_en", "label_it", "value", "position", "unverifiable", "active"]
        read_only_fields = fields


class RatingRefSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Rating
        fields = ["key", "label", "value", "unverifiable"]
        read_only_fields = fields


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


# --- Claims ---------------------------------------------------------------------------------


class ClaimListSerializer(serializers.ModelSerializer):
    """A queue row: only the columns selectors.queue_queryset loads (anything else would be
    a deferred field, loaded with one query per row)."""

    article = ArticleRefSerializer(read_only=True)
    type = serializers.ChoiceField(source="claim_type", choices=Claim.Type.choices, read_only=True)
    assignee = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "text",
            "score",
            "checkworthy",
            "type",
            "status",
            "verification_state",
            "language",
            "assignee",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class ArticleClaimSerializer(serializers.ModelSerializer):
    """A claim as the article lists it: where it is in the cleaned text."""

    type = serializers.ChoiceField(source="claim_type", choices=Claim.Type.choices, read_only=True)
    assignee = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "position",
            "text",
            "start",
            "end",
            "score",
            "checkworthy",
            "type",
            "status",
            "verification_state",
            "assignee",
        ]
        read_only_fields = fields


class VerdictSummarySerializer(serializers.ModelSerializer):
    rating = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    author = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Verdict
        fields = ["id", "number", "state", "rating", "confidence", "author", "version", "submitted_at"]
        read_only_fields = fields


class ClaimCountsSerializer(serializers.Serializer):
    matches = serializers.IntegerField(
        source="n_matches", read_only=True, help_text="Earlier fact-checks found for the claim."
    )
    evidence = serializers.IntegerField(
        source="n_evidence", read_only=True, help_text="Passages of the reference library found for the claim."
    )
    sources = serializers.IntegerField(
        source="n_sources",
        read_only=True,
        help_text="URLs attached to the claim (cited in the article or by reviewers).",
    )


@extend_schema_field(OpenApiTypes.OBJECT)
class JSONObjectField(serializers.JSONField):
    """A JSON column holding an object (DRF's JSONField would be documented as any value)."""


class ClaimDetailSerializer(ClaimListSerializer):
    """One claim: where it is, what extraction found, where the review stands."""

    signals = JSONObjectField(
        read_only=True, help_text="numbers, entities, attribution, hedges, quotes: lists as extraction found them."
    )
    # Blank unless discarded: declared so the schema's enum admits "".
    discard_reason = serializers.ChoiceField(choices=Claim.DiscardReason.choices, allow_blank=True, read_only=True)
    verdict = serializers.SerializerMethodField()
    counts = ClaimCountsSerializer(source="*", read_only=True)
    editable = serializers.SerializerMethodField()

    class Meta(ClaimListSerializer.Meta):
        fields = [
            "id",
            "article",
            "position",
            "text",
            "start",
            "end",
            "language",
            "score",
            "checkworthy",
            "type",
            "signals",
            "status",
            "verification_state",
            "origin",
            "assignee",
            "discard_reason",
            "discard_note",
            "version",
            "verdict",
            "counts",
            "editable",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictSummarySerializer(allow_null=True))
    def get_verdict(self, claim):
        """The current verdict (highest number, as services.verdicts.current_verdict), from
        queries.claim_detail_queryset's prefetch, newest first."""
        return VerdictSummarySerializer(claim.verdict_list[0]).data if claim.verdict_list else None

    def get_editable(self, claim) -> bool:
        """Whether the requesting user may fix this claim and draft its verdict now."""
        request = self.context.get("request")
        return bool(request and may_edit(claim, request.user))


# --- Articles -------------------------------------------------------------------------------


class ArticleCountsSerializer(serializers.Serializer):
    claims = serializers.IntegerField(source="n_claims", read_only=True)
    checkworthy = serializers.IntegerField(source="n_checkworthy", read_only=True)
    verified = serializers.IntegerField(source="n_verified", read_only=True)


class ArticleListSerializer(serializers.ModelSerializer):
    submitted_by = PersonSerializer(read_only=True, allow_null=True)
    counts = ArticleCountsSerializer(source="*", read_only=True)
    # Stored URLs are shown as stored: a plain string, not a format the schema would promise.
    source_url = serializers.CharField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "state",
            "error",
            "language",
            "language_note",
            "content_type",
            "source_url",
            "origin",
            "submitted_by",
            "counts",
            "created_at",
            "processed_at",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleListSerializer):
    cleaned_text = serializers.CharField(read_only=True, help_text="The text the claims' start and end offsets index.")
    claims = ArticleClaimSerializer(many=True, read_only=True, source="claim_list")

    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "cleaned_text", "claims"]
        read_only_fields = fields


# --- Verdicts -------------------------------------------------------------------------------


class SnapshotStatusSerializer(serializers.Serializer):
    """The latest fetch of a source by the archiving worker."""

    id = serializers.IntegerField(source="snap_id", read_only=True)
    fetched_at = serializers.DateTimeField(source="snap_fetched_at", read_only=True)
    status_code = serializers.IntegerField(source="snap_status_code", read_only=True, allow_null=True)
    final_url = serializers.CharField(source="snap_final_url", read_only=True)
    error = serializers.CharField(source="snap_error", read_only=True)


class ArchiveSerializer(serializers.Serializer):
    last_status = serializers.IntegerField(source="source.last_status", read_only=True, allow_null=True)
    dead = serializers.BooleanField(source="source.is_dead", read_only=True)
    last_checked_at = serializers.DateTimeField(source="source.last_checked_at", read_only=True, allow_null=True)
    snapshot = serializers.SerializerMethodField()

    @extend_schema_field(SnapshotStatusSerializer(allow_null=True))
    def get_snapshot(self, cited):
        return SnapshotStatusSerializer(cited).data if getattr(cited, "snap_id", None) else None


class CitedSourceSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="source.url", read_only=True)
    archive = ArchiveSerializer(source="*", read_only=True)

    class Meta:
        model = VerdictSource
        fields = ["url", "title", "quote", "stance", "position", "archive"]
        read_only_fields = fields


class VerdictSerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="claim_id", read_only=True)
    rating = RatingRefSerializer(read_only=True, allow_null=True)
    author = PersonSerializer(read_only=True, allow_null=True)
    reviewed_by = PersonSerializer(read_only=True, allow_null=True)
    sources = CitedSourceSerializer(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "number",
            "state",
            "rating",
            "confidence",
            "explanation",
            "as_of",
            "author",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "published_at",
            "version",
            "created_at",
            "updated_at",
            "sources",
        ]
        read_only_fields = fields


class PublishResultSerializer(serializers.Serializer):
    published = serializers.IntegerField(read_only=True, help_text="Verdicts published by this call.")


class AssignResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField(
        read_only=True,
        help_text="1 when the assignment changed, 0 when it was already so, the claim awaits "
        "approval, or it belongs to a colleague (reviewers do not take those).",
    )
    claim = ClaimDetailSerializer(read_only=True)


class SplitResultSerializer(serializers.Serializer):
    claim = ClaimDetailSerializer(read_only=True, help_text="The first half (the claim split).")
    new_claim = ClaimDetailSerializer(read_only=True, help_text="The second half, a new claim.")


# --- History and errors ---------------------------------------------------------------------


class HistoryEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    changes = JSONObjectField(read_only=True, help_text='{"field": [before, after], ...}')

    class Meta:
        model = HistoryEntry
        fields = ["id", "action", "subject", "subject_id", "actor", "changes", "note", "created_at"]
        read_only_fields = fields


class ErrorSerializer(serializers.Serializer):
    """401, 403, 404, and the services' refusals (400): one message for a person."""

    detail = serializers.CharField(read_only=True)


class BadRequestSerializer(serializers.Serializer):
    """A refusal by the services ({"detail"}), or invalid input: DRF's field -> messages map
    (nested like the request body; `non_field_errors` for the body as a whole)."""

    # Not read-only: a read-only field is always present, and validation errors have no detail.
    detail = serializers.CharField(required=False)


class ClaimConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)
    current = ClaimDetailSerializer(read_only=True, help_text="The claim as saved now: its version to send again.")
    changes = HistoryEntrySerializer(many=True, read_only=True, help_text="What people changed meanwhile.")


class VerdictConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)
    current = VerdictSerializer(
        read_only=True, allow_null=True, help_text="The verdict as saved now (null: the claim has none)."
    )
    changes = HistoryEntrySerializer(many=True, read_only=True, help_text="What people changed meanwhile.")
