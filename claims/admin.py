from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _, ngettext

from . import services
from .models import (
    Article, Claim, ClaimMatch, EvidenceMatch, FactCheck, ReferenceDocument, Snapshot, Source, VerificationRun,
)
from .services import verification


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ("position", "text", "score", "checkworthy", "claim_type", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("position",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "state", "language", "content_type", "claim_count", "checkworthy_count",
                    "submitted_by", "created_at")
    list_filter = ("state", "language", "content_type", "created_at")
    list_select_related = ("submitted_by",)
    search_fields = ("title", "source_url", "origin")
    date_hierarchy = "created_at"
    readonly_fields = ("body_sha256", "cleaned_text", "language", "language_note", "state", "error", "attempts",
                       "processing_started_at", "processed_at", "created_at", "updated_at")
    raw_id_fields = ("submitted_by",)
    inlines = [ClaimInline]
    actions = ["reprocess"]

    def get_queryset(self, request):
        # Counts in the same query as the rows, so the list costs the same for 10 or 100 rows.
        return super().get_queryset(request).annotate(
            _claims=Count("claims"), _checkworthy=Count("claims", filter=Q(claims__checkworthy=True))
        )

    @admin.display(description=_("claims"), ordering="_claims")
    def claim_count(self, obj):
        return obj._claims

    @admin.display(description=_("check-worthy"), ordering="_checkworthy")
    def checkworthy_count(self, obj):
        return obj._checkworthy

    @admin.action(description=_("Extract the claims again"))
    def reprocess(self, request, queryset):
        n = services.article_reprocess(queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%d article queued.", "%d articles queued.", n) % n, messages.SUCCESS)


class RunInline(admin.TabularInline):
    model = VerificationRun
    fields = ("step", "source", "state", "attempts", "error", "started_at", "finished_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class MatchInline(admin.TabularInline):
    model = ClaimMatch
    fields = ("rank", "factcheck", "score")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.TabularInline):
    model = EvidenceMatch
    fields = ("rank", "passage", "score", "snippet", "stance")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("__str__", "article", "score", "checkworthy", "claim_type", "status", "verification_state",
                    "language", "created_at")
    list_filter = ("checkworthy", "claim_type", "status", "verification_state", "language")
    list_select_related = ("article",)
    search_fields = ("text",)
    date_hierarchy = "created_at"
    raw_id_fields = ("article",)
    readonly_fields = ("article", "start", "end", "position", "language", "score", "checkworthy", "signals",
                       "verification_state", "created_at", "updated_at")
    ordering = ("-created_at", "position")
    inlines = [RunInline, MatchInline, EvidenceInline]
    actions = ["verify_again"]

    @admin.action(description=_("Verify again"))
    def verify_again(self, request, queryset):
        n = sum(len(verification.runs_requeue(claim_id=pk)) for pk in queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%d run queued.", "%d runs queued.", n) % n, messages.SUCCESS)


@admin.register(FactCheck)
class FactCheckAdmin(admin.ModelAdmin):
    list_display = ("__str__", "rating_name", "author_name", "language", "origin", "date_published")
    list_filter = ("origin", "language", "date_published")
    search_fields = ("claim_reviewed", "author_name", "url")
    date_hierarchy = "created_at"
    raw_id_fields = ("claim",)
    readonly_fields = ("match_text", "raw", "created_at", "key")


@admin.register(VerificationRun)
class VerificationRunAdmin(admin.ModelAdmin):
    list_display = ("__str__", "claim", "step", "state", "attempts", "enqueued_at", "finished_at")
    list_filter = ("state", "step")
    list_select_related = ("claim",)
    date_hierarchy = "enqueued_at"
    raw_id_fields = ("claim", "article", "source")
    readonly_fields = ("claim", "article", "source", "step", "state", "attempts", "error", "task_id", "result",
                       "enqueued_at", "started_at", "lease_expires_at", "finished_at", "created_at")


class SnapshotInline(admin.StackedInline):
    model = Snapshot
    fields = ("fetched_at", "status_code", "final_url", "title", "content_type", "size", "sha256", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("url", "claim", "origin", "last_status", "is_dead", "last_checked_at")
    list_filter = ("is_dead", "origin")
    list_select_related = ("claim",)
    search_fields = ("url", "title")
    raw_id_fields = ("claim", "added_by")
    readonly_fields = ("last_status", "is_dead", "last_checked_at", "next_check_at", "created_at")
    inlines = [SnapshotInline]


@admin.register(ReferenceDocument)
class ReferenceDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "content_type", "language", "passage_count", "state", "uploaded_by", "created_at")
    list_filter = ("state", "content_type", "language")
    list_select_related = ("uploaded_by",)
    search_fields = ("title", "filename", "source_url")
    date_hierarchy = "created_at"
    readonly_fields = ("filename", "content_type", "language", "sha256", "text", "pages", "passage_count", "state",
                       "error", "uploaded_by", "created_at")

    def has_add_permission(self, request):
        return False  # documents come in through `manage.py add_reference` (and the upload page)
