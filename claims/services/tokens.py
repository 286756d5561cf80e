"""Issuing REST API tokens and finding whose a key is. Keys are stored hashed, so a key is
shown once, when issued; a lost key is replaced, never read back."""

import secrets

from django.db import transaction

from ..models import ApiToken
from ..models.tokens import token_digest


class TokenExists(Exception):
    """The user has a token already: it cannot be shown again, only replaced."""


def api_token_issue(*, user, replace: bool = False) -> str:
    """A new key for `user` (the old one stops working at once when `replace`)."""
    key = secrets.token_hex(20)
    with transaction.atomic():
        existing = ApiToken.objects.select_for_update().filter(user=user)
        if existing.exists():
            if not replace:
                raise TokenExists(user)
            existing.delete()
        ApiToken.objects.create(user=user, digest=token_digest(key), prefix=key[:8])
    return key


def api_token_user(key: str):
    """The active user whose key this is, or None."""
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


def api_token_revoke(*, user) -> bool:
    """Delete the user's token (the key stops working at once); False when there was none."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return bool(deleted)
