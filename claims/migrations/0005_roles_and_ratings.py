"""The Reviewer, Editor and Admin groups with their permissions, and the default rating scale."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.defaults import SCALE, ensure_roles_and_ratings


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles_and_ratings(apps)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewer", "Editor", "Admin"]).delete()
    apps.get_model("claims", "Rating").objects.filter(key__in=[k for k, *_ in SCALE]).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_review"), ("auth", "0012_alter_user_first_name_max_length"),
                    ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(forwards, backwards)]
