"""What leaves the newsroom: published verdicts (the public report, the ClaimReview feed),
the rating scale's bounds they are given with, and the rows of the claim exports."""

from collections.abc import Iterable, Iterator

from django.db.models import Max, Min, OuterRef, Prefetch, QuerySet, Subquery

from ..models import Claim, Rating, Snapshot, Verdict, VerdictSource
from .archive import snapshot_state

State = Verdict.State
EXPORT_CHUNK = 2000


def published_verdicts(queryset: QuerySet | None = None) -> QuerySet:
    """The verdicts to show publicly: published ones, with what the page needs in the same
    few queries (claim, article, rating, sources with their archive, superseded versions)."""
    queryset = queryset if queryset is not None else Verdict.objects.all()
    return (
        queryset.filter(state=State.PUBLISHED)
        .select_related("claim", "claim__article", "rating", "author", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "sources",
                queryset=VerdictSource.objects.select_related("source").prefetch_related(
                    Prefetch(
                        "source__snapshots",
                        queryset=Snapshot.objects.order_by("-fetched_at", "-id").only(
                            "id", "source_id", "fetched_at", "status_code", "final_url", "sha256", "error", "error_code"
                        ),
                    )
                ),
            ),
            Prefetch(
                "claim__verdicts",
                queryset=Verdict.objects.filter(state=State.SUPERSEDED).select_related("rating").order_by("number"),
                to_attr="superseded",
            ),
            # The same claim elsewhere (linked to this one): more appearances of what was checked.
            Prefetch(
                "claim__linked",
                queryset=Claim.objects.select_related("article")
                .only("id", "same_as_id", "article__id", "article__source_url")
                .order_by("id"),
                to_attr="linked_claims",
            ),
        )
        .order_by("claim__article_id", "claim__position")
    )


def article_published_verdicts(article) -> list[Verdict]:
    """The article's published verdicts; each cited source says what its archiving gave
    (`archive`: the latest fetch's state) and which fetch kept a copy (`copy`, or None)."""
    verdicts = list(published_verdicts(Verdict.objects.filter(claim__article=article)))
    for verdict in verdicts:
        for cited in verdict.sources.all():
            snapshots = list(cited.source.snapshots.all())  # newest first, prefetched
            cited.archive = snapshot_state(snapshots[0] if snapshots else None)
            cited.copy = next((s for s in snapshots if s.has_copy), None)
    return verdicts


def rating_bounds() -> tuple[int | None, int]:
    """(best, worst) values of the rating scale, as ClaimReview's bestRating/worstRating."""
    scale = Rating.objects.exclude(value=None).aggregate(best=Max("value"), worst=Min("value"))
    return scale["best"], scale["worst"] or 1


def snapshot_if_cited(pk: int) -> Snapshot | None:
    """An archived copy, public only when a published verdict cites its source."""
    snapshot = Snapshot.objects.select_related("source").filter(pk=pk).first()
    if snapshot is None:
        return None
    cited = Verdict.objects.filter(state=State.PUBLISHED, sources__source_id=snapshot.source_id).exists()
    if cited:
        snapshot.archive = snapshot_state(snapshot)
    return snapshot if cited else None


# --- Exports -------------------------------------------------------------------------------


def claim_export_rows(queryset: QuerySet) -> Iterable[dict]:
    """One flat dict per claim of `queryset`, with its latest verdict, in two queries per
    chunk: rows are read in chunks and yielded as they come, so memory stays flat whether
    an export holds ten claims or a hundred thousand."""
    latest = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-number").values("pk")[:1]
    # Only the columns written: an article's body and text are megabytes, repeated per claim.
    rows = (
        queryset.select_related("article", "assignee")
        .annotate(_verdict_id=Subquery(latest))
        .only(
            "id",
            "article_id",
            "position",
            "text",
            "language",
            "score",
            "checkworthy",
            "claim_type",
            "status",
            "verification_state",
            "article__id",
            "article__title",
            "assignee__id",
            "assignee__username",
        )
        .order_by("article_id", "position")
    )
    ratings = {r.pk: r for r in Rating.objects.all()}
    batch: list = []
    for claim in rows.iterator(chunk_size=EXPORT_CHUNK):
        batch.append(claim)
        if len(batch) >= EXPORT_CHUNK:
            yield from _export_rows(batch, ratings)
            batch = []
    yield from _export_rows(batch, ratings)


def _export_rows(claims: list, ratings: dict) -> Iterator[dict]:
    verdicts = {v.pk: v for v in Verdict.objects.filter(pk__in=[c._verdict_id for c in claims if c._verdict_id])}
    for claim in claims:
        verdict = verdicts.get(claim._verdict_id)
        rating = ratings.get(verdict.rating_id) if verdict else None
        yield {
            "id": claim.pk,
            "article_id": claim.article_id,
            "article_title": claim.article.title,
            "position": claim.position,
            "text": claim.text,
            "language": claim.language,
            "score": claim.score,
            "checkworthy": claim.checkworthy,
            "type": claim.claim_type,
            "status": claim.status,
            "verification": claim.verification_state,
            "assignee": claim.assignee.get_username() if claim.assignee else "",
            "rating": rating.label_en if rating else "",
            "rating_value": rating.value if rating else None,
            "confidence": verdict.confidence if verdict else None,
            "explanation": verdict.explanation if verdict else "",
            "as_of": verdict.as_of.isoformat() if verdict and verdict.as_of else None,
            "verdict_state": verdict.state if verdict else "",
            "verdict_version": verdict.number if verdict else None,
            "published_at": verdict.published_at.isoformat() if verdict and verdict.published_at else None,
        }
