"""Read queries of the API that the pages do not share (the claims list is the queue's own
selectors.queue_queryset). Each loads what its serializer shows in a fixed number of
queries, and never an article's body (megabytes) where it is not shown."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Article, Claim, ClaimMatch, EvidenceMatch, Snapshot, Source, Verdict, VerdictSource

_ARTICLE_CLAIM_COLUMNS = (
    "id",
    "article_id",
    "position",
    "text",
    "start",
    "end",
    "score",
    "checkworthy",
    "claim_type",
    "status",
    "verification_state",
    "assignee__id",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


def _count(model, field: str, **filters) -> Coalesce:
    """Rows of `model` pointing at the outer row, as a correlated subquery: computed for the
    page's rows only, each an index scan on the foreign key (no GROUP BY over every row,
    no join that multiplies the other counts)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}, **filters).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0)


def articles_queryset(params: dict) -> QuerySet:
    """The articles list, newest first, with the same claim counts as the articles page."""
    qs = (
        Article.objects.select_related("submitted_by")
        .defer("body", "cleaned_text", "links")
        .annotate(
            n_claims=_count(Claim, "article"),
            n_checkworthy=_count(Claim, "article", checkworthy=True),
            n_verified=_count(Claim, "article", verification_state=Claim.Verification.VERIFIED),
        )
        .order_by("-created_at", "-id")
    )
    if params.get("state"):
        qs = qs.filter(state=params["state"])
    if params.get("language"):
        qs = qs.filter(language=params["language"])
    return qs


def article_detail_queryset() -> QuerySet:
    """One article with its claims in document order (the submitted body stays in the database)."""
    claims = Claim.objects.select_related("assignee").only(*_ARTICLE_CLAIM_COLUMNS).order_by("position")
    return (
        Article.objects.select_related("submitted_by")
        .defer("body", "links")
        .annotate(
            n_claims=_count(Claim, "article"),
            n_checkworthy=_count(Claim, "article", checkworthy=True),
            n_verified=_count(Claim, "article", verification_state=Claim.Verification.VERIFIED),
        )
        .prefetch_related(Prefetch("claims", queryset=claims, to_attr="claim_list"))
    )


def claim_detail_queryset() -> QuerySet:
    """Claims with their article's title, assignee, verdicts (newest first) and the counts of
    what the workers found: four queries for one claim or a page of them."""
    return (
        Claim.objects.select_related("article", "assignee")
        .defer("article__body", "article__cleaned_text", "article__links")
        .annotate(
            n_matches=_count(ClaimMatch, "claim"),
            n_evidence=_count(EvidenceMatch, "claim"),
            n_sources=_count(Source, "claim"),
        )
        .prefetch_related(
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.select_related("rating", "author").order_by("-number"),
                to_attr="verdict_list",
            )
        )
    )


def _latest_snapshot(column: str) -> Subquery:
    return Subquery(
        Snapshot.objects.filter(source=OuterRef("source_id")).order_by("-fetched_at", "-id").values(column)[:1]
    )


def verdict_with_sources(verdict_id: int) -> Verdict:
    """A verdict with its rating, people, and cited sources with the latest archive fetch of
    each (annotated, so a source fetched every day for years is still one row)."""
    cited = (
        VerdictSource.objects.select_related("source")
        .annotate(
            snap_id=_latest_snapshot("id"),
            snap_fetched_at=_latest_snapshot("fetched_at"),
            snap_status_code=_latest_snapshot("status_code"),
            snap_final_url=_latest_snapshot("final_url"),
            snap_error=_latest_snapshot("error"),
        )
        .order_by("position", "id")
    )
    return (
        Verdict.objects.select_related("rating", "author", "reviewed_by")
        .prefetch_related(Prefetch("sources", queryset=cited))
        .get(pk=verdict_id)
    )
