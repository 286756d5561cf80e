from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Fact-checking")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.models import User
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed

        from .auth import forget_permissions

        # Logging in, or a change of groups or permissions, applies the new role at once.
        user_logged_in.connect(
            lambda sender, request, user, **kw: forget_permissions(user), weak=False, dispatch_uid="claims-perms-login"
        )
        from django.contrib.auth.models import Group
        from django.db.models.signals import post_delete

        from .models import Claim

        # A deleted claim touches its article, so the pages' data_version() moves.
        post_delete.connect(_claim_deleted, sender=Claim, dispatch_uid="claims-touch-article")
        for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(_roles_changed, sender=through, dispatch_uid=f"claims-perms-{through.__name__}")


def _roles_changed(sender, instance, action, **kwargs):
    from django.contrib.auth.models import Group, User

    from .auth import forget_permissions

    if not action.startswith("post_"):
        return
    from django.core.cache import cache

    cache.delete("reviewers")  # the assignable people may have changed
    if isinstance(instance, User):
        forget_permissions(instance)
    elif isinstance(instance, Group):
        for user in instance.user_set.all():
            forget_permissions(user)


def _claim_deleted(sender, instance, **kwargs):
    from .models import Article

    Article.objects.filter(pk=instance.article_id).update()  # TouchingQuerySet: updated_at moves
