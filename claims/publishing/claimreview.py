"""schema.org ClaimReview JSON-LD for a published verdict.

The fields follow schema.org and Google's fact-check profile (claimReviewed, reviewRating
with alternateName, url required; author, datePublished, itemReviewed recommended), so
search engines and other fact-checkers can read our verdicts, and `import_claimreview`
reads our own feed back unchanged.
"""

from urllib.parse import urlsplit

from django.conf import settings


def organisation() -> dict:
    org = {"@type": "Organization", "name": settings.FACTCHECK_ORG_NAME}
    if settings.FACTCHECK_ORG_URL:
        org["url"] = settings.FACTCHECK_ORG_URL
    return org


def claim_review(*, claim, verdict, article, url: str, best: int | None, worst: int = 1) -> dict:
    """The ClaimReview node for one published verdict. `url` is the absolute URL of the
    claim's place on the public report; best/worst bound the rating scale's values."""
    rating = verdict.rating
    review_rating = {"@type": "Rating", "alternateName": rating.label if rating else ""}
    if rating is not None and rating.value is not None and best:
        review_rating.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    else:
        # A rating that is not a judgement (Unverifiable): schema.org's convention is -1.
        review_rating.update(ratingValue=-1, bestRating=best or 1, worstRating=worst)
    review_rating["name"] = review_rating["alternateName"]
    item = {"@type": "Claim"}
    if article.source_url:
        # Who made the claim, as far as we know: the publication it appeared in.
        item["author"] = {"@type": "Organization", "name": urlsplit(article.source_url).hostname or ""}
        item["appearance"] = {"@type": "CreativeWork", "url": article.source_url}
        item["firstAppearance"] = item["appearance"]
    if article.created_at:
        item["datePublished"] = article.created_at.date().isoformat()
    node = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        # The whole claim (Google suggests short ones, but a cut claim would not be the one
        # we checked, and our own feed must read back unchanged).
        "claimReviewed": " ".join(claim.text.split()),
        "reviewRating": review_rating,
        "author": organisation(),
        "datePublished": (verdict.published_at or verdict.reviewed_at or verdict.updated_at).date().isoformat(),
        "itemReviewed": item,
        "inLanguage": claim.language or article.language or "",
    }
    if verdict.explanation:
        node["reviewBody"] = verdict.explanation
        # ratingExplanation belongs to the Rating (schema.org), the short why of the verdict.
        review_rating["ratingExplanation"] = verdict.explanation
    return node
