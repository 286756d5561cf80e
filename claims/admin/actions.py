"""Admin actions on claims and articles. Each calls the service the reviewer pages call,
so the admin cannot do what the pages refuse: the services check the user's role and the
claim's state again, and their refusals come back as messages, never as a 500."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import selectors, services
from ..forms.queue import person_label
from ..models import Claim
from ..publishing.exports import claims_for_export, csv_stream, json_stream
from ..services import review, verification
from ..services.review import ConflictError, WorkflowError
from .base import may_verify

# Assigning, discarding and re-verifying lock or touch every selected claim in one request;
# "select all" across a filtered list of a hundred thousand claims is a mistake, not a task
# (the CLI `manage.py verify --article` is there for big jobs). Exports stream, uncapped.
MAX_SELECTION = 1000
SAMPLE = 20  # claims listed on a confirmation page


def too_many(modeladmin, request, count: int) -> bool:
    if count <= MAX_SELECTION:
        return False
    modeladmin.message_user(
        request,
        _("%(n)d claims selected; select at most %(max)d for this action.") % {"n": count, "max": MAX_SELECTION},
        messages.WARNING,
    )
    return True


# --- Re-running verification -----------------------------------------------------------


@admin.action(description=gettext_lazy("Re-run automated verification"), permissions=["verify"])
def verify_claims(modeladmin, request, queryset):
    ids = list(queryset.values_list("pk", flat=True)[: MAX_SELECTION + 1])
    if too_many(modeladmin, request, len(ids)):
        return
    n = sum(len(verification.runs_requeue(claim_id=pk)) for pk in ids)
    modeladmin.message_user(
        request, ngettext("%d verification run queued.", "%d verification runs queued.", n) % n, messages.SUCCESS
    )


@admin.action(description=gettext_lazy("Re-run automated verification of their claims"), permissions=["verify"])
def verify_articles(modeladmin, request, queryset):
    # One call per article, as `manage.py verify --article`: the service takes the article's
    # check-worthy claims in one transaction.
    n = sum(len(verification.runs_requeue(article_id=pk)) for pk in queryset.values_list("pk", flat=True))
    modeladmin.message_user(
        request, ngettext("%d verification run queued.", "%d verification runs queued.", n) % n, messages.SUCCESS
    )


@admin.action(description=gettext_lazy("Extract the claims again"), permissions=["change"])
def reprocess_articles(modeladmin, request, queryset):
    ids = list(queryset.values_list("pk", flat=True))
    n = services.article_reprocess(ids)
    text = ngettext("%d article queued for extraction.", "%d articles queued for extraction.", n) % n
    if n < len(ids):
        # The service leaves these alone on purpose: extracting again would replace claims
        # a reviewer has worked on.
        text += " " + ngettext(
            "%d skipped: a reviewer has started work on its claims, or it is being extracted or fetched.",
            "%d skipped: a reviewer has started work on their claims, or they are being extracted or fetched.",
            len(ids) - n,
        ) % (len(ids) - n)
    modeladmin.message_user(request, text, messages.SUCCESS if n else messages.WARNING)


# --- Intermediate pages (assign, discard) --------------------------------------------------


def _confirmation(modeladmin, request, queryset, form, *, title: str, submit: str):
    """The page between the changelist and the action: it posts back to the changelist with
    the same action and selection (and filters, for "select all") plus the form's fields."""
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": opts,
        "app_label": opts.app_label,
        "form": form,
        "count": queryset.count(),
        "sample": list(queryset[:SAMPLE]),
        "action": request.POST.get("action", ""),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "submit": submit,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/claims/action_confirmation.html", context)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Reviewer"), queryset=None, required=False, empty_label=gettext_lazy("Nobody (unassign)")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The people the pages offer: active users who may review.
        self.fields["assignee"].queryset = selectors.reviewers()
        self.fields["assignee"].label_from_instance = person_label


@admin.action(description=gettext_lazy("Assign to a reviewer…"), permissions=["review"])
def assign_claims(modeladmin, request, queryset):
    form = AssignForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _confirmation(modeladmin, request, queryset, form, title=_("Assign claims"), submit=_("Assign"))
    ids = list(queryset.values_list("pk", flat=True)[: MAX_SELECTION + 1])
    if too_many(modeladmin, request, len(ids)):
        return
    assignee = form.cleaned_data["assignee"]
    try:
        n = review.claim_assign(claim_ids=ids, assignee=assignee, by=request.user)
    except PermissionDenied:
        # A reviewer may take claims for themselves; giving them to others is an editor's job.
        modeladmin.message_user(request, _("You may not assign claims to other people."), messages.ERROR)
        return
    except WorkflowError as exc:
        modeladmin.message_user(request, str(exc), messages.ERROR)
        return
    who = assignee.get_username() if assignee else _("nobody")
    text = ngettext("%(n)d claim assigned to %(who)s.", "%(n)d claims assigned to %(who)s.", n) % {"n": n, "who": who}
    if n < len(ids):
        text += " " + ngettext(
            "%(n)d left as it was (already so, awaiting approval, or a colleague's).",
            "%(n)d left as they were (already so, awaiting approval, or a colleague's).",
            len(ids) - n,
        ) % {"n": len(ids) - n}
    modeladmin.message_user(request, text, messages.SUCCESS if n else messages.WARNING)


class DiscardForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why"), choices=Claim.DiscardReason.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


@admin.action(description=gettext_lazy("Discard…"), permissions=["review"])
def discard_claims(modeladmin, request, queryset):
    form = DiscardForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _confirmation(modeladmin, request, queryset, form, title=_("Discard claims"), submit=_("Discard"))
    claims = list(
        queryset.select_related(None)
        .only("pk", "status", "assignee_id", "version", "article_id")
        .order_by("pk")[: MAX_SELECTION + 1]
    )
    if too_many(modeladmin, request, len(claims)):
        return
    discarded = already = 0
    refused: list[str] = []
    for claim in claims:
        if claim.status == Claim.Status.DISCARDED:
            already += 1
            continue
        try:
            # The version read just now: a claim changed since by someone else is refused
            # (ConflictError) rather than discarded over their change.
            review.claim_discard(
                claim=claim,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,
                version=claim.version,
            )
            discarded += 1
        except PermissionDenied:
            refused.append(_("#%(id)d: awaiting approval, approved, or assigned to someone else") % {"id": claim.pk})
        except (WorkflowError, ConflictError) as exc:
            refused.append(f"#{claim.pk}: {exc}")
    text = ngettext("%d claim discarded.", "%d claims discarded.", discarded) % discarded
    if already:
        text += " " + ngettext("%d was already discarded.", "%d were already discarded.", already) % already
    modeladmin.message_user(request, text, messages.SUCCESS if discarded else messages.WARNING)
    if refused:
        shown = "; ".join(refused[:10]) + ("; …" if len(refused) > 10 else "")
        modeladmin.message_user(
            request,
            ngettext("%(n)d refused (%(why)s).", "%(n)d refused (%(why)s).", len(refused))
            % {"n": len(refused), "why": shown},
            messages.ERROR,
        )


# --- Exports --------------------------------------------------------------------------------


def _export(queryset, fmt: str) -> StreamingHttpResponse:
    # The exports module reads the claims in chunks and writes rows as they come: memory
    # stays flat for a selection of ten claims or of every claim in the database.
    rows = claims_for_export(queryset)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(json_stream(rows), content_type="application/json")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="claims-{stamp}.{fmt}"'
    return response


@admin.action(description=gettext_lazy("Export as CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    return _export(queryset, "csv")


@admin.action(description=gettext_lazy("Export as JSON"), permissions=["view"])
def export_json(modeladmin, request, queryset):
    return _export(queryset, "json")


class ClaimActionPermissions:
    """The permissions the actions above ask the ModelAdmin for (`has_<name>_permission`)."""

    def has_verify_permission(self, request):
        return may_verify(request)

    def has_review_permission(self, request):
        return review.can_review(request.user)
