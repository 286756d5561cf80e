"""API tokens, kept as a hash: the database (and its backups) never hold a usable key."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_digest(key: str) -> str:
    # A key is 40 random bytes: a plain SHA-256 is enough, no salt or slow hash needed
    # (those protect guessable passwords, not random keys).
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class ApiToken(models.Model):
    """One REST API token per user. The key is shown once, when issued (manage.py api_token)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token", verbose_name=_("user")
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, so a person can tell which key a user holds.
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"
