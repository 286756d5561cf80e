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
from django.db import connection
from django.db.models import BooleanField, Count, Max, Q
from django.db.models.expressions import RawSQL

from .pipeline import Matcher, MatcherConfig
from .runtime import decode_pair, embedder, ranker

log = logging.getLogger(__name__)

SYNC_SECONDS = 1.0  # how often a busy process asks for changes
# Asked again on every look, in case a transaction committed later than its timestamp says
# (entries are written in short transactions); one committed later still is found by the
# reconciliation, which adds what the index misses as well as removing what is gone.
OVERLAP = timedelta(seconds=2)
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
        docs, newest, updated = [], None, {}
        for row in self._rows(None):
            doc = self._doc(row)
            newest = row[5] if newest is None or row[5] > newest else newest
            updated[row[0]] = row[5]
            if doc is not None:
                docs.append(doc)
        # The next look asks again for what changed within OVERLAP of the newest change:
        # those rows are in the index already.
        recent = {k: v for k, v in updated.items() if newest and v > newest - OVERLAP}
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

        if self.seen is None:
            qs = MatchEntry.objects.all()
        else:
            # Nothing new in one cheap look at the window (an index range, no rows sent): the
            # newest change is the one applied, and the window holds the rows applied in it.
            # After a bulk import the window holds hundreds of rows; asking which of them are
            # new took ~9 ms a search. A late row that left the count unchanged because one in
            # the window was deleted is added by the next reconciliation.
            look = MatchEntry.objects.filter(updated_at__gt=self.seen - OVERLAP).aggregate(
                newest=Max("updated_at"), rows=Count("id")
            )
            if look["newest"] == self.seen and look["rows"] == len(self.recent):
                return
            # Newer than anything applied, or in the overlap window and not applied yet (the
            # applied ids as one array parameter on PostgreSQL: a bulk import leaves thousands).
            applied = list(self.recent)
            if connection.vendor == "postgresql" and applied:
                not_applied = RawSQL("NOT (claims_matchentry.id = ANY(%s))", [applied], output_field=BooleanField())
            else:
                not_applied = ~Q(pk__in=applied)
            qs = MatchEntry.objects.filter(
                Q(updated_at__gt=self.seen) | (Q(updated_at__gt=self.seen - OVERLAP) & not_applied)
            )
        # Ids and times first (cheap), whole rows only for what this index has not applied.
        changed = [pk for pk, at in qs.values_list("id", "updated_at") if self.recent.get(pk) != at]
        if not changed:
            return
        for row in self._rows(MatchEntry.objects.filter(pk__in=changed)):
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
        # What the next look will ask for again (changed within OVERLAP of the newest change).
        self.recent = {k: v for k, v in self.recent.items() if self.seen and v > self.seen - OVERLAP}

    def _reconcile(self) -> None:
        """Compare the entries' ids with the index: take out what was deleted, add what it
        misses (a row committed too late for the looks at changes)."""
        from ..models import MatchEntry

        present = {}
        for pk, fc, claim in MatchEntry.objects.values_list("id", "factcheck_id", "claim_id").iterator(
            chunk_size=20000
        ):
            present[doc_id("f", fc) if fc else doc_id("c", claim)] = pk
        matcher = self.matcher
        alive = matcher.bm25.alive
        indexed = {matcher.ids[row] for row in range(len(matcher)) if alive[row]}
        gone = indexed - present.keys()
        for value in gone:
            matcher.remove(value)
        self.removed += len(gone)
        missing = [pk for value, pk in present.items() if value not in indexed]
        for row in self._rows(MatchEntry.objects.filter(pk__in=missing)) if missing else ():
            doc = self._doc(row)
            if doc is not None:
                matcher.add(doc["id"], doc["claim"], doc["title"], lang=doc["lang"], vectors=doc["vectors"])
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
