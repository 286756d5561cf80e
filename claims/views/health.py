from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """Liveness for load balancers and the benchmarks' trivial baseline: one cheap query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def session_check(request):
    """Whether the session is still logged in (pages can warn before a form is lost); the
    logged-in trivial view the page benchmark compares against."""
    if not request.user.is_authenticated:
        return HttpResponse("logged out", status=401, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
