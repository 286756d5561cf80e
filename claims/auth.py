"""Authentication: the permissions backend, the client's address, and role checks that
must see a role change at once.

Every page checks permissions, and Django's ModelBackend reads them with two queries per
request (the user's own and the groups'). With a shared cache (CACHE_URL) they are kept
for FACTCHECK_PERMISSIONS_CACHE_SECONDS and dropped by every process the moment a role
changes (the signal handlers below). With the per-process cache they are read on every
request: one process cannot tell the others, and a removed role must stop working in all
of them at once. Approving and publishing read them afresh whatever the cache says
(has_perm_now), so not even a change the signals miss (a deleted group) lets one through.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            ttl = settings.FACTCHECK_PERMISSIONS_CACHE_SECONDS
            key = f"perms:{user_obj.pk}:{user_obj.is_superuser}"
            perms = cache.get(key) if ttl else None
            if perms is None:
                perms = _permissions_of(user_obj)
                if ttl:
                    cache.set(key, perms, ttl)
            user_obj._perm_cache = perms
        return user_obj._perm_cache


def _permissions_of(user) -> set[str]:
    """The user's own and their groups' permissions in one query (ModelBackend takes two),
    since without a shared cache every request reads them."""
    rows = Permission.objects.all()
    if not user.is_superuser:
        rows = rows.filter(Q(user__pk=user.pk) | Q(group__user__pk=user.pk))
    return {f"{app}.{codename}" for app, codename in rows.values_list("content_type__app_label", "codename").distinct()}


def has_perm_now(user, perm: str) -> bool:
    """`user.has_perm(perm)` read from the database now, past every cache."""
    if not user.is_active:
        return False
    fresh = get_user_model().objects.filter(pk=user.pk).values_list("is_active", "is_superuser").first()
    if fresh is None or not fresh[0]:
        return False
    if fresh[1]:
        return True
    app_label, codename = perm.split(".", 1)
    return Permission.objects.filter(
        Q(user__pk=user.pk) | Q(group__user__pk=user.pk), content_type__app_label=app_label, codename=codename
    ).exists()


def client_ip(request) -> str:
    """The client's address: the connection's, or behind FACTCHECK_TRUSTED_PROXIES reverse
    proxies the one the outermost proxy saw (each appends to X-Forwarded-For; what the
    client wrote there itself stands further left and is ignored). Used by the login
    lockout (django-axes) and the API's wrong-token limit."""
    proxies = settings.FACTCHECK_TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def login_username(request, credentials=None):
    """The user name a login attempt is counted under (django-axes), cut to what fits its
    column: a 10,000-character "user name" is a failed login like any other, not a 500."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", request.POST).get("username")
    return None if username is None else str(username)[:150]


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
