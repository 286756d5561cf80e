from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import TouchingQuerySet


class Article(models.Model):
    class ContentType(models.TextChoices):
        TEXT = "text/plain", _("Plain text")
        MARKDOWN = "text/markdown", _("Markdown")
        HTML = "text/html", _("HTML")

    class State(models.TextChoices):
        # Submitted as a URL: a worker fetches the page (never the web request), then the
        # article goes on to QUEUED like a pasted one.
        FETCHING = "fetching", _("Fetching the page")
        QUEUED = "queued", _("Queued")
        EXTRACTING = "extracting", _("Extracting claims")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=500, blank=True)
    body = models.TextField(_("body as submitted"))
    # SHA-256 of the submitted body: finds re-submissions (load_seeds is idempotent through it).
    body_sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    cleaned_text = models.TextField(_("cleaned text"), blank=True)
    content_type = models.CharField(_("content type"), max_length=20, choices=ContentType, default=ContentType.TEXT)
    language = models.CharField(_("language"), max_length=12, blank=True)
    # Set when the language is not one the extraction rules know (Italian, English):
    # the claims are still extracted, with the language-independent rules.
    language_note = models.CharField(_("language note"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
    origin = models.CharField(
        _("origin"),
        max_length=300,
        blank=True,
        help_text=_("Where the article came from: a file name, 'paste', 'seed:…'."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    # Every link found in the article (Markdown/HTML anchors, bare URLs), in order.
    links = models.JSONField(_("links"), default=list, blank=True)
    state = models.CharField(_("processing state"), max_length=12, choices=State, default=State.QUEUED)
    error = models.TextField(_("processing error"), blank=True)
    attempts = models.PositiveIntegerField(_("processing attempts"), default=0)
    processing_started_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    # Indexed: MAX(updated_at) tells the page cache whether anything changed.
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = TouchingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # The sweep that re-queues articles stuck in processing reads only these rows.
            models.Index(
                fields=["state", "processing_started_at"],
                name="article_pending_idx",
                condition=Q(state__in=["queued", "extracting"]),
            ),
            # The sweep that re-sends lost or abandoned URL fetches reads only these rows.
            models.Index(
                fields=["processing_started_at", "created_at"],
                name="article_fetching_idx",
                condition=Q(state="fetching"),
            ),
        ]

    def __str__(self):
        return self.title or f"Article {self.pk}"


class Claim(models.Model):
    class Type(models.TextChoices):
        STATISTIC = "statistic", _("Statistic")
        QUOTE = "quote", _("Quote / attribution")
        CAUSAL = "causal", _("Causal")
        COMPARISON = "comparison", _("Comparison")
        PREDICTION = "prediction", _("Prediction")
        OPINION = "opinion", _("Opinion")
        OTHER = "other", _("Other")
        # Where the claim stands rather than what kind it is: the article's headline or
        # standfirst (listed first), or the caption of one of its pictures.
        HEADLINE = "headline", _("Headline")
        CAPTION = "caption", _("Image caption")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")  # a reviewer drafts a verdict (or it was sent back)
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")
        # The same claim as an earlier one (Claim.same_as): that claim's verdict is its verdict.
        LINKED = "linked", _("Same as an earlier claim")

    class DiscardReason(models.TextChoices):
        NOT_A_CLAIM = "not_a_claim", _("Not a claim")
        OPINION = "opinion", _("Opinion")
        DUPLICATE = "duplicate", _("Duplicate")
        OTHER = "other", _("Other")

    class Origin(models.TextChoices):
        MACHINE = "machine", _("Extracted")
        REVIEWER = "reviewer", _("Added or changed by a reviewer")

    class Verification(models.TextChoices):
        # Whether the automated research ran, never a judgement of the claim: "verified" is
        # the key, but a reader is told the checks are done and what they found (a count).
        NONE = "none", _("No automated checks")  # not check-worthy: no automated research
        PENDING = "pending", _("Checks running")
        VERIFIED = "verified", _("Checks done")
        FAILED = "failed", _("Checks failed")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims", verbose_name=_("article"))
    # No index on the text: a btree index entry cannot hold very long values and
    # claims are found through the article, the queue filters or (later) search indexes.
    text = models.TextField(_("text"))
    start = models.PositiveIntegerField(_("start"), help_text=_("Offset of the first character in the cleaned text."))
    end = models.PositiveIntegerField(_("end"), help_text=_("Offset just past the last character in the cleaned text."))
    position = models.PositiveIntegerField(_("position"), help_text=_("Order of the sentence in the article."))
    language = models.CharField(_("language"), max_length=12, blank=True)
    score = models.FloatField(_("check-worthiness"), default=0.0)
    checkworthy = models.BooleanField(_("check-worthy"), default=False)
    claim_type = models.CharField(_("type"), max_length=12, choices=Type, default=Type.OTHER)
    signals = models.JSONField(_("signals"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    discard_reason = models.CharField(_("discard reason"), max_length=12, choices=DiscardReason, blank=True)
    discard_note = models.CharField(_("discard note"), max_length=500, blank=True)
    # Reviewers' edits are never overwritten by the machine: re-extraction leaves an article
    # with reviewer work alone, and workers write only their own tables.
    origin = models.CharField(_("origin"), max_length=10, choices=Origin, default=Origin.MACHINE)
    # Optimistic concurrency: every change through the services bumps it, and a save
    # from a form showing an older version is refused as a conflict.
    version = models.PositiveIntegerField(default=1)
    # Derived from the claim's VerificationRuns when one finishes (services.verification.claims_refresh_state); kept on the
    # row so an article's progress is one indexed count, not a scan of the runs.
    verification_state = models.CharField(
        _("automated verification"), max_length=10, choices=Verification, default=Verification.NONE
    )
    # The earlier claim this one repeats, linked by an editor (or at extraction when the
    # text is the same): the linked claims share that claim's verdict and leave the queue.
    same_as = models.ForeignKey(
        "self", verbose_name=_("same claim as"), null=True, blank=True, on_delete=models.SET_NULL, related_name="linked"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Indexed: MAX(updated_at) tells the page cache whether anything changed.
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = TouchingQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "position"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="claim_unique_position"),
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="claim_span_ordered"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_0_1"),
        ]
        permissions = [
            ("review_claim", "Can review claims: edit, split, merge, discard, draft and submit verdicts"),
            ("assign_claim", "Can assign claims to reviewers"),
        ]
        indexes = [
            # The reviewer queue: check-worthy claims by status, best first.
            models.Index(fields=["checkworthy", "status", "-score"], name="claim_queue_idx"),
            # The queue's default view (every status, best first) reads this in order and
            # stops after a page instead of sorting all check-worthy claims.
            models.Index(fields=["-score", "id"], name="claim_queue_score_idx", condition=Q(checkworthy=True)),
            models.Index(fields=["assignee", "status"], name="claim_assignee_idx"),
            models.Index(fields=["checkworthy", "status", "-created_at"], name="claim_queue_age_idx"),
            # Per-article progress counts (verified / failed / pending) read by the article page and CLI.
            models.Index(fields=["article", "verification_state"], name="claim_article_verif_idx"),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def apply_change(self, **values) -> None:
        """Save these fields as one change of the claim: its version moves (optimistic
        concurrency: a form showing the old version is refused as a conflict) and so does
        updated_at (pages cached from the claim are drawn again). Every workflow change to
        a claim goes through here."""
        for name, value in values.items():
            setattr(self, name, value)
        self.version = models.F("version") + 1
        self.save(update_fields=[*values, "version", "updated_at"])
        self.refresh_from_db(fields=["version", "updated_at"])
