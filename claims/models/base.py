from django.db import models
from django.db.models.functions import Now


class TouchingQuerySet(models.QuerySet):
    """update() moves updated_at too, unless the caller sets it.

    Pages are cached until what they show changes, and "changed" is read from updated_at
    (claims/views/page_cache.py): every write must move it, including the bulk UPDATEs
    the services and workers make, which skip Model.save() and auto_now.
    """

    def update(self, **kwargs):
        kwargs.setdefault("updated_at", Now())
        return super().update(**kwargs)
