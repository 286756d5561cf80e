"""Exports: CSV and JSON of claims with their current verdicts, and the ClaimReview feed.

Everything streams: rows are read in chunks (QuerySet.iterator) and written as they
come, so memory stays flat whether an export holds ten claims or a hundred thousand.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.db.models import Max, Min, OuterRef, Subquery

from ..models import Claim, Rating, Verdict
from .claimreview import claim_review

CHUNK = 2000
FIELDS = [
    "id",
    "article_id",
    "article_title",
    "position",
    "text",
    "language",
    "score",
    "checkworthy",
    "type",
    "status",
    "verification",
    "assignee",
    "rating",
    "rating_value",
    "confidence",
    "explanation",
    "as_of",
    "verdict_state",
    "verdict_version",
    "published_at",
]


def claims_for_export(queryset) -> Iterable[dict]:
    """One flat dict per claim, with its latest verdict, in two queries per chunk."""
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
    for claim in rows.iterator(chunk_size=CHUNK):
        batch.append(claim)
        if len(batch) >= CHUNK:
            yield from _rows(batch, ratings)
            batch = []
    yield from _rows(batch, ratings)


def _rows(claims: list, ratings: dict) -> Iterator[dict]:
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


class _Echo:
    def write(self, value):
        return value


def _safe_cell(value):
    # A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV
    # injection); a leading apostrophe makes it text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_stream(rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.DictWriter(_Echo(), fieldnames=FIELDS)
    yield "\ufeff"  # so spreadsheet programs read UTF-8 accents correctly
    yield writer.writeheader()
    for row in rows:
        yield writer.writerow({k: _safe_cell(v) for k, v in row.items()})


def json_stream(rows: Iterable) -> Iterator[str]:
    """A JSON array written element by element."""
    yield "["
    first = True
    for row in rows:
        yield ("" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]\n"


def claimreview_feed(url_for) -> Iterator[dict]:
    """Every published verdict as a ClaimReview node; url_for(claim) gives its public URL."""
    from ..services.publishing import published_verdicts

    scale = Rating.objects.exclude(value=None).aggregate(best=Max("value"), worst=Min("value"))
    for verdict in published_verdicts().iterator(chunk_size=500):
        claim = verdict.claim
        yield claim_review(
            claim=claim,
            verdict=verdict,
            article=claim.article,
            url=url_for(claim),
            best=scale["best"],
            worst=scale["worst"] or 1,
        )


__all__ = ["Claim", "FIELDS", "claimreview_feed", "claims_for_export", "csv_stream", "json_stream"]
