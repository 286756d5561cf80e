"""What every admin page of the app shares: read-only pages and inlines, cheap filters,
short previews of long texts, and who may queue work again."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..extraction.errors import InputError
from ..services.articles import clean_source_url

# A long text (an article body, a document, an archived page) shown whole on a change page
# can be megabytes of HTML; the page shows its start, the reviewer pages show the rest.
PREVIEW_CHARS = 2000
# An article's body and cleaned text can be megabytes each: a list of claims or runs naming
# their article must not carry a copy per row (deferred wherever the article is joined).
ARTICLE_TEXTS = ("article__body", "article__cleaned_text")


def preview(text: str, chars: int = PREVIEW_CHARS) -> str:
    if len(text or "") <= chars:
        return text or ""
    return Truncator(text).chars(chars) + f"\n\n[… {len(text) - chars:,} more characters]"


def link(url: str, label) -> str:
    return format_html('<a href="{}">{}</a>', url, label)


def is_changelist(request) -> bool:
    """Whether get_queryset serves a list (and its actions): lists annotate counts and leave
    long columns behind, while a change page shows them."""
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name.endswith("_changelist"))


def may_verify(request) -> bool:
    """Queueing verification runs again changes runs: the permission to change them (the
    Admin group, superusers). The same operator action as `manage.py verify`."""
    return request.user.has_perm("claims.change_verificationrun")


class SourceUrlForm(forms.ModelForm):
    """A `source_url` edited here obeys the rule of submission and upload (http/https, a host)."""

    source_url = forms.CharField(label=_("source URL"), max_length=2000, required=False)

    def clean_source_url(self):
        try:
            return clean_source_url(self.cleaned_data["source_url"])
        except InputError as exc:
            raise forms.ValidationError(str(exc)) from None


class ReadOnlyMixin:
    """Rows written by the services or the workers: browsed, never edited here (an edit
    would skip the history, the version checks and the re-verification the services do)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


class LanguageFilter(admin.SimpleListFilter):
    """Italian, English or anything else, like the queue's filter. Fixed choices: the
    default filter on a CharField lists its values with a SELECT DISTINCT over the
    whole table on every page load."""

    title = _("language")
    parameter_name = "lang"

    def lookups(self, request, model_admin):
        return [("it", _("Italian")), ("en", _("English")), ("other", _("Other"))]

    def queryset(self, request, queryset):
        if self.value() in ("it", "en"):
            return queryset.filter(language=self.value())
        if self.value() == "other":
            return queryset.exclude(language__in=("it", "en"))
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    """Assigned to me / to nobody / to someone: no list of users to query (the people are
    found with the search box, `=username`)."""

    title = _("assignment")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("To me")), ("nobody", _("To nobody")), ("someone", _("To someone"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        if self.value() == "someone":
            return queryset.filter(assignee__isnull=False)
        return queryset


class ActorFilter(admin.SimpleListFilter):
    """Changes by people, or the workers' bookkeeping (no actor)."""

    title = _("made by")
    parameter_name = "by"

    def lookups(self, request, model_admin):
        return [("people", _("People")), ("system", _("The system"))]

    def queryset(self, request, queryset):
        if self.value() in ("people", "system"):
            return queryset.filter(Q(actor__isnull=self.value() == "system"))
        return queryset
