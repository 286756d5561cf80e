"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_source(app_configs, **kwargs):
    if settings.SECRET_KEY_SOURCE in ("local file", "development default"):
        return [
            Warning(
                f"The secret key is the {settings.SECRET_KEY_SOURCE} of this checkout (.secret_key), which each "
                "machine makes for itself.",
                hint="Set DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE to one key shared by every web and worker machine.",
                id="factcheck.W001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    if not settings.CELERY_TASK_ALWAYS_EAGER and "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        return [
            Warning(
                "Workers run apart from the web processes but the cache is per process: sessions, counts and "
                "cached pages are not shared between web processes.",
                hint="Set CACHE_URL=redis://host:6379/1 (the README's settings table).",
                id="factcheck.W002",
            )
        ]
    return []
