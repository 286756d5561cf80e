"""Create (or reset) the demo login of the embedded setup and print it."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create or reset the 'demo' administrator with a fresh random password, and print the login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--password", default="", help="Use this password instead of a random one")

    def handle(self, *args, username, password, **options):
        password = password or secrets.token_urlsafe(9)
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Demo login ({'created' if created else 'password reset'}): {username} / {password}")
