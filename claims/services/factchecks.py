"""Earlier fact-checks: importing ClaimReview, storing connector results."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction

from ..claimreview.read import ClaimReviewRecord, Rejected, parse_claimreviews
from ..models import FactCheck
from .access import require
from .match_index import guess_language, index_factchecks_later

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
    "headline",
    "raw",
)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    # Fact-checks created or changed: their match entries are (re)computed next
    # (services/match_index.py), by the import command with a progress bar or by the sweep.
    changed_ids: list[int] = field(default_factory=list, repr=False)

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
        # A record that does not say its language gets the pipeline's guess: matching stems
        # and numbers read by language ("cina" must meet "Cina" in an Italian query).
        "language": record.language or guess_language(f"{record.claim_reviewed} {record.headline}"),
        "headline": record.headline,
        "raw": record.raw,
    }


def factcheck_import_claimreview(data: bytes | str, *, embed_later: bool = True) -> ImportReport:
    """Import ClaimReview records; idempotent (a record already stored is updated in place).

    All or nothing: the valid records are written in one transaction, the invalid ones are
    reported with their reason. Raises ClaimReviewError for input that is not ClaimReview at all.
    The created and changed records are embedded for matching by a worker once this commits
    (embed_later), or by the caller (the import command, with its progress bar).
    """
    records, rejected = parse_claimreviews(data)
    report = ImportReport(rejected=rejected)
    by_key: dict[str, ClaimReviewRecord] = {}
    for record in records:
        by_key[record.key()] = record  # a feed listing one review twice keeps the last
    with transaction.atomic():
        existing = {fc.key: fc for fc in FactCheck.objects.select_for_update().filter(key__in=list(by_key))}
        new, changed = [], []
        for key, record in by_key.items():
            values = _fields(record)
            current = existing.get(key)
            if current is None:
                new.append(FactCheck(origin=FactCheck.Origin.CLAIMREVIEW, key=key, **values))
            elif any(getattr(current, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(current, k, v)
                current.save(update_fields=list(_UPDATABLE))
                changed.append(current.pk)
                report.updated += 1
            else:
                report.unchanged += 1
        FactCheck.objects.bulk_create(new, batch_size=1000)
        report.created = len(new)
        report.changed_ids = [fc.pk for fc in new] + changed
        if embed_later:
            index_factchecks_later(report.changed_ids)
    return report


def factcheck_upsert_google(items: list[dict]) -> list[tuple[int, str, str]]:
    """Store Google Fact Check Tools results as earlier fact-checks: [(id, text, language)]."""
    out = []
    for item in items:
        text = item.get("claim_text") or ""
        if not text:
            continue
        digest = hashlib.sha256(json.dumps([item.get("review_url"), text]).encode()).hexdigest()[:32]
        lang = (item.get("language") or "")[:12] or guess_language(text)
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
                "raw": item,
            },
        )
        out.append((fc.pk, text, lang))
    return out


def factcheck_delete(*, factchecks, by) -> int:
    """Remove earlier fact-checks (and the matches found with them); how many were removed."""
    require(by.has_perm("claims.delete_factcheck"))
    ids = [fc.pk for fc in factchecks]
    deleted, _ = FactCheck.objects.filter(pk__in=ids).delete()
    return len(ids) if deleted else 0
