"""Earlier fact-checks: importing ClaimReview, storing connector results."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction

from ..models import FactCheck
from ..verification import search
from ..verification.claimreview import ClaimReviewRecord, Rejected, parse_claimreviews
from ..verification.normalize import normalize

# A bulk import changes which words are common: refresh the statistics matching relies on.
_ANALYZE_AFTER = 500

_UPDATABLE = (
    "claim_reviewed",
    "rating_name",
    "rating_value",
    "best_rating",
    "worst_rating",
    "url",
    "author_name",
    "author_url",
    "claimant",
    "appearance_urls",
    "date_published",
    "claim_date",
    "language",
    "match_text",
    "raw",
)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"index": r.index, "reason": r.reason, "excerpt": r.excerpt} for r in self.rejected],
        }


def _fields(record: ClaimReviewRecord) -> dict:
    return {
        "claim_reviewed": record.claim_reviewed,
        "rating_name": record.rating_name[:300],
        "rating_value": record.rating_value,
        "best_rating": record.best_rating,
        "worst_rating": record.worst_rating,
        "url": record.url,
        "author_name": record.author_name[:300],
        "author_url": record.author_url,
        "claimant": record.claimant[:300],
        "appearance_urls": record.appearance_urls,
        "date_published": record.date_published,
        "claim_date": record.claim_date,
        "language": record.language,
        "match_text": normalize(record.claim_reviewed, record.language),
        "raw": record.raw,
    }


def factcheck_import_claimreview(data: bytes | str) -> ImportReport:
    """Import ClaimReview records; idempotent (a record already stored is updated in place).

    All or nothing: the valid records are written in one transaction, the invalid ones are
    reported with their reason. Raises ClaimReviewError for input that is not ClaimReview at all.
    """
    records, rejected = parse_claimreviews(data)
    report = ImportReport(rejected=rejected)
    by_key: dict[str, ClaimReviewRecord] = {}
    for record in records:
        by_key[record.key()] = record  # a feed listing one review twice keeps the last
    with transaction.atomic():
        existing = {fc.key: fc for fc in FactCheck.objects.select_for_update().filter(key__in=list(by_key))}
        new = []
        for key, record in by_key.items():
            values = _fields(record)
            current = existing.get(key)
            if current is None:
                new.append(FactCheck(origin=FactCheck.Origin.CLAIMREVIEW, key=key, **values))
            elif any(getattr(current, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(current, k, v)
                current.save(update_fields=list(_UPDATABLE))
                report.updated += 1
            else:
                report.unchanged += 1
        FactCheck.objects.bulk_create(new, batch_size=1000)
        report.created = len(new)
    if report.created >= _ANALYZE_AFTER:
        search.refresh_statistics("claims_factcheck")
    return report


def factcheck_upsert_google(items: list[dict]) -> list[tuple[int, str, str]]:
    """Store Google Fact Check Tools results as earlier fact-checks: [(id, text, language)]."""
    out = []
    for item in items:
        text = item.get("claim_text") or ""
        if not text:
            continue
        digest = hashlib.sha256(json.dumps([item.get("review_url"), text]).encode()).hexdigest()[:32]
        lang = (item.get("language") or "")[:12]
        fc, _ = FactCheck.objects.update_or_create(
            key=f"google:{digest}",
            defaults={
                "origin": FactCheck.Origin.GOOGLE,
                "claim_reviewed": text,
                "rating_name": item.get("rating", "")[:300],
                "url": item.get("review_url", "")[:2000],
                "author_name": item.get("publisher", "")[:300],
                "claimant": item.get("claimant", "")[:300],
                "language": lang,
                "match_text": normalize(text, lang),
                "raw": item,
            },
        )
        out.append((fc.pk, text, lang))
    return out
