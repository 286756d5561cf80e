"""The matcher a process searches: built from the MatchEntry table on first use, then kept
in step with it.

The database is the record (one MatchEntry per earlier fact-check and per check-worthy claim
of ours, written by claims/services/match_index.py with its embedding). Each worker process
holds one Matcher (pipeline.py) in memory, built lazily at the first search, and before a
search asks the database what changed:

- entries written since the last look (updated_at, with an overlap window so a transaction
  that committed late is not missed) are added, or replace their earlier version;
- every RECONCILE_SECONDS the ids still in the table are compared with the index's, and the
  ones deleted since (a fact-check removed, a claim merged away) are taken out;
- when removals and replacements pile up (they leave tombstones behind), the index is
  rebuilt from the table.

So inserts, updates and deletes reach every worker's index without a restart, and a worker
that starts later simply builds from what is there.
"""

import logging
import threading
import time
from datetime import timedelta

import numpy as np
from django.utils import timezone

from .pipeline import Matcher, MatcherConfig
from .runtime import decode_pair, embedder, ranker

log = logging.getLogger(__name__)

SYNC_SECONDS = 1.0  # how often a busy process asks for changes
OVERLAP = timedelta(seconds=10)  # longer than any transaction that writes entries
RECONCILE_SECONDS = 60.0
REBUILD_SHARE = 0.2  # rebuild when tombstones reach this share of the index
BATCH = 2000


def doc_id(entry_kind: str, object_id: int) -> str:
    """ "f12" is fact-check 12, "c34" claim 34: one index holds both."""
    return f"{entry_kind}{object_id}"


def parse_doc_id(value: str) -> tuple[str, int]:
    return ("factcheck" if value[0] == "f" else "claim"), int(value[1:])


class LiveIndex:
    def __init__(self):
        self._lock = threading.RLock()
        self.matcher: Matcher | None = None
        self.seen = None  # newest updated_at applied
        self.recent: dict[int, object] = {}  # entry id -> updated_at applied, within the overlap window
        self.removed = 0  # rows replaced or removed since the last build (tombstones)
        self.checked_at = 0.0
        self.reconciled_at = 0.0

    # --- building -------------------------------------------------------------------------

    def _new_matcher(self) -> Matcher:
        return Matcher(embedder=embedder(), ranker=ranker(), config=MatcherConfig())

    def _rows(self, queryset):
        from ..models import MatchEntry

        fields = (
            "id",
            "factcheck_id",
            "claim_id",
            "language",
            "vector",
            "updated_at",
            "factcheck__claim_reviewed",
            "factcheck__headline",
            "claim__text",
        )
        qs = queryset if queryset is not None else MatchEntry.objects.all()
        yield from qs.order_by("updated_at", "id").values_list(*fields).iterator(chunk_size=BATCH)

    def _doc(self, row) -> dict | None:
        entry_id, factcheck_id, claim_id, language, vector, _updated, fc_claim, fc_headline, claim_text = row
        vectors = decode_pair(vector)
        if vectors is None:
            return None  # not embedded yet: services/match_index.py writes the vector with the entry
        if factcheck_id:
            return {
                "id": doc_id("f", factcheck_id),
                "claim": fc_claim or "",
                "title": fc_headline or "",
                "lang": language,
                "vectors": vectors,
            }
        return {
            "id": doc_id("c", claim_id),
            "claim": claim_text or "",
            "title": "",
            "lang": language,
            "vectors": vectors,
        }

    def build(self) -> Matcher:
        started = time.monotonic()
        matcher = self._new_matcher()
        docs, newest, recent = [], None, {}
        window_start = timezone.now() - OVERLAP
        for row in self._rows(None):
            doc = self._doc(row)
            newest = row[5] if newest is None or row[5] > newest else newest
            if row[5] > window_start:
                recent[row[0]] = row[5]  # the next look sees these again: applied already
            if doc is not None:
                docs.append(doc)
        if docs:
            vectors = (np.stack([d["vectors"][0] for d in docs]), np.stack([d["vectors"][1] for d in docs]))
            matcher.add_many(docs, vectors=vectors)
        self.matcher, self.removed = matcher, 0
        self.seen, self.recent = newest, recent
        self.checked_at = self.reconciled_at = time.monotonic()
        log.info("match index built: %d entries in %.1fs", len(docs), time.monotonic() - started)
        return matcher

    # --- keeping in step ------------------------------------------------------------------

    def _apply_changes(self) -> None:
        from ..models import MatchEntry

        since = self.seen - OVERLAP if self.seen else None
        qs = MatchEntry.objects.filter(updated_at__gt=since) if since else MatchEntry.objects.all()
        window_start = timezone.now() - OVERLAP
        for row in self._rows(qs):
            entry_id, updated = row[0], row[5]
            if self.recent.get(entry_id) == updated:
                continue  # applied on an earlier look within the overlap window
            doc = self._doc(row)
            if doc is not None:
                if doc["id"] in self.matcher:
                    self.removed += 1  # add() replaces it, leaving a tombstone
                self.matcher.add(doc["id"], doc["claim"], doc["title"], lang=doc["lang"], vectors=doc["vectors"])
            self.recent[entry_id] = updated
            self.seen = updated if self.seen is None or updated > self.seen else self.seen
        self.recent = {k: v for k, v in self.recent.items() if v > window_start}

    def _reconcile(self) -> None:
        from ..models import MatchEntry

        present = {
            doc_id("f", fc) if fc else doc_id("c", claim)
            for fc, claim in MatchEntry.objects.values_list("factcheck_id", "claim_id").iterator(chunk_size=20000)
        }
        matcher = self.matcher
        alive = matcher.bm25.alive
        gone = [matcher.ids[row] for row in range(len(matcher)) if alive[row] and matcher.ids[row] not in present]
        for value in gone:
            matcher.remove(value)
        self.removed += len(gone)
        self.reconciled_at = time.monotonic()

    def current(self, *, force: bool = False, reconcile: bool = False) -> Matcher:
        """The matcher, up to date with the table: at most SYNC_SECONDS behind, or exactly
        (force: one indexed query for what changed); deletions are looked for every
        RECONCILE_SECONDS, or now (reconcile: a scan of the entries' ids)."""
        with self._lock:
            if self.matcher is None:
                return self.build()
            now = time.monotonic()
            if force or now - self.checked_at >= SYNC_SECONDS:
                self._apply_changes()
                self.checked_at = now
            if reconcile or now - self.reconciled_at >= RECONCILE_SECONDS:
                self._reconcile()
            if self.removed > REBUILD_SHARE * max(len(self.matcher), 1):
                return self.build()
            return self.matcher

    def reset(self) -> None:
        """Forget the index (tests, and a process that must rebuild from scratch)."""
        with self._lock:
            self.matcher = None


live = LiveIndex()

__all__ = ["LiveIndex", "doc_id", "live", "parse_doc_id"]
