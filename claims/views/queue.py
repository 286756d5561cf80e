"""The reviewers' queue, bulk assignment, and the editors' approval list."""

import hashlib
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.queue import BulkAssignForm, QueueFilterForm, person_label
from ..selectors.articles import article_title
from ..selectors.common import with_finding_counts
from ..selectors.queue import (
    APPROVALS_PAGE_SIZE,
    QUEUE_PAGE_SIZE,
    CachedCountPaginator,
    approvals_queryset,
    cached_reviewers,
    queue_count_key,
    queue_queryset,
)
from ..services import review
from ..services.review import WorkflowError
from .access import newsroom_required, require_editor, require_reviewer
from .page_cache import cached_page, data_version
from .queue_rows import queue_rows


@newsroom_required
def home(request):
    return redirect("claims:queue")


FILTERS_TTL = 600


@newsroom_required
def queue(request):
    reviewers = cached_reviewers()

    def render_page():
        # Everything from the filters on is needed only when the page is rendered: a reload
        # answered from the page cache validates nothing twice.
        form = QueueFilterForm(request.GET or None, reviewers=reviewers)
        params = form.params()
        # The total is counted at most every few seconds per filter set (a COUNT(*) over
        # 100,000 claims costs more than the rest of the page); the page itself is one
        # LIMIT/OFFSET query on an index.
        paginator = CachedCountPaginator(
            with_finding_counts(queue_queryset(request.user, params)),
            QUEUE_PAGE_SIZE,
            count_key=queue_count_key(request.user, params),
        )
        page = paginator.get_page(request.GET.get("page"))
        article = article_title(params["article"]) if params.get("article") else None
        # Each row's "only this article" link: the current filters plus article=<id>
        # (built once here, not with a {% querystring %} per row).
        others = _filters_only(request.GET, drop=("page", "article"))
        return render(
            request,
            "claims/queue.html",
            {
                "nav": "queue",
                "form": form,
                "page_obj": page,
                "claims": page.object_list,
                "filters": _filters_html(request, form, article, reviewers),
                "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
                "reviewers": reviewers,
                "article": article,
                "can_assign": review.can_assign(request.user),
                "can_review": review.can_review(request.user),
                "querystring": _filters_only(request.GET),
                "shown": params["show"],
                "show_choices": form.fields["show"].choices,
                "rows": queue_rows(
                    page.object_list,
                    can_review=review.can_review(request.user),
                    filter_base=f"{others}&" if others else "",
                ),
            },
        )

    return cached_page(request, [data_version(), [u.pk for u in reviewers]], render_page)


def _filters_html(request, form, article, reviewers) -> str:
    """The filter form, rendered once per combination of filters (and language, and list of
    reviewers): Django renders each of its ~40 options through a widget template, which
    cost more than the rest of the page together."""
    key = (
        "queue-filters:"
        + hashlib.sha256(
            json.dumps(
                [
                    sorted(request.GET.lists()),
                    get_language(),
                    [(u.pk, person_label(u)) for u in reviewers],
                    [article.pk, article.title] if article else None,
                ]
            ).encode()
        ).hexdigest()[:32]
    )
    return cache.get_or_set(
        key,
        lambda: render_to_string("claims/_queue_filters.html", {"form": form, "article": article}, request=request),
        FILTERS_TTL,
    )


def _filters_only(get: QueryDict, drop=("page",)) -> str:
    """The current filters without the page number: what the assign forms carry back."""
    return urlencode([(k, v) for k, values in get.lists() if k not in drop for v in values])


def assigned_message(request, n: int, asked: int, assignee) -> None:
    if n == 0:
        messages.warning(
            request,
            _("Nothing changed: the claims were already assigned that way, await approval, or belong to a colleague."),
        )
        return
    if assignee is None:
        text = ngettext("%(n)d claim unassigned.", "%(n)d claims unassigned.", n) % {"n": n}
    elif assignee.pk == request.user.pk:
        text = ngettext("%(n)d claim assigned to you.", "%(n)d claims assigned to you.", n) % {"n": n}
    else:
        text = ngettext("%(n)d claim assigned to %(user)s.", "%(n)d claims assigned to %(user)s.", n) % {
            "n": n,
            "user": assignee.get_username(),
        }
    if n < asked:
        text += " " + ngettext(
            "%(n)d was left as it was (awaiting approval or a colleague's).",
            "%(n)d were left as they were (awaiting approval or a colleague's).",
            asked - n,
        ) % {"n": asked - n}
    messages.success(request, text)


@newsroom_required
@require_POST
def bulk_assign(request):
    require_reviewer(request)
    form = BulkAssignForm(request.POST)
    # Only the query string comes back, and it is appended to the queue's own URL:
    # no open redirect is possible.
    back = reverse("claims:queue")
    nxt = (request.POST.get("next") or "").lstrip("?")
    if nxt:
        back += "?" + QueryDict(nxt).urlencode()
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        assignee = review.resolve_assignee(by=request.user, choice=form.choice())
        # PermissionDenied (a reviewer assigning to someone else) becomes a 403.
        n = review.claim_assign(claim_ids=form.cleaned_data["claim"], assignee=assignee, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    assigned_message(request, n, len(form.cleaned_data["claim"]), assignee)
    return redirect(back)


@newsroom_required
def approvals(request):
    require_editor(request)
    page = Paginator(approvals_queryset(), APPROVALS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/approvals.html",
        {
            "nav": "approvals",
            "page_obj": page,
            "verdicts": page.object_list,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        },
    )
