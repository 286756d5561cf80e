from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Fact-checking")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, tasks  # noqa: F401 -- deploy checks; the tasks services send by name (services/dispatch.py)
        from .auth import connect_role_signals

        connect_role_signals()
