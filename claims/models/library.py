"""The reference library: trusted documents editors upload, split into passages that
the evidence step searches for every claim."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .articles import Claim


class ReferenceDocument(models.Model):
    """A document is stored with its passages in one transaction (services.library.document_add)
    or not at all: there is no pending or failed state to keep."""

    title = models.CharField(_("title"), max_length=500)
    filename = models.CharField(_("file name"), max_length=300, blank=True)
    content_type = models.CharField(max_length=40)
    language = models.CharField(_("language"), max_length=12, blank=True)
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
    sha256 = models.CharField(max_length=64, unique=True)
    text = models.TextField(blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    passage_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reference document")

    def __str__(self):
        return self.title


class Passage(models.Model):
    document = models.ForeignKey(ReferenceDocument, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    language = models.CharField(max_length=12, blank=True)
    match_text = models.TextField(editable=False)

    class Meta:
        ordering = ["document_id", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "position"], name="passage_unique_position")]

    def __str__(self):
        return self.text[:80]


class EvidenceMatch(models.Model):
    """A passage of the reference library found for a claim, with its rank and snippet."""

    class Stance(models.TextChoices):
        UNKNOWN = "", _("Not assessed")
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Context")
        UNRELATED = "unrelated", _("Unrelated")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="evidence")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    snippet = models.TextField()
    # [[start, end], ...] offsets into `snippet` of the words that matched the claim. Kept
    # apart from the text so templates escape the snippet and mark it up themselves.
    highlights = models.JSONField(default=list, blank=True)
    # Suggested by the optional language-model connector; a reviewer decides.
    stance = models.CharField(max_length=10, choices=Stance, default=Stance.UNKNOWN, blank=True)
    stance_confidence = models.FloatField(null=True, blank=True)
    stance_rationale = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["claim", "passage"], name="evidence_unique_pair")]
