"""My work (what is assigned to me, sent back to me, approved or published since I last
looked; editors: what awaits approval) and the saved queue views of the header."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..selectors.my_work import my_work as my_work_data
from ..services import people
from ..services.access import WorkflowError
from .access import newsroom_required


@newsroom_required
def my_work(request):
    now = timezone.now()
    page = my_work_data(request.user)
    response = render(request, "claims/my_work.html", {"nav": "my_work", "work": page})
    # Looked at now: what this page showed as new is no longer news next time.
    people.work_seen(user=request.user, when=now)
    return response


@newsroom_required
@require_POST
def saved_view_save(request):
    query = request.POST.get("query", "")
    try:
        view = people.saved_view_save(user=request.user, name=request.POST.get("name", ""), query=query)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("claims:queue") + (f"?{query.lstrip('?')}" if query else ""))
    messages.success(request, _("View “%(name)s” saved: it is in the header's Views menu.") % {"name": view.name})
    return redirect(reverse("claims:queue") + (f"?{view.query}" if view.query else ""))


@newsroom_required
@require_POST
def saved_view_delete(request):
    name = request.POST.get("name", "")
    if people.saved_view_delete(user=request.user, name=name):
        messages.success(request, _("View “%(name)s” deleted.") % {"name": name})
    return redirect("claims:my_work")
