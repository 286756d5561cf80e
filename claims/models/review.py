"""What people write: verdicts with their sources, the rating scale, and the history of
every change (who, when, before, after)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .articles import Claim
from .verification import Source


class Rating(models.Model):
    """One value of the newsroom's rating scale (admins may rename, reorder or add values).

    `value` is what ClaimReview's ratingValue carries: 1 is the worst rating and the highest
    value the best. A value of the scale that is not a judgement (Unverifiable) has no
    number and needs no source.
    """

    key = models.SlugField(_("key"), max_length=40, unique=True)
    label_en = models.CharField(_("English label"), max_length=100)
    label_it = models.CharField(_("Italian label"), max_length=100)
    value = models.PositiveSmallIntegerField(
        _("value"), null=True, blank=True, help_text=_("1 = worst. Empty for a rating that is not a judgement.")
    )
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)
    unverifiable = models.BooleanField(_("not a judgement (no source needed)"), default=False)
    active = models.BooleanField(_("offered to reviewers"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("rating")
        constraints = [
            models.UniqueConstraint(fields=["value"], condition=Q(value__isnull=False), name="rating_unique_value"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """In the reader's language (pages)."""
        return self.label_in(get_language() or "")

    def label_in(self, language: str) -> str:
        """In a given language: published data speaks the review's language, whoever reads it."""
        return self.label_it if language.startswith("it") else self.label_en


class Verdict(models.Model):
    """A reviewer's verdict on a claim. A claim has one current verdict; a correction after
    publication is a new version (a new row), so what was published never changes silently."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")  # the claim's status has the same name
        SENT_BACK = "sent_back", _("Sent back")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded by a correction")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.DRAFT)
    rating = models.ForeignKey(Rating, verbose_name=_("rating"), null=True, blank=True, on_delete=models.PROTECT)
    confidence = models.PositiveSmallIntegerField(_("confidence"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="verdicts_written",
    )
    # Everyone who saved this version's content (rating, confidence, explanation, date,
    # sources), the author included. Four eyes: none of them approves it. A version is
    # approved at most once (a correction is a new version), so this is "since the last approval".
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), blank=True, related_name="verdicts_contributed"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verdicts_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("editor's comment"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="verdicts_published"
    )
    # Optimistic concurrency, as on Claim.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim_id", "-number"]
        permissions = [
            ("approve_verdict", "Can approve verdicts or send them back"),
            ("publish_verdict", "Can publish approved verdicts"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="verdict_unique_number"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__lte=100), name="verdict_confidence_0_100"
            ),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="verdict_state_idx")]

    def __str__(self):
        return f"Verdict {self.number} on claim {self.claim_id} ({self.state})"

    def saved_by(self, user) -> bool:
        """Whether `user` wrote or changed this version: then someone else must approve it."""
        return self.author_id == user.pk or self.contributors.filter(pk=user.pk).exists()


class VerdictSource(models.Model):
    """A source cited by a verdict: the URL lives on the claim's Source (so it is archived),
    what the reviewer says about it lives here."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Context")

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="sources")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    title = models.CharField(_("title"), max_length=500, blank=True)
    quote = models.TextField(_("quoted passage"), blank=True)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance, default=Stance.CONTEXT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["verdict_id", "position", "id"]


class HistoryEntry(models.Model):
    """One change to a claim, its verdict or a source: who, when, what it was, what it became.

    The action is stored as a key and shown in the reader's language. A new kind of event
    is one line in Action (key, label: what the actor did, read after their name) and its
    Italian label in locale/; record() refuses a key that is not listed here. The changes
    hold keys too (field names, states, rating keys, stances): claims.selectors.history
    turns them into words when the page is drawn, never when the entry is written.
    """

    class Action(models.TextChoices):
        ADDED = "added", _("added the claim")
        EDITED = "edited", _("edited the claim")
        SPLIT = "split", _("split the claim")
        CREATED_BY_SPLIT = "created_by_split", _("created by a split")
        MERGED = "merged", _("merged claims")
        DISCARDED = "discarded", _("discarded the claim")
        RESTORED = "restored", _("restored the claim")
        ASSIGNED = "assigned", _("changed the assignment")
        STATUS = "status", _("changed the status")
        VERDICT_CREATED = "verdict_created", _("started a verdict")
        VERDICT_SAVED = "verdict_saved", _("saved the verdict")
        SOURCE_ADDED = "source_added", _("added a source")
        SUBMITTED = "submitted", _("submitted the verdict for approval")
        APPROVED = "approved", _("approved the verdict")
        SENT_BACK = "sent_back", _("sent the verdict back")
        PUBLISHED = "published", _("published the verdict")
        CORRECTION_STARTED = "correction_started", _("started a correction")
        LINK_DEAD = "link_dead", _("found a dead link")
        LINK_ARCHIVED = "link_archived", _("archived a link")
        MATCH_MARKED = "match_marked", _("marked a proposed match")
        LINKED = "linked", _("linked the same claim")
        UNLINKED = "unlinked", _("unlinked the claim")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40, choices=Action)
    subject = models.CharField(max_length=20, default="claim")  # claim | verdict | source
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    # {"field": [before, after], ...}, JSON-safe values
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("history")
        indexes = [
            models.Index(fields=["claim", "-created_at"], name="history_claim_idx"),
            # The dashboard's throughput and send-back figures: events of some kinds over a period.
            models.Index(fields=["action", "created_at"], name="history_action_idx"),
        ]

    def __str__(self):
        return f"{self.action} on {self.subject} {self.subject_id or ''} by {self.actor_id}"
