"""Create (or reset) the demo logins of the embedded setup and print them."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

DEMO_USERS = (
    # username, group, staff (admin console)
    ("demo", "Admin", True),
    ("reviewer", "Reviewer", False),
    ("editor", "Editor", False),
)


class Command(BaseCommand):
    help = "Create or reset the demo administrator, reviewer and editor with fresh random passwords; print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="", help="Use this password for all three instead of random ones")

    def handle(self, *args, password, **options):
        User = get_user_model()
        for username, group_name, staff in DEMO_USERS:
            secret = password or secrets.token_urlsafe(9)
            user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            user.is_staff = user.is_superuser = staff
            user.set_password(secret)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
            state = "created" if created else "password reset"
            self.stdout.write(f"Demo {group_name.lower()} login ({state}): {username} / {secret}")
