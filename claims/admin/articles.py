"""Articles and their claims: the lists an admin works from, and the actions that call the
services of the reviewer pages (verify again, extract again, assign, discard, export)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Article, Claim
from ..services import article_summary, review
from ..services.review import ConflictError, WorkflowError
from . import actions
from .base import (
    ARTICLE_TEXTS,
    AssignedFilter,
    LanguageFilter,
    SourceUrlForm,
    count_of,
    is_changelist,
    link,
    preview,
)
from .library import EvidenceInline
from .review import VerdictInline, history_table
from .verification import MatchInline, RunInline, SourceInline

# --- Articles -----------------------------------------------------------------------------------


class ArticleForm(SourceUrlForm):
    class Meta:
        model = Article
        fields = ("title", "source_url", "origin", "submitted_by")


@admin.register(Article)
class ArticleAdmin(actions.ClaimActionPermissions, admin.ModelAdmin):
    form = ArticleForm
    list_display = (
        "__str__",
        "state",
        "language",
        "content_type",
        "claim_count",
        "checkworthy_count",
        "verified_count",
        "submitted_by",
        "created_at",
    )
    list_filter = ("state", LanguageFilter, "content_type")
    list_select_related = ("submitted_by",)
    search_fields = ("title", "source_url", "origin", "=body_sha256")
    date_hierarchy = "created_at"
    show_full_result_count = False
    autocomplete_fields = ("submitted_by",)
    fieldsets = [
        (None, {"fields": ("title", "source_url", "origin", "submitted_by", "app_link", "claims_summary")}),
        (
            _("Processing"),
            {
                "fields": (
                    "state",
                    "error",
                    "attempts",
                    "language",
                    "language_note",
                    "content_type",
                    "processing_started_at",
                    "processed_at",
                )
            },
        ),
        (_("Text"), {"classes": ["collapse"], "fields": ("body_preview", "cleaned_preview", "links", "body_sha256")}),
        (None, {"fields": ("created_at", "updated_at")}),
    ]
    # Written by submission and by the extraction worker.
    readonly_fields = (
        "app_link",
        "claims_summary",
        "state",
        "error",
        "attempts",
        "language",
        "language_note",
        "content_type",
        "processing_started_at",
        "processed_at",
        "body_preview",
        "cleaned_preview",
        "links",
        "body_sha256",
        "created_at",
        "updated_at",
    )
    actions = [actions.reprocess_articles, actions.verify_articles]

    def has_add_permission(self, request):
        # Articles come in through the submit page (/articles/new/), whose service decodes,
        # checks and queues them; one added here would have no checksum and no processing.
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_changelist(request):
            # Counts in the rows' query, so a page of 100 articles costs what a page of 3
            # does; the texts stay in the database.
            qs = qs.defer("body", "cleaned_text").annotate(
                _claims=count_of(Claim.objects, "article"),
                _checkworthy=count_of(Claim.objects.filter(checkworthy=True), "article"),
                _verified=count_of(Claim.objects.filter(verification_state=Claim.Verification.VERIFIED), "article"),
            )
        return qs

    def _claims_url(self, obj, **params) -> str:
        query = "&".join(f"{k}={v}" for k, v in {"article__id__exact": obj.pk, **params}.items())
        return reverse("admin:claims_claim_changelist") + "?" + query

    @admin.display(description=_("claims"), ordering="_claims")
    def claim_count(self, obj):
        return link(self._claims_url(obj), obj._claims)

    @admin.display(description=_("check-worthy"), ordering="_checkworthy")
    def checkworthy_count(self, obj):
        return link(self._claims_url(obj, checkworthy__exact=1), obj._checkworthy)

    @admin.display(description=_("verified"), ordering="_verified")
    def verified_count(self, obj):
        return obj._verified

    @admin.display(description=_("claims"))
    def claims_summary(self, obj):
        # A link to the claims list instead of an inline: an article can have hundreds.
        s = article_summary(obj)
        return link(
            self._claims_url(obj),
            gettext(
                "%(claims)d claims, %(checkworthy)d check-worthy, %(verified)d verified, %(failed)d failed verification"
            )
            % s,
        )

    @admin.display(description=_("in the newsroom"))
    def app_link(self, obj):
        return link(reverse("claims:article", args=[obj.pk]), gettext("Open the article page"))

    @admin.display(description=_("body as submitted"))
    def body_preview(self, obj):
        return preview(obj.body)

    @admin.display(description=_("cleaned text"))
    def cleaned_preview(self, obj):
        return preview(obj.cleaned_text)


# --- Claims -------------------------------------------------------------------------------------


class ClaimForm(forms.ModelForm):
    """Text and check-worthiness, saved through claim_edit (history, rescoring, verification
    again). `version` is the claim's version the page showed: a save on top of someone
    else's change is refused as a conflict, not written over it."""

    class Meta:
        model = Claim
        fields = ("text", "checkworthy", "version")
        widgets = {"version": forms.HiddenInput, "text": forms.Textarea(attrs={"rows": 3, "cols": 80})}


class EditRefused(Exception):
    """claim_edit said no: the change form shows why instead of an error page."""


@admin.register(Claim)
class ClaimAdmin(actions.ClaimActionPermissions, admin.ModelAdmin):
    form = ClaimForm
    list_display = (
        "__str__",
        "article_link",
        "score",
        "checkworthy",
        "claim_type",
        "status",
        "assignee",
        "verification_state",
        "language",
        "created_at",
    )
    list_filter = (
        "status",
        "checkworthy",
        "verification_state",
        "claim_type",
        AssignedFilter,
        LanguageFilter,
        "origin",
    )
    list_select_related = ("article", "assignee")
    search_fields = ("text", "article__title", "=assignee__username")
    date_hierarchy = "created_at"
    # Newest first along the primary key (created_at has no index of its own on claims).
    ordering = ("-pk",)
    show_full_result_count = False  # the filtered count is enough; a second COUNT(*) of every claim is not
    fieldsets = [
        (None, {"fields": ("article", "app_link", "text", "checkworthy", "version")}),
        (_("Review"), {"fields": ("status", "assignee", "discard_reason", "discard_note", "origin")}),
        (
            _("Found by the machine"),
            {
                "fields": (
                    "score",
                    "claim_type",
                    "language",
                    "signals",
                    ("start", "end", "position"),
                    "verification_state",
                )
            },
        ),
        (_("History"), {"fields": ("history",)}),
        (None, {"fields": ("created_at", "updated_at")}),
    ]
    # Machine-written (spans, score, signals, verification), or moved only by the workflow
    # services (status, assignee, discarding: use the actions, which call them).
    readonly_fields = (
        "article",
        "app_link",
        "status",
        "assignee",
        "discard_reason",
        "discard_note",
        "origin",
        "score",
        "claim_type",
        "language",
        "signals",
        "start",
        "end",
        "position",
        "verification_state",
        "history",
        "created_at",
        "updated_at",
    )
    inlines = [VerdictInline, SourceInline, RunInline, MatchInline, EvidenceInline]
    actions = [
        actions.verify_claims,
        actions.assign_claims,
        actions.discard_claims,
        actions.export_csv,
        actions.export_json,
    ]

    def has_add_permission(self, request):
        # Claims come from extraction, or from a reviewer's selection on the article page
        # (claim_add), which places them in the article's text.
        return False

    def get_queryset(self, request):
        # select_related here (the changelist then skips list_select_related, hence both
        # named) so the article's texts can be deferred on the join.
        return super().get_queryset(request).select_related(*self.list_select_related).defer(*ARTICLE_TEXTS)

    @admin.display(description=_("article"), ordering="article_id")
    def article_link(self, obj):
        return link(reverse("admin:claims_article_change", args=[obj.article_id]), obj.article)

    @admin.display(description=_("in the newsroom"))
    def app_link(self, obj):
        return link(reverse("claims:claim", args=[obj.pk]), gettext("Open the claim's review page"))

    @admin.display(description=_("latest changes"))
    def history(self, obj):
        return history_table(obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            review.claim_edit(
                claim=obj,
                by=request.user,
                version=data["version"],
                text=data["text"],
                checkworthy_flag=data["checkworthy"],
            )
        except PermissionDenied:
            raise EditRefused(
                gettext(
                    "You may not edit this claim: it awaits approval or is approved, or it is assigned to someone else."
                )
            ) from None
        except (WorkflowError, ConflictError) as exc:
            raise EditRefused(str(exc)) from None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditRefused as exc:
            # Raised inside the admin's transaction, which rolled back: nothing was saved. The
            # page shows the claim as it is now, with its latest changes in the history.
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
