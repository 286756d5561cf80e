"""Claim matching: what the matcher searches (one entry per earlier fact-check and per
check-worthy claim of ours), the repeated claims it finds inside the newsroom, and the
reviewers' marks on its proposals."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .articles import Claim
from .verification import FactCheck, Level


class MatchEntry(models.Model):
    """One searchable text: an earlier fact-check or one of our claims, with what the
    matcher needs precomputed (stemmed terms, the embedding), so a worker loads its index
    from this table alone and follows its changes by updated_at (claims/matching/index.py).
    Deleting the fact-check or the claim deletes the entry (cascade)."""

    factcheck = models.OneToOneField(
        FactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="match_entry"
    )
    claim = models.OneToOneField(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="match_entry")
    language = models.CharField(max_length=12, blank=True)
    # Space-separated index terms (stems, canonical numbers) of the text and its headline.
    terms = models.TextField(blank=True)
    # The embedding, quantised (claims/matching/vectors.py says how); empty until computed.
    vector = models.BinaryField(blank=True, default=b"")
    vector_model = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(factcheck__isnull=True) ^ Q(claim__isnull=True), name="match_entry_one_subject"
            ),
        ]

    def __str__(self):
        return f"fact-check {self.factcheck_id}" if self.factcheck_id else f"claim {self.claim_id}"


class ClaimRepeat(models.Model):
    """An earlier claim of ours that a claim repeats (same claim in another article, or
    another wording), found by the matcher; an editor may link them (Claim.same_as)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="repeats_found")
    earlier = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="repeated_by")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    level = models.CharField(max_length=8, choices=Level, default=Level.RELATED)
    reasons = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["claim", "earlier"], name="repeat_unique_pair")]


class MatchMark(models.Model):
    """A reviewer's mark on a proposal: the same claim, or not. Kept apart from the
    proposals (which the matcher rewrites when a claim is verified again) so a mark
    outlives them; the dashboard computes the proposals' precision from these."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_marks")
    factcheck = models.ForeignKey(FactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    earlier = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField(_("same claim"))
    # What the matcher proposed when the mark was made.
    level = models.CharField(max_length=8, choices=Level)
    score = models.FloatField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "factcheck"], condition=Q(factcheck__isnull=False), name="mark_unique_factcheck"
            ),
            models.UniqueConstraint(
                fields=["claim", "earlier"], condition=Q(earlier__isnull=False), name="mark_unique_earlier"
            ),
            models.CheckConstraint(
                condition=Q(factcheck__isnull=True) ^ Q(earlier__isnull=True), name="mark_one_subject"
            ),
        ]
