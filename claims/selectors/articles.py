"""Articles: the list (page and API), one article with its claims, and the counts of an
article's claims that its page, its progress poll and the CLI show."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from ..models import Article, Claim
from .common import count_related, with_finding_counts

V, S = Claim.Verification, Claim.Status
PROCESSING = (Article.State.FETCHING, Article.State.QUEUED, Article.State.EXTRACTING)

_ARTICLE_CLAIM_COLUMNS = (
    "id",
    "article_id",
    "position",
    "text",
    "start",
    "end",
    "score",
    "checkworthy",
    "claim_type",
    "status",
    "verification_state",
    "assignee__id",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


# The claims whose checks the progress counts: check-worthy and not discarded. A claim
# checked and then discarded, or marked not check-worthy, is no longer work to follow.
IN_WORK = Q(checkworthy=True) & ~Q(status=S.DISCARDED)


def with_claim_counts(qs: QuerySet) -> QuerySet:
    """Each article's claims, check-worthy claims and claims whose checks are done, counted
    in the rows' query."""
    in_work = Claim.objects.filter(IN_WORK)
    return qs.annotate(
        n_claims=count_related(Claim.objects, "article"),
        n_checkworthy=count_related(in_work, "article"),
        n_verified=count_related(in_work.filter(verification_state=V.VERIFIED), "article"),
    )


def articles_queryset(params: dict | None = None) -> QuerySet:
    """The articles list, newest first, with its claim counts; the big text columns stay in
    the database. `params`: the API's filters (state, language)."""
    params = params or {}
    qs = with_claim_counts(
        Article.objects.select_related("submitted_by").defer("body", "cleaned_text", "links")
    ).order_by("-created_at", "-id")
    if params.get("state"):
        qs = qs.filter(state=params["state"])
    if params.get("language"):
        qs = qs.filter(language=params["language"])
    return qs


def article_detail_queryset() -> QuerySet:
    """One article with its claims in document order (the submitted body stays in the database)."""
    claims = Claim.objects.select_related("assignee").only(*_ARTICLE_CLAIM_COLUMNS).order_by("position")
    return with_claim_counts(Article.objects.select_related("submitted_by").defer("body", "links")).prefetch_related(
        Prefetch("claims", queryset=claims, to_attr="claim_list")
    )


def article_for_page(pk: int) -> Article | None:
    # The submitted body is never shown; the cleaned text only when the page is rendered
    # (a deferred field loads on first use).
    return Article.objects.defer("body", "cleaned_text").filter(pk=pk).first()


def article_for_change(pk: int) -> Article | None:
    """An article whose claims a reviewer changes (adding one reads the cleaned text)."""
    return Article.objects.defer("body").filter(pk=pk).first()


def article_claims(article) -> list[Claim]:
    """The article's claims in document order, with their assignees (the article page)."""
    return list(with_finding_counts(article.claims.select_related("assignee")).order_by("position"))


def article_claim_counts(article) -> dict:
    """Everything anyone counts about an article's claims, in one aggregate query: the
    progress figures, how many await publication, and the latest change (a cache key)."""
    # Aggregated under other names: an aggregate called "checkworthy" would shadow the
    # column the filters below name.
    counts = article.claims.aggregate(
        n_claims=Count("pk"),
        n_checkworthy=Count("pk", filter=IN_WORK),
        n_verified=Count("pk", filter=IN_WORK & Q(verification_state=V.VERIFIED)),
        n_failed=Count("pk", filter=IN_WORK & Q(verification_state=V.FAILED)),
        n_pending=Count("pk", filter=IN_WORK & Q(verification_state=V.PENDING)),
        n_approved=Count("pk", filter=Q(status=S.APPROVED)),
        n_published=Count("pk", filter=Q(status=S.PUBLISHED)),
        latest=Max("updated_at"),
    )
    return {k.removeprefix("n_"): v for k, v in counts.items()}


def article_summary(article) -> dict:
    """Counts for the CLI (`ingest --wait`) and the admin."""
    counts = article_claim_counts(article)
    return {
        "article": article.pk,
        "state": article.state,
        **{k: counts[k] for k in ("claims", "checkworthy", "verified", "failed")},
    }


def article_progress(article, counts: dict | None = None) -> dict:
    """How far the workers are: the article page's bar and its 2-second poll."""
    counts = counts or article_claim_counts(article)
    done = counts["verified"] + counts["failed"]
    total = done + counts["pending"]
    processing = article.state in PROCESSING
    percent = round(100 * done / total) if total else (0 if processing else 100)
    return {
        "processing": processing,
        "pending": processing or counts["pending"] > 0,
        "percent": percent,
        "counts": {k: counts[k] for k in ("claims", "checkworthy", "verified", "failed", "pending")},
    }


def article_progress_rows(article_id: int):
    """(id, status, verification state, check-worthy) of each claim, in order: the poll's rows."""
    return (
        Claim.objects.filter(article_id=article_id)
        .order_by("position")
        .values_list("pk", "status", "verification_state", "checkworthy")
    )


def article_state(pk: int) -> Article | None:
    # Polled every 2 s while work is pending: the few columns it needs, not the body.
    return Article.objects.only("pk", "state", "error").filter(pk=pk).first()


def article_title(pk) -> Article | None:
    """id and title only: the queue's "this article's claims" filter names the article."""
    return Article.objects.filter(pk=pk).only("id", "title").first()
