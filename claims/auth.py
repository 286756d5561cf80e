"""Authentication backend with the user's permissions cached for a minute.

Every page checks permissions, and Django's ModelBackend reads them with two queries
per request (the user's own and the groups'). Roles change rarely; a minute's delay
before a new role takes effect is the price, and logging in again applies it at once.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

PERMISSIONS_TTL = 60


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"perms:{user_obj.pk}:{user_obj.is_superuser}"
            perms = cache.get(key)
            if perms is None:
                perms = super().get_all_permissions(user_obj)
                cache.set(key, perms, PERMISSIONS_TTL)
            user_obj._perm_cache = perms
        return user_obj._perm_cache


def forget_permissions(user) -> None:
    """Apply a role change now (the signal handlers below call it)."""
    cache.delete_many([f"perms:{user.pk}:True", f"perms:{user.pk}:False"])


def _roles_changed(sender, instance, action, **kwargs):
    from django.contrib.auth.models import Group, User

    if not action.startswith("post_"):
        return
    cache.delete("reviewers")  # the assignable people may have changed (selectors.queue.cached_reviewers)
    if isinstance(instance, User):
        forget_permissions(instance)
    elif isinstance(instance, Group):
        for user in instance.user_set.all():
            forget_permissions(user)


def connect_role_signals() -> None:
    """Logging in, or a change of groups or permissions, applies the new role at once."""
    from django.contrib.auth.models import Group, User
    from django.contrib.auth.signals import user_logged_in
    from django.db.models.signals import m2m_changed

    user_logged_in.connect(
        lambda sender, request, user, **kw: forget_permissions(user), weak=False, dispatch_uid="claims-perms-login"
    )
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_roles_changed, sender=through, dispatch_uid=f"claims-perms-{through.__name__}")
