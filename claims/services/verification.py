"""Verification runs: creating, taking, finishing and re-sending them.

The database is the record of what is pending (pretix's lesson): a VerificationRun row
per claim and step. Celery messages only say "look at these runs". A worker takes a
run with one conditional UPDATE (queued, or running but abandoned), works outside any
transaction, and finishes it in a short transaction that first locks the claim row,
checks the run is still its own, then writes the results. So a message delivered twice
runs once, a killed worker's run is taken over, and two finishing runs of one claim
cannot both miss each other when the claim's overall state is recomputed.
"""

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Now
from django.utils import timezone

from factcheck.logs import log_context

from ..matching.find import SAME, Query, find_matches_many, score_candidates
from ..matching.runtime import embedder
from ..models import Claim, ClaimMatch, ClaimRepeat, EvidenceMatch, Snapshot, Source, VerificationRun
from ..verification import archive, evidence
from ..verification.connectors import google_factcheck, llm
from ..verification.connectors.base import ConnectorError
from .commit import after_commit
from .dispatch import send_task
from .history import Action, record
from .leases import lease, stale_ids
from .match_index import index_claims, index_factchecks
from .matching import link_if_identical

log = logging.getLogger(__name__)

Step = VerificationRun.Step
State = VerificationRun.State
LOCAL_STEPS = (Step.MATCHING, Step.EVIDENCE)
TERMINAL = (State.SUCCEEDED, State.FAILED)


class StepError(Exception):
    def __init__(self, message: str, *, transient: bool):
        super().__init__(message)
        self.transient = transient


# --- Creating and sending ---------------------------------------------------------


def enabled_claim_steps() -> list[str]:
    steps = [Step.MATCHING, Step.EVIDENCE]
    if google_factcheck.enabled():
        steps.append(Step.FACTCHECK_API)
    if llm.enabled():
        steps.append(Step.LLM)
    return steps


def runs_create(claims, *, steps: list[str] | None = None) -> list[int]:
    """Queue the claim steps (and archiving of each source) for these claims; runs that
    already exist are left alone. Returns the ids of the runs now queued. Sends them on commit."""
    claims = list(claims)
    if not claims:
        return []
    steps = enabled_claim_steps() if steps is None else steps
    now = timezone.now()
    new = [VerificationRun(claim=c, article_id=c.article_id, step=s, enqueued_at=now) for c in claims for s in steps]
    sources = Source.objects.filter(claim__in=claims).only("id", "claim_id", "claim__article_id")
    if not settings.FACTCHECK_ARCHIVE_SOURCES:
        sources = sources.none()
    new += [
        VerificationRun(
            claim_id=src.claim_id, article_id=src.claim.article_id, source=src, step=Step.ARCHIVE, enqueued_at=now
        )
        for src in sources.select_related("claim")
    ]
    # A unique constraint per (claim, step) and (source, step): an existing run is kept.
    VerificationRun.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    ids = list(VerificationRun.objects.filter(claim__in=claims, state=State.QUEUED).values_list("id", flat=True))
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(
        verification_state=Claim.Verification.PENDING, updated_at=Now()
    )
    send_on_commit(ids)
    return ids


def send_on_commit(run_ids: list[int]) -> None:
    if run_ids:
        # robust: a broker outage must not break the caller; the sweep sends them later.
        after_commit(send, list(run_ids))


def send(run_ids: list[int], countdown: float | None = None) -> None:
    """Publish tasks for these runs: local steps batched, network steps one per task."""
    rows = list(VerificationRun.objects.filter(pk__in=run_ids).values_list("id", "step", "claim_id"))
    local = [pk for pk, step, _ in sorted(rows, key=lambda r: r[2]) if step in LOCAL_STEPS]
    batch = settings.FACTCHECK_VERIFY_BATCH * len(LOCAL_STEPS)
    for i in range(0, len(local), batch):
        send_task("execute_runs", local[i : i + batch], countdown=countdown)
    for pk, step, _ in rows:
        if step not in LOCAL_STEPS and step != Step.LLM:
            # Fetching sources waits on other people's servers: a queue (and workers) of its own.
            queue = "archiving" if step == Step.ARCHIVE else "verification"
            send_task("execute_runs", [pk], countdown=countdown, queue=queue)
    # The language model comments on the evidence found: it is sent when that run ends.
    llm_runs = [pk for pk, step, _ in rows if step == Step.LLM]
    if llm_runs:
        ready = VerificationRun.objects.filter(
            step=Step.EVIDENCE,
            state__in=TERMINAL,
            claim_id__in=VerificationRun.objects.filter(pk__in=llm_runs).values("claim_id"),
        ).values_list("claim_id", flat=True)
        for pk in VerificationRun.objects.filter(pk__in=llm_runs, claim_id__in=list(ready)).values_list(
            "pk", flat=True
        ):
            send_task("execute_runs", [pk], countdown=countdown)


# --- Taking and finishing ---------------------------------------------------------


def runs_take(run_ids: list[int], task_id: str) -> list[VerificationRun]:
    """Take the runs that are free: queued, abandoned past their lease, or held by an
    earlier delivery of this very message (its worker died mid-task: Celery re-delivers
    a message only when its consumer is gone, acks_late + reject_on_worker_lost)."""
    now = timezone.now()
    free = Q(state=State.QUEUED) | Q(state=State.RUNNING, lease_expires_at__lt=now)
    if task_id:
        free |= Q(state=State.RUNNING, task_id=task_id)
    VerificationRun.objects.filter(pk__in=run_ids).filter(free).update(
        state=State.RUNNING,
        attempts=F("attempts") + 1,
        task_id=task_id,
        started_at=now,
        lease_expires_at=now + lease(),
    )
    # started_at = now identifies this take: another worker's take has another timestamp.
    return list(
        VerificationRun.objects.filter(
            pk__in=run_ids, state=State.RUNNING, task_id=task_id, started_at=now
        ).select_related("claim", "source")
    )


def claims_refresh_state(claim_ids) -> None:
    """Recompute claims' overall verification state from their runs, in one UPDATE
    (the caller holds the claims' row locks, so no finishing run is missed)."""
    runs = VerificationRun.objects.filter(claim_id=OuterRef("pk"))
    # updated_at too: pages cache what they render from a claim until it changes.
    Claim.objects.filter(pk__in=list(claim_ids)).update(
        updated_at=Now(),
        verification_state=Case(
            When(Exists(runs.filter(state__in=VerificationRun.PENDING_STATES)), then=Value(Claim.Verification.PENDING)),
            When(Exists(runs.filter(state=State.FAILED)), then=Value(Claim.Verification.FAILED)),
            When(Exists(runs), then=Value(Claim.Verification.VERIFIED)),
            default=Value(Claim.Verification.NONE),
        ),
    )


@dataclass
class Done:
    """A step's successful outcome: what to store, written when the run is finished."""

    result: dict
    # (model, rows): the claim's earlier rows of that model are replaced by these.
    replace: list[tuple[type, list]] = field(default_factory=list)
    # Other writes (a snapshot, a source's status), run inside the finishing transaction.
    after: Callable[[], None] | None = None


def _finish(outcomes: list[tuple[VerificationRun, "Done | StepError"]]) -> list[VerificationRun]:
    """Write the outcomes of runs taken together (one take: same task id and start time)
    in one transaction. Runs no longer ours (taken over after our lease ran out) are skipped."""
    if not outcomes:
        return []
    now = timezone.now()
    first = outcomes[0][0]
    retry: list[tuple[VerificationRun, str]] = []
    replaced: dict[type, tuple[set, list]] = {}
    with transaction.atomic():
        # The claims' row locks, always in id order (no deadlock between two batches),
        # serialise everything that changes a claim's runs, so the state recomputed
        # below sees every other finished run.
        claim_ids = sorted({run.claim_id for run, _ in outcomes})
        list(Claim.objects.select_for_update().filter(pk__in=claim_ids).order_by("pk").values_list("pk", flat=True))
        mine = set(
            VerificationRun.objects.filter(
                pk__in=[run.pk for run, _ in outcomes],
                state=State.RUNNING,
                task_id=first.task_id,
                started_at=first.started_at,
            ).values_list("pk", flat=True)
        )
        succeeded, failed = [], []
        for run, outcome in outcomes:
            if run.pk not in mine:
                continue
            if isinstance(outcome, StepError):
                if outcome.transient and run.attempts < settings.FACTCHECK_RUN_MAX_ATTEMPTS:
                    retry.append((run, str(outcome)[:2000]))
                else:
                    failed.append((run, str(outcome)[:2000]))
                continue
            succeeded.append(run)
            if outcome.result:
                VerificationRun.objects.filter(pk=run.pk).update(result=outcome.result)
            for model, rows in outcome.replace:
                ids, all_rows = replaced.setdefault(model, (set(), []))
                ids.add(run.claim_id)
                all_rows.extend(rows)
            if outcome.after:
                outcome.after()
        for model, (ids, rows) in replaced.items():
            model.objects.filter(claim_id__in=ids).delete()
            model.objects.bulk_create(rows)
        if succeeded:
            VerificationRun.objects.filter(pk__in=[r.pk for r in succeeded]).update(
                state=State.SUCCEEDED, error="", finished_at=now, lease_expires_at=None
            )
        # Errors differ run by run; failures are few, so one UPDATE each is fine.
        for run, error in failed:
            VerificationRun.objects.filter(pk=run.pk).update(
                state=State.FAILED, error=error, finished_at=now, lease_expires_at=None
            )
        for run, error in retry:
            VerificationRun.objects.filter(pk=run.pk).update(
                state=State.QUEUED, error=error, enqueued_at=now, lease_expires_at=None
            )
        finished = succeeded + [run for run, _ in failed]
        claims_refresh_state(claim_ids)
        for run, _ in retry:
            # Exponential backoff with jitter: 2, 4, 8 ... seconds, at most 5 minutes.
            after_commit(send, [run.pk], min(300, 2**run.attempts) * (0.75 + random.random() / 2))
        evidence_done = [r.claim_id for r in finished if r.step == Step.EVIDENCE]
        if evidence_done:
            waiting = VerificationRun.objects.filter(claim_id__in=evidence_done, step=Step.LLM, state=State.QUEUED)
            send_on_commit(list(waiting.values_list("pk", flat=True)))
    return finished


def runs_execute(run_ids: list[int], task_id: str) -> int:
    """Do the work of these runs (the Celery task's body). Returns how many finished."""
    taken = runs_take(run_ids, task_id)
    outcomes = []
    # A run taken more often than allowed never finished before: its worker died on it (or the
    # message came back after each crash). It fails with the reason instead of looping forever.
    limit = settings.FACTCHECK_RUN_MAX_ATTEMPTS
    exhausted = [run for run in taken if run.attempts > limit]
    for run in exhausted:
        outcomes.append((run, StepError(f"attempted {run.attempts - 1} times without finishing", transient=False)))
    taken = [run for run in taken if run.attempts <= limit]
    claim_ids = sorted({run.claim_id for run in taken})
    article_ids = {run.article_id for run in taken}
    with log_context(
        claim_ids=claim_ids or None,
        claim_id=claim_ids[0] if len(claim_ids) == 1 else None,
        article_id=next(iter(article_ids)) if len(article_ids) == 1 else None,
    ):
        if taken:
            log.info("verifying: %s", ", ".join(sorted({run.step for run in taken})))
        return _execute_taken(taken, outcomes)


def _execute_taken(taken, outcomes) -> int:
    # The search steps of a batch run together: one round trip per step for all claims.
    for step, batch in ((Step.MATCHING, _steps_matching), (Step.EVIDENCE, _steps_evidence)):
        runs = [run for run in taken if run.step == step]
        if runs:
            outcomes += _guarded(runs, batch)
    for run in taken:
        if run.step not in LOCAL_STEPS:
            outcomes += _guarded([run], lambda runs: [_STEPS[runs[0].step](runs[0])])
    return len(_finish(outcomes))


def _guarded(runs, compute) -> list[tuple[VerificationRun, "Done | StepError"]]:
    """Outcomes of compute(runs), or the same error for each run when it raises."""
    try:
        return list(zip(runs, compute(runs)))
    except StepError as exc:
        outcome = exc
    except SoftTimeLimitExceeded:
        outcome = StepError("took longer than the task time limit", transient=True)
    except Exception as exc:  # a bug in one step must fail its runs visibly, not the batch
        log.exception("verification step %s failed for runs %s", runs[0].step, [r.pk for r in runs])
        outcome = StepError(f"{type(exc).__name__}: {exc}", transient=False)
    return [(run, outcome) for run in runs]


# --- The steps: compute outside any transaction, return a writer -----------------


MATCHES_KEPT = 5  # earlier fact-checks stored per claim
REPEATS_KEPT = 3  # earlier claims of ours stored per claim


def _steps_matching(runs) -> list[Done]:
    """Earlier fact-checks and earlier claims of ours that each claim repeats. The claims'
    embeddings are computed once, used as the query and stored as their own match entries
    (so later claims find them), when the run is finished."""
    claims = [r.claim for r in runs]
    vectors = embedder().encode([c.text for c in claims])
    siblings: dict[int, list[int]] = {}
    for pk, article_id in Claim.objects.filter(article_id__in={c.article_id for c in claims}).values_list(
        "pk", "article_id"
    ):
        siblings.setdefault(article_id, []).append(pk)
    queries = [
        Query(c.text, c.language, c.pk, exclude_claims=tuple(siblings.get(c.article_id, ())), vector=v)
        for c, v in zip(claims, vectors)
    ]
    found = find_matches_many(queries, limit=MATCHES_KEPT + REPEATS_KEPT)
    out = []
    for claim, vector, proposals in zip(claims, vectors, found):
        factchecks = [p for p in proposals if p.kind == "factcheck"][:MATCHES_KEPT]
        # Only claims older than this one: "the same claim as #123" points back in time.
        repeats = [p for p in proposals if p.kind == "claim" and p.object_id < claim.pk][:REPEATS_KEPT]
        rows = [
            ClaimMatch(
                claim_id=claim.pk, factcheck_id=p.object_id, rank=i, score=p.score, level=p.level, reasons=p.reasons
            )
            for i, p in enumerate(factchecks, 1)
        ]
        repeat_rows = [
            ClaimRepeat(
                claim_id=claim.pk, earlier_id=p.object_id, rank=i, score=p.score, level=p.level, reasons=p.reasons
            )
            for i, p in enumerate(repeats, 1)
        ]

        def after(claim=claim, vector=vector, repeats=repeats):
            index_claims([claim], [vector])
            if repeats and repeats[0].level == SAME:
                link_if_identical(claim, repeats[0].object_id)

        # What was found is the rows themselves: nothing to add in the run's result.
        out.append(Done({}, [(ClaimMatch, rows), (ClaimRepeat, repeat_rows)], after=after))
    return out


def _steps_evidence(runs) -> list[Done]:
    found = evidence.find_evidence_many([(r.claim.text, r.claim.language) for r in runs])
    return [
        Done(
            {},
            [
                (
                    EvidenceMatch,
                    [
                        EvidenceMatch(
                            claim_id=run.claim_id,
                            passage_id=e.passage_id,
                            rank=i,
                            score=e.score,
                            snippet=e.snippet,
                            highlights=e.highlights,
                        )
                        for i, e in enumerate(items, 1)
                    ],
                )
            ],
        )
        for run, items in zip(runs, found)
    ]


def _step_archive(run):
    source = run.source
    result = archive.archive_url(source.url)
    if result.transient and run.attempts < settings.FACTCHECK_RUN_MAX_ATTEMPTS:
        raise StepError(result.error or f"HTTP {result.status_code}", transient=True)

    def write():
        now = timezone.now()
        Snapshot.objects.create(
            source=source,
            requested_url=source.url,
            final_url=result.final_url[:2000],
            status_code=result.status_code,
            content_type=result.content_type[:100],
            title=result.title,
            text=result.text,
            sha256=result.sha256,
            size=result.size,
            error=result.error,
            error_code=result.error_code,
            elapsed_ms=result.elapsed_ms,
            fetched_at=now,
        )
        dead = result.dead
        if dead != source.is_dead or source.last_checked_at is None:
            # A link going dead (or coming back) is part of the claim's story.
            record(
                source.claim_id,
                None,
                Action.LINK_DEAD if dead else Action.LINK_ARCHIVED,
                subject="source",
                subject_id=source.pk,
                changes={
                    "http_status": [source.last_status, result.status_code],
                    **({"problem": [None, result.error_code]} if result.error_code else {}),
                },
            )
        Source.objects.filter(pk=source.pk).update(
            last_status=result.status_code,
            is_dead=dead,
            last_checked_at=now,
            next_check_at=now + timedelta(hours=settings.FACTCHECK_RECHECK_HOURS) if dead else None,
            title=source.title or result.title[:500],
        )

    return Done({"status": result.status_code, "dead": result.dead, "error": result.error}, after=write)


def _step_factcheck_api(run):
    claim = run.claim
    try:
        items = google_factcheck.search_claims(claim.text, claim.language)
    except ConnectorError as exc:
        raise StepError(str(exc), transient=exc.transient) from None
    from .factchecks import factcheck_upsert_google

    def write():
        ids = [pk for pk, _text, _lang in factcheck_upsert_google(items)]
        index_factchecks(ids)
        proposals = score_candidates(
            claim.text, claim.language, [("factcheck", pk) for pk in ids], found_by="Google Fact Check Tools"
        )
        # After the matches of our own index: ranks continue from theirs.
        existing = ClaimMatch.objects.filter(claim_id=claim.pk).count()
        ClaimMatch.objects.bulk_create(
            [
                ClaimMatch(
                    claim_id=claim.pk,
                    factcheck_id=p.object_id,
                    rank=existing + i,
                    score=p.score,
                    level=p.level,
                    reasons=p.reasons,
                )
                for i, p in enumerate(proposals, 1)
            ],
            ignore_conflicts=True,
        )

    return Done({"results": len(items)}, after=write)


def _step_llm(run):
    claim = run.claim
    found = list(EvidenceMatch.objects.filter(claim_id=claim.pk).select_related("passage").order_by("rank"))
    try:
        parts = llm.decompose_claim(claim.text, claim.language)
        stances = llm.passage_stances(claim.text, [e.passage.text for e in found], claim.language) if found else []
    except ConnectorError as exc:
        raise StepError(str(exc), transient=exc.transient) from None

    def write():
        for match, stance in zip(found, stances):
            EvidenceMatch.objects.filter(pk=match.pk).update(
                stance=stance["stance"], stance_confidence=stance["confidence"], stance_rationale=stance["rationale"]
            )

    return Done({"decomposition": parts, "stances": len(stances)}, after=write)


_STEPS = {
    Step.ARCHIVE: _step_archive,
    Step.FACTCHECK_API: _step_factcheck_api,
    Step.LLM: _step_llm,
}


# --- Sweeps and operator actions -------------------------------------------------------


def runs_requeue_stale(*, older_than: timedelta | None = None, limit: int = 5000) -> list[int]:
    """Send again the runs whose message was lost: queued and not taken for a while, or
    running past their lease (the worker died and the broker did not give the message back)."""
    stale = stale_ids(
        lambda sweep: VerificationRun.objects.filter(
            Q(state=State.QUEUED, enqueued_at__lt=sweep.queued_before)
            | Q(state=State.RUNNING, lease_expires_at__lt=sweep.now)
        ),
        older_than=older_than,
        limit=limit,
    )
    if stale:
        VerificationRun.objects.filter(pk__in=stale, state=State.QUEUED).update(enqueued_at=timezone.now())
        send_on_commit(stale)
    return stale


def runs_requeue(*, article_id: int | None = None, claim_id: int | None = None) -> list[int]:
    """Verify again (operator action): finished runs go back to the queue and missing ones
    are created; running ones are left to finish."""
    claims = Claim.objects.filter(checkworthy=True)
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    if claim_id is not None:
        claims = Claim.objects.filter(pk=claim_id)
    with transaction.atomic():
        claim_list = list(claims)
        now = timezone.now()
        VerificationRun.objects.filter(claim__in=claim_list, state__in=TERMINAL).update(
            state=State.QUEUED, enqueued_at=now, error="", attempts=0
        )
        return runs_create(claim_list)


def sources_recheck_dead(*, limit: int = 500) -> list[int]:
    """Queue the archive runs of dead links that are due for another look."""
    now = timezone.now()
    with transaction.atomic():
        due = list(Source.objects.filter(is_dead=True, next_check_at__lte=now).values_list("pk", flat=True)[:limit])
        runs = VerificationRun.objects.filter(source_id__in=due, step=Step.ARCHIVE, state__in=TERMINAL)
        ids = list(runs.values_list("pk", flat=True))
        runs.update(state=State.QUEUED, enqueued_at=now, attempts=0, error="")
        Source.objects.filter(pk__in=due).update(next_check_at=now + timedelta(hours=settings.FACTCHECK_RECHECK_HOURS))
        claims_refresh_state(set(VerificationRun.objects.filter(pk__in=ids).values_list("claim_id", flat=True)))
        send_on_commit(ids)
    return ids


__all__ = [
    "LOCAL_STEPS",
    "StepError",
    "claims_refresh_state",
    "enabled_claim_steps",
    "runs_create",
    "runs_execute",
    "runs_requeue",
    "runs_requeue_stale",
    "runs_take",
    "send",
    "sources_recheck_dead",
]
