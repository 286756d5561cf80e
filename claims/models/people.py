"""What the app keeps for each person: their saved queue views, and when they last looked
at My work (what was approved or published since is news to them)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """A set of queue filters a reviewer named; the header lists them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(_("name"), max_length=80)
    # The queue's query string (without the page number): what the link opens.
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user_id", "name", "id"]
        verbose_name = _("saved queue view")
        verbose_name_plural = _("saved queue views")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_view_unique_name")]

    def __str__(self):
        return self.name


class WorkSeen(models.Model):
    """When the person last opened My work."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="work_seen"
    )
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("My work last seen")
