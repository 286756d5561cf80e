"""Print a user's REST API token, creating it on first use."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print USERNAME's REST API token (send it as `Authorization: Token <key>`), creating it if the user "
        "has none; --reset replaces it, so the old key stops working at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="Replace the token with a new one")

    def handle(self, *args, username, reset, **options):
        user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"{username!r} is not active: the API would refuse the token")
        with transaction.atomic():
            if reset:
                Token.objects.filter(user=user).delete()
            token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
