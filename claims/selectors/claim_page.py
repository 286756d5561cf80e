"""One claim: everything its review page shows (what the workers found, the verdict with
its sources, history, the rating scale), the API's claim and verdict, and the workers'
findings a reviewer adopts as a source."""

import re
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Substr

from ..models import (
    Article,
    Claim,
    ClaimMatch,
    ClaimRepeat,
    EvidenceMatch,
    Level,
    MatchMark,
    Rating,
    Source,
    Verdict,
    VerdictSource,
    VerificationRun,
)
from ..web_address import http_url
from .archive import archive_state
from .common import count_related, latest_snapshot, rating_scale
from .history import claim_history, describe

HISTORY_LIMIT = 200  # the page shows the latest changes; the admin's history list keeps them all
# Of each source's latest fetch: what the page says about its archiving.
SNAPSHOT_COLUMNS = ("id", "final_url", "title", "fetched_at", "error", "error_code", "status_code", "sha256")


@dataclass
class ClaimPage:
    claim: Claim
    # The article's own words around the claim and at its place: what the article says,
    # whatever a reviewer made of the claim's text since (`edited` when they differ).
    before: str = ""
    original: str = ""
    after: str = ""
    edited: bool = False
    verdict: Verdict | None = None
    verdict_sources: list = field(default_factory=list)
    matches: list = field(default_factory=list)
    repeats: list = field(default_factory=list)
    linked_verdict: Verdict | None = None
    evidence: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    runs: list = field(default_factory=list)
    history: list = field(default_factory=list)
    ratings: list = field(default_factory=list)

    @property
    def latest_history_id(self) -> int:
        return self.history[0].pk if self.history else 0


def highlight_segments(text: str, highlights) -> list[tuple[str, bool]]:
    """Split a snippet into (text, highlighted) parts from [[start, end], ...] offsets.
    The template escapes every part and wraps the highlighted ones in <mark>: the snippet
    is never marked safe. Overlapping or out-of-range offsets are clipped."""
    parts, at = [], 0
    for pair in sorted(
        (p for p in highlights or [] if isinstance(p, (list, tuple)) and len(p) == 2), key=lambda p: p[0]
    ):
        try:
            start, end = max(int(pair[0]), at), min(int(pair[1]), len(text))
        except (TypeError, ValueError):
            continue
        if start >= end:
            continue
        if start > at:
            parts.append((text[at:start], False))
        parts.append((text[start:end], True))
        at = end
    if at < len(text):
        parts.append((text[at:], False))
    return parts


def claim_page_data(claim: Claim, *, with_ratings: bool = True) -> ClaimPage:
    """Everything the claim page shows, in a fixed number of queries: the article's text
    around the claim, verdict (+ its sources), matches, evidence, sources (+ latest
    snapshot), verification runs, history (ratings come from the cache)."""
    page = ClaimPage(claim=claim)
    page.before, page.original, page.after = claim_context(claim)
    page.edited = " ".join(page.original.split()) != " ".join(claim.text.split())
    page.verdict = (
        claim.verdicts.select_related("rating", "author", "reviewed_by")
        .prefetch_related(Prefetch("sources", VerdictSource.objects.select_related("source")))
        .order_by("-number")
        .first()
    )
    if page.verdict is not None:
        page.verdict_sources = list(page.verdict.sources.all())
        for cited in page.verdict_sources:
            cited.href = http_url(cited.source.url)
    # The reviewer's marks come with the proposals (a subquery each), not in queries of their own.
    marks = MatchMark.objects.filter(claim=claim)
    page.matches = list(
        ClaimMatch.objects.filter(claim=claim)
        .select_related("factcheck")
        .defer("factcheck__raw", "factcheck__appearance_urls")
        .annotate(mark=Subquery(marks.filter(factcheck=OuterRef("factcheck_id")).values("same")[:1]))
        .order_by("rank")
    )
    for match in page.matches:
        match.href = http_url(match.factcheck.url)
    # Same-claim proposals first: the one a reviewer acts on sits at the top.
    page.matches.sort(key=lambda m: (m.level != Level.SAME, m.rank))
    page.repeats = claim_repeats(claim, marks)
    if claim.same_as_id:
        page.linked_verdict = (
            Verdict.objects.filter(claim_id=claim.same_as_id).select_related("rating").order_by("-number").first()
        )
    page.evidence = list(
        EvidenceMatch.objects.filter(claim=claim)
        .select_related("passage__document")
        .defer("passage__match_text", "passage__document__text")
        .order_by("rank")
    )
    for match in page.evidence:
        match.segments = highlight_segments(match.snippet, match.highlights)
        match.href = http_url(match.passage.document.source_url)
    page.sources = list(
        Source.objects.filter(claim=claim)
        .annotate(
            **{f"snap_{c}": latest_snapshot(c) for c in SNAPSHOT_COLUMNS},
        )
        .select_related("added_by")
        .order_by("id")
    )
    for source in page.sources:
        source.href, source.snap_href = http_url(source.url), http_url(source.snap_final_url)
        source.archive = archive_state(
            snapshot_id=source.snap_id,
            status_code=source.snap_status_code,
            error_code=source.snap_error_code or "",
            error=source.snap_error or "",
            sha256=source.snap_sha256 or "",
        )
    page.runs = list(
        VerificationRun.objects.filter(claim=claim, source__isnull=True)
        .only("id", "step", "state", "error", "finished_at", "attempts")
        .order_by("step")
    )
    page.history = describe(claim_history(claim, HISTORY_LIMIT))
    if with_ratings:
        page.ratings = active_ratings()
    return page


def active_ratings() -> list[Rating]:
    """The rating scale offered to reviewers (a retired rating cannot be saved again)."""
    return [r for r in rating_scale() if r.active]


def claim_for_page(pk: int) -> Claim | None:
    # The article's body and cleaned text can be megabytes; claim pages use other claims
    # for context, not the text.
    return (
        Claim.objects.select_related("article", "assignee", "same_as__article")
        .defer("article__body", "article__cleaned_text", "same_as__article__body", "same_as__article__cleaned_text")
        .filter(pk=pk)
        .first()
    )


def claim_repeats(claim, marks=None) -> list[ClaimRepeat]:
    """Earlier claims of ours this claim repeats, with their article and current verdict
    (rating, state) and the reviewer's mark: one query."""
    marks = marks if marks is not None else MatchMark.objects.filter(claim=claim)
    latest = Verdict.objects.filter(claim=OuterRef("earlier_id")).order_by("-number")
    repeats = list(
        ClaimRepeat.objects.filter(claim=claim)
        .select_related("earlier__article")
        .only(
            "id",
            "claim_id",
            "rank",
            "score",
            "level",
            "reasons",
            "earlier__id",
            "earlier__text",
            "earlier__status",
            "earlier__article__id",
            "earlier__article__title",
        )
        .annotate(
            verdict_state=Subquery(latest.values("state")[:1]),
            verdict_rating_id=Subquery(latest.values("rating_id")[:1]),
            mark=Subquery(marks.filter(earlier=OuterRef("earlier_id")).values("same")[:1]),
        )
        .order_by("rank")
    )
    ratings = {r.pk: r for r in Rating.objects.all()} if any(r.verdict_rating_id for r in repeats) else {}
    for repeat in repeats:
        repeat.rating = ratings.get(repeat.verdict_rating_id)
        repeat.verdict_state_label = Verdict.State(repeat.verdict_state).label if repeat.verdict_state else ""
    return sorted(repeats, key=lambda r: (r.level != Level.SAME, r.rank))


CONTEXT_CHARS = 600  # read on each side of the claim; cut back to whole sentences
_SENTENCE_END = re.compile(r"[.!?…][\"»”’)]*\s+|\n+")


def claim_context(claim) -> tuple[str, str, str]:
    """(before, original, after): the article's cleaned text before the claim, at its span,
    and after it, about a sentence or two each way. One query that reads slices of the text,
    never the whole (it can be megabytes)."""
    start, end = max(claim.start, 0), max(claim.end, claim.start, 0)
    lead = min(start, CONTEXT_CHARS)
    row = (
        Article.objects.filter(pk=claim.article_id)
        .annotate(
            # SQL strings count from 1; Python offsets from 0.
            ctx_before=Substr("cleaned_text", Value(start - lead + 1), Value(lead)),
            ctx_original=Substr("cleaned_text", Value(start + 1), Value(end - start)),
            ctx_after=Substr("cleaned_text", Value(end + 1), Value(CONTEXT_CHARS)),
        )
        .values_list("ctx_before", "ctx_original", "ctx_after")
        .first()
    )
    if row is None:
        return "", "", ""
    before, original, after = (x or "" for x in row)
    ends = list(_SENTENCE_END.finditer(before))
    # The last two sentences before the claim; a slice that began mid-sentence starts at
    # the first whole one it holds.
    cut = ends[-3].end() if len(ends) >= 3 else 0
    if cut == 0 and start > lead and len(ends) >= 2:
        cut = ends[0].end()
    before = ("… " if start - lead + cut > 0 else "") + before[cut:].lstrip()
    ends = list(_SENTENCE_END.finditer(after))
    if len(ends) >= 2 and ends[1].end() < len(after):
        after = after[: ends[1].end()].rstrip() + " …"
    elif len(after) == CONTEXT_CHARS:
        after = after.rstrip() + " …"
    return before, original, after


# --- What a reviewer adopts as a source (scoped to the claim: other claims' ids are not found) ---


def claim_factcheck_match(claim, pk: int) -> ClaimMatch | None:
    return ClaimMatch.objects.select_related("factcheck").filter(claim=claim, pk=pk).first()


def claim_evidence(claim, pk: int) -> EvidenceMatch | None:
    return (
        EvidenceMatch.objects.select_related("passage__document")
        .defer("passage__document__text")
        .filter(claim=claim, pk=pk)
        .first()
    )


def claim_source(claim, pk: int) -> Source | None:
    """A source of the claim, with the title of its latest archive fetch (snap_title)."""
    return Source.objects.filter(claim=claim, pk=pk).annotate(snap_title=latest_snapshot("title")).first()


# --- The API ---------------------------------------------------------------------------------


def claim_detail_queryset() -> QuerySet:
    """Claims with their article's title, assignee, verdicts (newest first) and the counts of
    what the workers found: four queries for one claim or a page of them."""
    return (
        Claim.objects.select_related("article", "assignee", "same_as__article")
        .defer("article__body", "article__cleaned_text", "article__links")
        .annotate(
            n_matches=count_related(ClaimMatch.objects, "claim"),
            n_evidence=count_related(EvidenceMatch.objects, "claim"),
            n_sources=count_related(Source.objects, "claim"),
        )
        .prefetch_related(
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.select_related("rating", "author").order_by("-number"),
                to_attr="verdict_list",
            )
        )
    )


def verdict_with_sources(verdict_id: int) -> Verdict:
    """A verdict with its rating, people, and cited sources with the latest archive fetch of
    each (annotated, so a source fetched every day for years is still one row)."""
    cited = (
        VerdictSource.objects.select_related("source")
        .annotate(
            **{
                f"snap_{c}": latest_snapshot(c, "source_id")
                for c in ("id", "fetched_at", "status_code", "final_url", "error")
            }
        )
        .order_by("position", "id")
    )
    return (
        Verdict.objects.select_related("rating", "author", "reviewed_by")
        .prefetch_related(Prefetch("sources", queryset=cited))
        .get(pk=verdict_id)
    )
