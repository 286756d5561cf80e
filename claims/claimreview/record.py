"""One model of a ClaimReview: what we read from other fact-checkers' feeds and pages
(read.py), and what we publish for our own verdicts (write.py). Plain Python, no Django."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit


class ClaimReviewError(ValueError):
    """Input that is not ClaimReview JSON-LD at all, with a one-line message."""


@dataclass
class ClaimReviewRecord:
    claim_reviewed: str
    rating_name: str  # reviewRating.alternateName (or .name when alternateName is absent)
    rating_value: float | None
    best_rating: float | None
    worst_rating: float | None
    url: str  # the review's url (http/https only)
    author_name: str  # the fact-checking organisation
    author_url: str
    date_published: date | None
    language: str  # inLanguage normalised to 2 letters when possible, else as given, else ""
    claimant: str  # itemReviewed.author.name
    appearance_urls: list[str]  # itemReviewed.firstAppearance then .appearance urls
    claim_date: date | None  # itemReviewed.datePublished
    headline: str = ""  # the review article's title (headline, or name)
    review_body: str = ""  # reviewBody
    rating_explanation: str = ""  # reviewRating.ratingExplanation
    first_appearance: str = ""  # itemReviewed.firstAppearance url (also in appearance_urls)
    claimant_type: str = "Person"  # itemReviewed.author's @type: Person or Organization
    # The node as published. Left out of equality: two records saying the same thing are
    # the same record, whichever spelling (prefixes, lists, markup) the publisher used.
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    def key(self) -> str:
        """Stable identity for idempotent imports: a hash of the review URL and the claim.

        The URL loses its scheme, fragment and trailing slash (publishers move from http to
        https, feeds and pages link the same review with and without them); the claim is
        compared case- and space-insensitively. One review page can check several claims.
        A fixed 52 characters, whatever the URL's length, so it fits an indexed column.
        """
        parts = urlsplit(self.url)
        location = (parts.netloc.lower() + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")
        claim = " ".join(self.claim_reviewed.casefold().split())
        return "claimreview:" + hashlib.sha256(f"{location}\n{claim}".encode()).hexdigest()[:40]


@dataclass
class Rejected:
    index: int  # 0-based position among the ClaimReview nodes (and unreadable blocks) of the input
    reason: str  # one line, user-facing
    excerpt: str  # first ~120 chars of the record's JSON
