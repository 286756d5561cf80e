"""ClaimReviewRecord -> schema.org ClaimReview JSON-LD (Google's fact-check profile).

The one writer: our published verdicts (claims/exports.py, the public report) and records
read from others (read.py reads what this writes back as an equal record). Fields follow
schema.org and Google's profile: claimReviewed, reviewRating with alternateName, url
required; author, datePublished, itemReviewed recommended. Empty fields are left out
rather than written empty.
"""

from .record import ClaimReviewRecord

__all__ = ["to_jsonld"]


def _json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _creative_works(urls: list[str]):
    works = [{"@type": "CreativeWork", "url": u} for u in urls]
    return works[0] if len(works) == 1 else works


def to_jsonld(record: ClaimReviewRecord) -> dict:
    rating: dict = {"@type": "Rating"}
    if record.rating_name:
        rating["alternateName"] = record.rating_name
    for name, value in (
        ("ratingValue", record.rating_value),
        ("bestRating", record.best_rating),
        ("worstRating", record.worst_rating),
    ):
        if value is not None:
            rating[name] = _json_number(value)
    if record.rating_name:
        rating["name"] = record.rating_name  # readers that know only Rating.name
    if record.rating_explanation:
        rating["ratingExplanation"] = record.rating_explanation

    node: dict = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": record.url,
        "claimReviewed": record.claim_reviewed,
        "reviewRating": rating,
    }
    if record.headline:
        node["headline"] = record.headline
    if record.author_name or record.author_url:
        author = {"@type": "Organization"}
        if record.author_name:
            author["name"] = record.author_name
        if record.author_url:
            author["url"] = record.author_url
        node["author"] = author
    if record.date_published:
        node["datePublished"] = record.date_published.isoformat()

    item: dict = {"@type": "Claim"}
    if record.claimant:
        kind = record.claimant_type if record.claimant_type in ("Person", "Organization") else "Person"
        item["author"] = {"@type": kind, "name": record.claimant}
    if record.appearance_urls:
        item["appearance"] = _creative_works(record.appearance_urls)
    if record.first_appearance:
        item["firstAppearance"] = {"@type": "CreativeWork", "url": record.first_appearance}
    if record.claim_date:
        item["datePublished"] = record.claim_date.isoformat()
    if len(item) > 1:
        node["itemReviewed"] = item
    if record.language:
        node["inLanguage"] = record.language
    if record.review_body:
        node["reviewBody"] = record.review_body
    return node
