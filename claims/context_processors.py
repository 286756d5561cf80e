"""What every page's header shows: My work's counter and the saved queue views."""

from django.utils.functional import SimpleLazyObject

from .selectors.my_work import header_work
from .services.access import can_view


def header(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not can_view(user):
        return {}
    # Lazy: read only when a template shows the header (from the cache while nothing changed).
    return {"header_work": SimpleLazyObject(lambda: header_work(user))}
