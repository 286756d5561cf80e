"""Writing what the matcher searches: one MatchEntry per earlier fact-check and per
check-worthy claim, with its language and embedding.

Embeddings are computed where the work is done (a worker, the import command), in batches,
never in a web request: an approval sends a task. Every process's index follows the table
(claims/matching/index.py), so a row written here is searchable everywhere a second later.
"""

import time
from collections.abc import Callable

from django.utils import timezone

from ..extraction.language import detect_language
from ..matching.runtime import EMBEDDING_MODEL, embedder, encode_pair
from ..models import Claim, FactCheck, MatchEntry
from .commit import after_commit
from .dispatch import send_task

BATCH = 256
Progress = Callable[[int, int], None]


def guess_language(text: str) -> str:
    """The language of a record that did not say (ClaimReview without inLanguage, a Google
    result without languageCode): the extraction pipeline's own detector."""
    return detect_language(text).code or ""


def _write(entries: list[MatchEntry], subject: str) -> None:
    MatchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=[subject],
        update_fields=["language", "vector", "vector_model", "updated_at"],
        batch_size=500,
    )


def index_factchecks(ids=None, *, progress: Progress | None = None, batch: int = BATCH) -> int:
    """Embed and write the entries of these fact-checks (None: every fact-check without an
    entry from the current embedding model). Returns how many were written."""
    if ids is None:
        current = MatchEntry.objects.filter(factcheck__isnull=False, vector_model=EMBEDDING_MODEL)
        ids = list(FactCheck.objects.exclude(pk__in=current.values("factcheck_id")).values_list("pk", flat=True))
    ids = sorted(set(ids))
    done = 0
    for lo in range(0, len(ids), batch):
        rows = list(
            FactCheck.objects.filter(pk__in=ids[lo : lo + batch]).values_list(
                "pk", "claim_reviewed", "headline", "language"
            )
        )
        if rows:
            vectors = embedder().encode([text for _, text, _, _ in rows] + [head or text for _, text, head, _ in rows])
            now = timezone.now()
            _write(
                [
                    MatchEntry(
                        factcheck_id=pk,
                        language=lang,
                        vector=encode_pair(vectors[i], vectors[len(rows) + i]),
                        vector_model=EMBEDDING_MODEL,
                        updated_at=now,
                    )
                    for i, (pk, _text, _head, lang) in enumerate(rows)
                ],
                "factcheck",
            )
        done += len(rows)
        if progress:
            progress(done, len(ids))
    return done


def index_missing(*, limit: int = 2000) -> int:
    """Embed up to `limit` fact-checks that have no entry from the current model."""
    current = MatchEntry.objects.filter(factcheck__isnull=False, vector_model=EMBEDDING_MODEL)
    ids = list(FactCheck.objects.exclude(pk__in=current.values("factcheck_id")).values_list("pk", flat=True)[:limit])
    return index_factchecks(ids) if ids else 0


def index_claims(claims, vectors=None) -> int:
    """Write the entries of check-worthy claims (their embedding given, or computed here); a
    claim that is no longer check-worthy, discarded or linked is taken out of the index."""
    claims = list(claims)
    searchable = [c for c in claims if c.checkworthy and c.status not in (Claim.Status.DISCARDED, Claim.Status.LINKED)]
    gone = [c.pk for c in claims if c not in searchable]
    if gone:
        MatchEntry.objects.filter(claim_id__in=gone).delete()
    if not searchable:
        return 0
    if vectors is None:
        vectors = embedder().encode([c.text for c in searchable])
    else:
        vectors = [v for c, v in zip(claims, vectors) if c in searchable]
    now = timezone.now()
    _write(
        [
            MatchEntry(
                claim_id=c.pk,
                language=c.language,
                vector=encode_pair(v, v),
                vector_model=EMBEDDING_MODEL,
                updated_at=now,
            )
            for c, v in zip(searchable, vectors)
        ],
        "claim",
    )
    return len(searchable)


def index_factchecks_later(ids) -> None:
    """Queue the embedding of these fact-checks for a worker, once the transaction commits."""
    ids = sorted(set(ids))
    if ids:
        after_commit(send_task, "index_factchecks", ids)


def index_claims_later(ids) -> None:
    ids = sorted(set(ids))
    if ids:
        after_commit(send_task, "index_claims", ids)


class ProgressBar:
    """ "Embedding 12,800/100,000 (13%), 640/s, about 2m32s left" on one line of `stream`."""

    def __init__(self, stream, label: str = "Embedding"):
        self.stream, self.label, self.started = stream, label, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0
        self.stream.write(
            f"\r{self.label} {done:,}/{total:,} ({100 * done // max(total, 1)}%), {rate:,.0f}/s, "
            f"about {int(left // 60)}m{int(left % 60):02d}s left"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


__all__ = [
    "ProgressBar",
    "guess_language",
    "index_claims",
    "index_claims_later",
    "index_factchecks",
    "index_missing",
    "index_factchecks_later",
]
