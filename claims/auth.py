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
    """Apply a role change now (used after login and by admin actions)."""
    cache.delete_many([f"perms:{user.pk}:True", f"perms:{user.pk}:False"])
