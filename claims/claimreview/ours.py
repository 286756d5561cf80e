"""Our own published verdicts as ClaimReview records (write.py turns them into JSON-LD for
the public report and the feed; `import_claimreview` reads the feed back unchanged)."""

from urllib.parse import urlsplit

from django.conf import settings

from .record import ClaimReviewRecord
from .write import to_jsonld


def organisation() -> dict:
    org = {"@type": "Organization", "name": settings.FACTCHECK_ORG_NAME}
    if settings.FACTCHECK_ORG_URL:
        org["url"] = settings.FACTCHECK_ORG_URL
    return org


def verdict_record(*, claim, verdict, article, url: str, best: int | None, worst: int = 1) -> ClaimReviewRecord:
    """The record of one published verdict. `url` is the absolute URL of the claim's place
    on the public report; best/worst bound the rating scale's values.

    Everything is in the review's language (the claim's), never the visitor's: published
    data is the same for everyone who reads it.
    """
    language = claim.language or article.language or ""
    rating = verdict.rating
    if rating is not None and rating.value is not None and best:
        value, best_value, worst_value = rating.value, best, worst
    else:
        # A rating that is not a judgement (Unverifiable): schema.org's convention is -1.
        value, best_value, worst_value = -1, best or 1, worst
    source = article.source_url
    # Where the claim appeared: its article, and the articles of the claims linked to it as
    # the same claim (selectors.published prefetches them as linked_claims).
    appearances = list(
        dict.fromkeys(
            url for url in [source, *(c.article.source_url for c in getattr(claim, "linked_claims", []))] if url
        )
    )
    return ClaimReviewRecord(
        # The whole claim (Google suggests short ones, but a cut claim would not be the one
        # we checked, and our own feed must read back unchanged).
        claim_reviewed=" ".join(claim.text.split()),
        rating_name=rating.label_in(language) if rating else "",
        rating_value=value,
        best_rating=best_value,
        worst_rating=worst_value,
        url=url,
        author_name=settings.FACTCHECK_ORG_NAME,
        author_url=settings.FACTCHECK_ORG_URL or "",
        date_published=(verdict.published_at or verdict.reviewed_at or verdict.updated_at).date(),
        language=language,
        # Who made the claim, as far as we know: the publication it appeared in.
        claimant=(urlsplit(source).hostname or "") if source else "",
        claimant_type="Organization",
        appearance_urls=appearances,
        first_appearance=source,
        claim_date=article.created_at.date() if article.created_at else None,
        # ratingExplanation belongs to the Rating (schema.org), the short why of the verdict.
        review_body=verdict.explanation,
        rating_explanation=verdict.explanation,
    )


def claim_review(**kwargs) -> dict:
    """The ClaimReview JSON-LD node of one published verdict (arguments as verdict_record)."""
    return to_jsonld(verdict_record(**kwargs))
