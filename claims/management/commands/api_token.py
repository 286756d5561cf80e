"""Issue a user's REST API token. Tokens are stored hashed: the key is printed once, here."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.models import ApiToken
from claims.services.tokens import TokenExists, api_token_issue, api_token_revoke


class Command(BaseCommand):
    help = (
        "Issue USERNAME's REST API token and print it (send it as `Authorization: Token <key>`). The key is "
        "stored hashed and shown only now; --reset replaces an existing token (the old key stops working at once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="Replace the user's token with a new one")
        parser.add_argument("--revoke", action="store_true", help="Delete the user's token: the key stops working")

    def handle(self, *args, username, reset, revoke, **options):
        user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if revoke:
            deleted = api_token_revoke(user=user)
            self.stdout.write(f"{username}: token revoked" if deleted else f"{username} had no token")
            return
        if not user.is_active:
            raise CommandError(f"{username!r} is not active: the API would refuse the token")
        try:
            key = api_token_issue(user=user, replace=reset)
        except TokenExists:
            token = ApiToken.objects.get(user=user)
            raise CommandError(
                f"{username!r} has a token already (starting {token.prefix}, created {token.created_at:%Y-%m-%d}); "
                "it is stored hashed and cannot be shown again: use --reset to replace it"
            ) from None
        self.stdout.write(key)
