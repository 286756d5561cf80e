"""What the verification workers write: runs, sources and their snapshots, earlier fact-checks
and the matches found with them. All of it is machine-written, so it is browsed here; the
one thing an operator does is queue verification again (the same service as the CLI)."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import ClaimMatch, FactCheck, Snapshot, Source, VerificationRun
from ..selectors.common import count_related
from ..services.factchecks import factcheck_delete
from .actions import ClaimActionPermissions, requeue_claims
from .base import ARTICLE_TEXTS, ReadOnlyAdmin, ReadOnlyInline, is_changelist, link, preview

# --- On the claim's page --------------------------------------------------------------------


class RunInline(ReadOnlyInline):
    model = VerificationRun
    fields = ("step", "source", "state", "attempts", "error", "enqueued_at", "started_at", "finished_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")  # the source's URL on each row


class MatchInline(ReadOnlyInline):
    model = ClaimMatch
    verbose_name = _("earlier fact-check found")
    verbose_name_plural = _("earlier fact-checks found")
    fields = ("rank", "factcheck", "score", "created_at")
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        # Each row names its fact-check; the normalised text and the raw record stay behind.
        return super().get_queryset(request).select_related("factcheck").defer("factcheck__raw")


class SourceInline(ReadOnlyInline):
    model = Source
    fields = ("url", "title", "origin", "last_status", "is_dead", "last_checked_at")
    readonly_fields = fields


# --- Runs ------------------------------------------------------------------------------------


@admin.register(VerificationRun)
class VerificationRunAdmin(ClaimActionPermissions, ReadOnlyAdmin):
    list_display = (
        "__str__",
        "claim",
        "article",
        "step",
        "state",
        "attempts",
        "enqueued_at",
        "finished_at",
        "duration",
    )
    list_filter = ("state", "step")
    list_select_related = ("claim", "article", "source")
    search_fields = ("claim__text", "error", "=task_id")
    date_hierarchy = "enqueued_at"
    # Newest first along the primary key: the model's order (claim, step) has no index for a
    # whole-table sort.
    ordering = ("-pk",)
    show_full_result_count = False  # one COUNT(*) over every run is enough per page
    fields = (
        "claim",
        "article",
        "source",
        "step",
        "state",
        "attempts",
        "error",
        "task_id",
        "result",
        "enqueued_at",
        "started_at",
        "lease_expires_at",
        "finished_at",
        "created_at",
    )
    readonly_fields = fields
    actions = ["verify_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*ARTICLE_TEXTS)

    @admin.display(description=_("duration (ms)"))
    def duration(self, obj):
        return obj.duration_ms

    @admin.action(description=_("Re-run automated verification of their claims"), permissions=["verify"])
    def verify_again(self, request, queryset):
        requeue_claims(self, request, sorted(set(queryset.values_list("claim_id", flat=True))))


# --- Sources and the archive -------------------------------------------------------------------


class SnapshotInline(ReadOnlyInline):
    model = Snapshot
    fields = ("fetched_at", "status_code", "final_url", "title", "content_type", "size", "sha256", "error")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text")


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ("url", "claim", "origin", "last_status", "is_dead", "snapshot_count", "added_by", "last_checked_at")
    list_filter = ("is_dead", "origin")
    list_select_related = ("claim", "added_by")
    search_fields = ("url", "title", "claim__text")
    date_hierarchy = "created_at"
    ordering = ("-pk",)
    show_full_result_count = False
    # Sources come with the article or with a verdict, through the services that queue their
    # archiving; the URL is what the archive fetched and a verdict cites, and a verdict
    # carries its own title for each source: nothing here is an editor's to change.
    fields = (
        "url",
        "title",
        "claim",
        "origin",
        "added_by",
        "last_status",
        "is_dead",
        "last_checked_at",
        "next_check_at",
        "created_at",
    )
    readonly_fields = fields
    inlines = [SnapshotInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_changelist(request):
            qs = qs.annotate(n_snapshots=count_related(Snapshot.objects, "source"))  # in the rows' query
        return qs

    @admin.display(description=_("snapshots"), ordering="n_snapshots")
    def snapshot_count(self, obj):
        return obj.n_snapshots


class FetchedFilter(admin.SimpleListFilter):
    """Fetched correctly or not (Snapshot.ok), with fixed choices: a filter on content_type
    would list its values with a SELECT DISTINCT over the whole archive on every page."""

    title = _("fetch")
    parameter_name = "fetch"

    def lookups(self, request, model_admin):
        return [("ok", _("Fetched correctly")), ("failed", _("Failed or an HTTP error"))]

    def queryset(self, request, queryset):
        ok = Q(status_code__gte=200, status_code__lt=400, error="")
        if self.value() == "ok":
            return queryset.filter(ok)
        if self.value() == "failed":
            return queryset.exclude(ok)
        return queryset


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    """The archive: kept as fetched, never edited."""

    list_display = ("requested_url", "source", "status_code", "content_type", "size", "ok", "fetched_at")
    list_filter = (FetchedFilter,)
    list_select_related = ("source",)
    search_fields = ("requested_url", "final_url", "title")
    date_hierarchy = "fetched_at"
    ordering = ("-pk",)
    show_full_result_count = False
    fields = (
        "source",
        "requested_url",
        "final_url",
        "status_code",
        "content_type",
        "title",
        "size",
        "sha256",
        "elapsed_ms",
        "error",
        "fetched_at",
        "text_preview",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.defer("text") if is_changelist(request) else qs

    @admin.display(description=_("fetched correctly"), boolean=True)
    def ok(self, obj):
        return obj.ok

    @admin.display(description=_("text"))
    def text_preview(self, obj):
        return preview(obj.text)


# --- Earlier fact-checks -------------------------------------------------------------------------


@admin.register(FactCheck)
class FactCheckAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "origin",
        "rating_name",
        "author_name",
        "language",
        "date_published",
        "our_claim",
        "match_count",
    )
    list_filter = ("origin", "date_published")
    # The claim is shown by its id (a link), so the rows need no join to claims.
    search_fields = ("claim_reviewed", "author_name", "=url", "claimant")
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = [f.name for f in FactCheck._meta.fields]

    def has_add_permission(self, request):
        # They come from `manage.py import_claimreview`, the Google connector and approved
        # verdicts; each import updates its records in place, so an edit here would be lost
        # at the next import (and the match index, which matching searches, would not follow).
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_changelist(request):
            # A list needs neither the normalised text nor the raw record (the change page shows them).
            qs = qs.defer("raw").annotate(n_matches=count_related(ClaimMatch.objects, "factcheck"))
        return qs

    @admin.display(description=_("our claim"), ordering="claim_id")
    def our_claim(self, obj):
        if obj.claim_id is None:
            return "-"
        return link(reverse("admin:claims_claim_change", args=[obj.claim_id]), f"#{obj.claim_id}")

    @admin.display(description=_("matched claims"), ordering="n_matches")
    def match_count(self, obj):
        return obj.n_matches

    def delete_model(self, request, obj):
        factcheck_delete(factchecks=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        factcheck_delete(factchecks=list(queryset.only("pk")), by=request.user)
