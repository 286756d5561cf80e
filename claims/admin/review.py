"""What people write: verdicts with their sources, the rating scale, and the history.

Verdicts move only through the reviewer pages (draft, submit, four-eyes approval, publish),
whose services keep the history and refuse what the workflow does not allow: here they are
browsed. The history is never edited. The rating scale is the admins' to shape.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import HistoryEntry, Rating, Verdict, VerdictSource
from ..selectors.common import count_related
from ..selectors.history import action_label, change_rows, claim_history
from ..services.ratings import rating_save
from .base import ActorFilter, ReadOnlyAdmin, ReadOnlyInline, is_changelist, link

HISTORY_SHOWN = 50  # entries on a claim's page; the History list has them all


def changes_text(entry) -> str:
    """An entry's changes in words: "status: New → Discarded" (plain text, escaped by the caller)."""
    return "; ".join(
        f"{name}: {before[:200] or '∅'} → {after[:200] or '∅'}" for name, before, after in change_rows(entry)
    )


def history_table(claim) -> str:
    """The claim's latest changes, newest first: one query (the actors come with the rows)."""
    entries = claim_history(claim, HISTORY_SHOWN)
    all_url = reverse("admin:claims_historyentry_changelist") + f"?claim__id__exact={claim.pk}"
    if not entries:
        return gettext("No changes recorded yet.")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                date_format(timezone.localtime(e.created_at), "SHORT_DATETIME_FORMAT"),
                e.actor.get_username() if e.actor else gettext("system"),
                action_label(e),
                changes_text(e),
                e.note,
            )
            for e in entries
        ),
    )
    return format_html(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
        "<tbody>{}</tbody></table><p>{}</p>",
        gettext("when"),
        gettext("who"),
        gettext("what"),
        gettext("changes"),
        gettext("note"),
        rows,
        link(all_url, gettext("All changes to this claim")),
    )


# --- Verdicts -----------------------------------------------------------------------------------


class VerdictInline(ReadOnlyInline):
    """On the claim's page: every version of its verdict."""

    model = Verdict
    fields = ("number", "state", "rating", "confidence", "author", "submitted_at", "reviewed_by", "published_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("rating", "author", "reviewed_by")


class VerdictSourceInline(ReadOnlyInline):
    model = VerdictSource
    fields = ("position", "source", "stance", "title", "quote")
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")  # each row's URL


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "claim",
        "number",
        "state",
        "rating",
        "confidence",
        "author",
        "reviewed_by",
        "submitted_at",
        "published_at",
    )
    list_filter = ("state", "rating")
    list_select_related = ("claim", "rating", "author", "reviewed_by")
    search_fields = ("claim__text", "explanation", "=author__username")
    date_hierarchy = "created_at"
    ordering = ("-pk",)
    show_full_result_count = False
    fields = (
        "claim",
        "app_link",
        "number",
        "state",
        "rating",
        "confidence",
        "explanation",
        "as_of",
        "author",
        "contributors",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "published_at",
        "published_by",
        "version",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = [VerdictSourceInline]

    @admin.display(description=_("in the newsroom"))
    def app_link(self, obj):
        return link(reverse("claims:claim", args=[obj.claim_id]), gettext("Open the claim's review page"))


# --- The rating scale -----------------------------------------------------------------------------


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("key", "label_en", "label_it", "value", "position", "unverifiable", "active", "verdict_count")
    list_display_links = ("key",)
    list_editable = ("position", "active")
    list_filter = ("active", "unverifiable")
    search_fields = ("key", "label_en", "label_it")

    def get_readonly_fields(self, request, obj=None):
        # The key is how the API names a rating (clients send and store it) and how the default
        # scale is found again (claims/defaults.py): chosen once, never renamed.
        return ("key",) if obj is not None else ()

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.annotate(n_verdicts=count_related(Verdict.objects, "rating")) if is_changelist(request) else qs

    @admin.display(description=_("verdicts"), ordering="n_verdicts")
    def verdict_count(self, obj):
        return obj.n_verdicts

    def has_delete_permission(self, request, obj=None):
        # A value of the scale is retired (active off), never removed: verdicts keep it.
        return False

    def save_model(self, request, obj, form, change):
        rating_save(rating=obj, by=request.user)


# --- The history ------------------------------------------------------------------------------------


class SubjectFilter(admin.SimpleListFilter):
    # Fixed choices: the default filter on a CharField runs SELECT DISTINCT over all the history.
    title = _("subject")
    parameter_name = "subject"

    def lookups(self, request, model_admin):
        return [("claim", _("Claim")), ("verdict", _("Verdict")), ("source", _("Source"))]

    def queryset(self, request, queryset):
        return queryset.filter(subject=self.value()) if self.value() else queryset


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "claim_link", "actor", "action", "subject", "subject_id", "changes_summary", "note")
    list_display_links = ("created_at",)
    list_filter = (ActorFilter, SubjectFilter, "action")
    list_select_related = ("claim", "actor")
    search_fields = ("=action", "claim__text", "=actor__username", "note")
    date_hierarchy = "created_at"
    ordering = ("-pk",)
    show_full_result_count = False
    fields = ("claim", "actor", "action", "subject", "subject_id", "changes", "note", "created_at")
    readonly_fields = fields

    @admin.display(description=_("claim"), ordering="claim_id")
    def claim_link(self, obj):
        return link(reverse("admin:claims_claim_change", args=[obj.claim_id]), obj.claim)

    @admin.display(description=_("changes"))
    def changes_summary(self, obj):
        return changes_text(obj)
