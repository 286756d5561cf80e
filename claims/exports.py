"""Exports: CSV and JSON of claims with their current verdicts, and the ClaimReview feed.

Everything streams: the rows come in chunks from the selectors (claims/selectors/published.py)
and are written as they come, so memory stays flat whether an export holds ten claims or a
hundred thousand.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from .claimreview.ours import claim_review
from .selectors.published import claim_export_rows, published_verdicts, rating_bounds

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


FORMATS = {"csv": ("text/csv; charset=utf-8", csv_stream), "json": ("application/json", json_stream)}


def claims_download(queryset, fmt: str, filename: str) -> StreamingHttpResponse:
    """The claims of `queryset` as a streamed CSV or JSON attachment (pages and admin)."""
    content_type, writer = FORMATS[fmt]
    response = StreamingHttpResponse(writer(claim_export_rows(queryset)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def claimreview_feed(url_for) -> Iterator[dict]:
    """Every published verdict as a ClaimReview node; url_for(claim) gives its public URL."""
    best, worst = rating_bounds()
    for verdict in published_verdicts().iterator(chunk_size=500):
        claim = verdict.claim
        yield claim_review(
            claim=claim, verdict=verdict, article=claim.article, url=url_for(claim), best=best, worst=worst
        )


__all__ = ["FIELDS", "claimreview_feed", "FORMATS", "claims_download", "csv_stream", "json_stream"]
