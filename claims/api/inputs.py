"""Request bodies: shape only (types, lengths, choices), as the pages' forms do. Whether the
move is allowed (who, which state, which version, which URL) is decided by the services.

Every number has bounds, so a huge value is a 400 here rather than an overflow in the
database; every string refuses NUL and lone surrogates (DRF's CharField does), which
PostgreSQL cannot store.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Article, Claim, Rating, VerdictSource
from ..services.review import MAX_CLAIM_CHARS

MAX_INT = 2**31 - 1  # versions and offsets are PostgreSQL integers
MAX_ID = 2**63 - 1  # claims' ids are bigints


def version_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_INT,
        help_text=kwargs.pop(
            "help_text", "The version your copy shows; an older one is refused with 409 and the current state."
        ),
        **kwargs,
    )


# --- Articles -------------------------------------------------------------------------------


class ArticleTextSerializer(serializers.Serializer):
    """An article given as its text."""

    # Untrimmed: the service decides what empty means, with the same message as the page.
    text = serializers.CharField(
        trim_whitespace=False,
        allow_blank=True,
        help_text="Plain text, Markdown or HTML; at most FACTCHECK_MAX_ARTICLE_BYTES.",
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    source_url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        default="",
        help_text="Where the text was published (http or https).",
    )
    content_type = serializers.ChoiceField(
        choices=Article.ContentType.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Guessed from the text when absent.",
    )


class ArticleUrlSerializer(serializers.Serializer):
    """An article given as the address of its page, which a worker fetches."""

    url = serializers.CharField(max_length=2000, help_text="An http(s) page.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


def article_create_serializer(data):
    """The body's serializer: by text or by URL, never both (the schema's oneOf)."""
    if not isinstance(data, dict) or ("text" in data) == ("url" in data):
        raise serializers.ValidationError({"non_field_errors": ["Give the article's text or its URL (one)."]})
    return (ArticleUrlSerializer if "url" in data else ArticleTextSerializer)(data=data)


class ArticleFilterSerializer(serializers.Serializer):
    """The articles list's query parameters."""

    state = serializers.ChoiceField(choices=Article.State.choices, required=False)
    language = serializers.CharField(required=False, max_length=12, help_text="it, en, ...")


# --- Claims ---------------------------------------------------------------------------------


class ClaimEditSerializer(serializers.Serializer):
    """The PATCH body: `text` and `checkworthy` are each optional, `version` never is."""

    version = version_field()
    # The service cleans the text (spaces) and applies the claim length rule; this bound only
    # keeps an absurd body from being re-scored.
    text = serializers.CharField(required=False, max_length=MAX_CLAIM_CHARS * 2)
    checkworthy = serializers.BooleanField(required=False)

    # DRF, and drf-spectacular's schema with it, make every field of a PATCH body optional
    # (partial=True). This body is partial by its own design, but without a version a save
    # would skip the conflict check: partial stays False whoever sets it.
    @property
    def partial(self):
        return False

    @partial.setter
    def partial(self, value):
        pass


@extend_schema_field(
    {
        "oneOf": [{"type": "integer", "minimum": 1, "maximum": MAX_INT}, {"type": "string", "enum": ["me"]}],
        "nullable": True,
        "description": 'A user id, "me", or null to unassign.',
    }
)
class AssigneeField(serializers.Field):
    def to_internal_value(self, data):
        if data == "me":
            return "me"
        if isinstance(data, bool) or not isinstance(data, int) or not 1 <= data <= MAX_INT:
            raise serializers.ValidationError('A user id, "me", or null.')
        return data

    def to_representation(self, value):
        return value


class AssignSerializer(serializers.Serializer):
    assignee = AssigneeField(allow_null=True)


class VersionSerializer(serializers.Serializer):
    version = version_field()


class DiscardSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Claim.DiscardReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    version = version_field()


class SplitSerializer(serializers.Serializer):
    at = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, help_text="Character offset in the claim's text where the second claim starts."
    )
    version = version_field()


class MergeSerializer(serializers.Serializer):
    other = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The claim right after this one.")
    version = version_field()
    other_version = version_field(required=False, help_text="The other claim's version, checked like `version`.")


# --- Verdicts -------------------------------------------------------------------------------


class SourceInputSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000, help_text="http(s) only; archived by a worker.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    quote = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    stance = serializers.ChoiceField(choices=VerdictSource.Stance.choices, default=VerdictSource.Stance.CONTEXT)


class RatingKeyField(serializers.SlugRelatedField):
    def to_internal_value(self, data):
        # Django would look up str() of a list or an object and say "does not exist".
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class VerdictInputSerializer(serializers.Serializer):
    # Any rating, retired ones included: the service says "no longer offered" for those.
    rating = RatingKeyField(
        slug_field="key", queryset=Rating.objects.all(), allow_null=True, help_text="A key of /api/ratings/."
    )
    confidence = serializers.IntegerField(min_value=0, max_value=100, allow_null=True)
    explanation = serializers.CharField(allow_blank=True, max_length=20_000, trim_whitespace=False)
    as_of = serializers.DateField(allow_null=True, help_text="The date the verdict is true at.")
    # A sanity bound; the service's own limit (MAX_SOURCES, after removing duplicates) applies.
    sources = SourceInputSerializer(many=True, max_length=100)
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_INT,
        allow_null=True,
        help_text="The verdict version your copy shows; null to create the claim's first verdict.",
    )


class ApproveSerializer(serializers.Serializer):
    version = version_field(help_text="The verdict version you reviewed.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class SendBackSerializer(serializers.Serializer):
    version = version_field(help_text="The verdict version you reviewed.")
    # Blank is let through so the service gives its own message, as on the page.
    comment = serializers.CharField(allow_blank=True, max_length=5000, help_text="What needs to change.")


class VerdictVersionSerializer(serializers.Serializer):
    version = version_field(help_text="The verdict version your copy shows.")
