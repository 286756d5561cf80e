"""The groups (Reviewer, Editor, Admin) with their permissions, and the default rating scale.

Created by migration 0005; also callable again (idempotent) where the data was wiped,
e.g. after a test that flushes the database.
"""

from django.apps import apps as django_apps

REVIEWER = [
    "view_article",
    "add_article",
    "view_claim",
    "review_claim",
    "view_verdict",
    "add_verdict",
    "change_verdict",
    "view_verdictsource",
    "view_source",
    "add_source",
    "view_snapshot",
    "view_factcheck",
    "view_evidencematch",
    "view_claimmatch",
    "view_verificationrun",
    "view_referencedocument",
    "view_passage",
    "view_historyentry",
    "view_rating",
]
# The admin console's role: it holds every permission, but its members are not the newsroom
# (claims are not assigned to them; selectors.queue.reviewers leaves them out).
ADMIN_GROUP = "Admin"
EDITOR = REVIEWER + ["assign_claim", "approve_verdict", "publish_verdict", "add_referencedocument"]

# key, English, Italian, ClaimReview value (1 = worst), not a judgement
SCALE = [
    ("true", "True", "Vero", 5, False),
    ("mostly-true", "Mostly true", "Quasi vero", 4, False),
    ("mixed", "Mixed", "Parzialmente vero", 3, False),
    ("mostly-false", "Mostly false", "Quasi falso", 2, False),
    ("false", "False", "Falso", 1, False),
    ("unverifiable", "Unverifiable", "Non verificabile", None, True),
]


def ensure_roles_and_ratings(apps=django_apps) -> None:
    """`apps` is the migration's historical registry, or the real one."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    claims_perms = Permission.objects.filter(content_type__app_label="claims")
    for name, codenames in (("Reviewer", REVIEWER), ("Editor", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*claims_perms.filter(codename__in=codenames))
    admin, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    admin.permissions.add(*claims_perms, *Permission.objects.filter(content_type__app_label="auth"))
    Rating = apps.get_model("claims", "Rating")
    for position, (key, en, it, value, unverifiable) in enumerate(SCALE):
        Rating.objects.get_or_create(
            key=key,
            defaults={
                "label_en": en,
                "label_it": it,
                "value": value,
                "position": position,
                "unverifiable": unverifiable,
            },
        )
