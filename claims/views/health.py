"""Probes for load balancers and monitoring, and the pages' session check. No login."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from ..selectors import health as probes


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a database outage does not
    make the orchestrator restart every web process."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: 200 when the database and the broker answer, a live worker consumes every
    queue and nothing queued has waited too long; else 503. The JSON says which part failed."""
    ready, report = probes.readiness()
    return JsonResponse({"ready": ready, **report}, status=200 if ready else 503)


@never_cache
def health(request):
    """The older probe, kept for existing monitors: the database and the broker answer
    (the probe found it saying ok with the broker down)."""
    for ok, detail in (probes.database_ok(), probes.broker_ok()):
        if not ok:
            return HttpResponse(f"unavailable: {detail}", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def session_check(request):
    """Whether the session is still logged in (pages can warn before a form is lost); the
    logged-in trivial view the page benchmark compares against."""
    if not request.user.is_authenticated:
        return HttpResponse("logged out", status=401, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
