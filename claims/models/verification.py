"""What the verification workers find for a claim, and the record of what is pending.

PostgreSQL-only search machinery for the reference library (text search configurations,
a generated tsvector column and its GIN index on passages) is created by migration 0003
and is not declared here: Django cannot express it portably, and SQLite runs the fallback
in claims/verification/evidence.py instead. Claim matching searches the MatchEntry table
(claims/models/matching.py) with its own index, claims/matching/.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .articles import Article, Claim


class Level(models.TextChoices):
    """How sure the matcher is that a proposal is the claim (claims/matching/ calibrates it)."""

    SAME = "same", _("Same claim")
    RELATED = "related", _("Related")


class FactCheck(models.Model):
    """An earlier fact-check new claims are matched against: imported ClaimReview, a
    Google Fact Check Tools result, or one of our own approved or published verdicts."""

    class Origin(models.TextChoices):
        CLAIMREVIEW = "claimreview", _("Imported ClaimReview")
        GOOGLE = "google", _("Google Fact Check Tools")
        INTERNAL = "internal", _("Our verdict")

    origin = models.CharField(_("origin"), max_length=12, choices=Origin)
    # Identity for idempotent imports: the review URL plus a hash of the claim reviewed.
    key = models.CharField(max_length=160, unique=True)
    claim_reviewed = models.TextField(_("claim reviewed"))
    # The review's title: indexed with the claim, it often names what the claim leaves implicit.
    headline = models.TextField(_("headline"), blank=True)
    rating_name = models.CharField(_("rating"), max_length=300, blank=True)
    rating_value = models.FloatField(_("rating value"), null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    url = models.URLField(_("review URL"), max_length=2000, blank=True)
    author_name = models.CharField(_("fact-checker"), max_length=300, blank=True)
    author_url = models.URLField(max_length=2000, blank=True)
    claimant = models.CharField(_("claimant"), max_length=300, blank=True)
    appearance_urls = models.JSONField(default=list, blank=True)
    date_published = models.DateField(_("published"), null=True, blank=True)
    claim_date = models.DateField(null=True, blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="published_factchecks"
    )
    created_at = models.DateTimeField(_("imported"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("earlier fact-check")
        verbose_name_plural = _("earlier fact-checks")

    def __str__(self):
        text = self.claim_reviewed if len(self.claim_reviewed) <= 80 else self.claim_reviewed[:79] + "…"
        return f"{text} ({self.rating_name})" if self.rating_name else text


class Source(models.Model):
    """A URL attached to a claim: found in the article, or added by a reviewer."""

    class Origin(models.TextChoices):
        ARTICLE = "article", _("Found in the article")
        REVIEWER = "reviewer", _("Cited in a verdict")  # by a reviewer or an editor: added_by says who

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(_("URL"), max_length=2000)
    title = models.CharField(_("title"), max_length=500, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin, default=Origin.REVIEWER)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Summary of the latest snapshot, so lists need no join to the snapshots.
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    is_dead = models.BooleanField(_("dead link"), default=False)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "url"], name="source_unique_url_per_claim")]
        indexes = [
            # The dead-link re-check reads only dead sources that are due.
            models.Index(fields=["next_check_at"], name="source_recheck_idx", condition=Q(is_dead=True)),
        ]

    def __str__(self):
        return self.url


class Snapshot(models.Model):
    """One fetch of a source, kept as fetched: the archive."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="snapshots")
    requested_url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    # Why no response came (claims.verification.fetch.FetchError.code): pages name the
    # problem in the reader's language from it; `error` is the technical detail.
    error_code = models.CharField(max_length=30, blank=True)
    elapsed_ms = models.PositiveIntegerField(default=0)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-fetched_at"]
        get_latest_by = "fetched_at"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 400 and not self.error

    @property
    def has_copy(self) -> bool:
        """A page came back and was kept: something to show as the archived copy."""
        return self.ok and bool(self.sha256)


class VerificationRun(models.Model):
    """The record of one verification step for one claim (and one source, for archiving).

    The database, not the broker, says what is pending: tasks only trigger work. A worker
    takes a run with a conditional UPDATE, so a message delivered twice runs it once; a
    periodic sweep re-sends runs that stayed queued or running too long.
    """

    class Step(models.TextChoices):
        MATCHING = "matching", _("Earlier fact-checks")
        EVIDENCE = "evidence", _("Reference library")
        ARCHIVE = "archive", _("Source archive")
        FACTCHECK_API = "factcheck_api", _("Google Fact Check Tools")
        LLM = "llm", _("Language model suggestions")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    PENDING_STATES = (State.QUEUED, State.RUNNING)

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="runs")
    # Denormalised from the claim so per-article progress is one indexed query.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="runs")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE, related_name="runs")
    step = models.CharField(max_length=16, choices=Step)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # Celery id of the delivery that holds the run: a redelivery of the same message
    # (its worker died) may take the run over at once instead of waiting for the lease.
    task_id = models.CharField(max_length=64, blank=True)
    result = models.JSONField(default=dict, blank=True)
    enqueued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "step", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "step"], condition=Q(source__isnull=True), name="run_unique_claim_step"
            ),
            models.UniqueConstraint(
                fields=["source", "step"], condition=Q(source__isnull=False), name="run_unique_source_step"
            ),
        ]
        indexes = [
            # The sweep reads only pending runs.
            models.Index(
                fields=["state", "enqueued_at"], name="run_pending_idx", condition=Q(state__in=["queued", "running"])
            ),
            models.Index(fields=["article", "state"], name="run_article_state_idx"),
        ]

    def __str__(self):
        return f"{self.step} for claim {self.claim_id}: {self.state}"

    @property
    def duration_ms(self) -> int | None:
        """How long the last attempt took."""
        if self.started_at and self.finished_at:
            return int((self.finished_at - self.started_at).total_seconds() * 1000)
        return None


class ClaimMatch(models.Model):
    """A similar earlier fact-check found for a claim, best first."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    factcheck = models.ForeignKey(FactCheck, on_delete=models.CASCADE, related_name="matches")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    created_at = models.DateTimeField(default=timezone.now)

    level = models.CharField(max_length=8, choices=Level, default=Level.RELATED)
    # Why it was proposed: shared terms, numbers, entities, the semantic score (claims/matching/).
    reasons = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["claim_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["claim", "factcheck"], name="match_unique_pair")]
