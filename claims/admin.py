from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _, ngettext

from . import services
from .models import Article, Claim


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


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("__str__", "article", "score", "checkworthy", "claim_type", "status", "language", "created_at")
    list_filter = ("checkworthy", "claim_type", "status", "language")
    list_select_related = ("article",)
    search_fields = ("text",)
    date_hierarchy = "created_at"
    raw_id_fields = ("article",)
    readonly_fields = ("article", "start", "end", "position", "language", "score", "checkworthy", "signals",
                       "created_at", "updated_at")
    ordering = ("-created_at", "position")
