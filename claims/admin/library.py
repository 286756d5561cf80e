"""The reference library: documents uploaded here (through the same service as
`manage.py add_reference`), their passages, and the evidence found in them for claims."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..extraction.errors import InputError
from ..models import EvidenceMatch, Passage, ReferenceDocument
from ..services.library import DocumentError, document_add
from ..verification.documents import DEFAULT_MAX_BYTES
from .base import LanguageFilter, ReadOnlyAdmin, ReadOnlyInline, SourceUrlForm, is_changelist, link, preview


class EvidenceInline(ReadOnlyInline):
    model = EvidenceMatch
    verbose_name = _("evidence found")
    verbose_name_plural = _("evidence found in the reference library")
    fields = ("rank", "passage", "score", "snippet", "stance", "stance_confidence")
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        # Each row names its passage (a link to it); the passage's normalised text stays behind.
        return super().get_queryset(request).select_related("passage").defer("passage__match_text")


class DocumentUploadForm(forms.ModelForm):
    """The add page: a file, and optionally a title and where it was published.

    document_add is both the check and the write (it stores nothing when it refuses the
    file), so it runs in clean(): a refusal becomes a form error on the page, and the
    admin's save step only takes the document it stored (ReferenceDocumentAdmin.save_form).
    """

    file = forms.FileField(label=_("file"), help_text=_("PDF, plain text, Markdown or HTML; at most 20 MB."))
    title = forms.CharField(
        label=_("title"),
        max_length=500,
        required=False,
        help_text=_("Empty: the document's own title, or the file name."),
    )
    source_url = forms.CharField(
        label=_("source URL"),
        max_length=2000,
        required=False,
        help_text=_("Where the document was published, if it was."),
    )

    user = None  # set by ReferenceDocumentAdmin.get_form: who uploads
    document = None  # what document_add stored

    class Meta:
        model = ReferenceDocument
        fields = ("title", "source_url")

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None or self.errors:
            return data
        # Read no more than the limit into memory; the service would refuse it anyway.
        if upload.size > DEFAULT_MAX_BYTES:
            raise forms.ValidationError(
                gettext("The document is too large; the limit is %(mb)d MB.")
                % {"mb": DEFAULT_MAX_BYTES // (1024 * 1024)}
            )
        try:
            document, created = document_add(
                data=upload.read(),
                filename=upload.name or "",
                content_type=upload.content_type or "",
                title=data.get("title", ""),
                source_url=data.get("source_url", ""),
                uploaded_by=self.user,
            )
        except InputError as exc:  # the source URL
            self.add_error("source_url", str(exc))
        except DocumentError as exc:  # the file: empty, binary, broken, too large, no text
            self.add_error("file", str(exc))
        else:
            if created:
                self.document = document
            else:
                # The same bytes are kept once (document_add gave back the stored one): say
                # so, rather than report an addition that did not happen.
                self.add_error(
                    "file",
                    gettext("This file is already in the library as “%(title)s” (#%(id)d).")
                    % {"title": document.title, "id": document.pk},
                )
        return data

    def _post_clean(self):
        pass  # no instance to validate: the service validated and stored the document


class DocumentChangeForm(SourceUrlForm):
    class Meta:
        model = ReferenceDocument
        fields = ("title", "source_url")


@admin.register(ReferenceDocument)
class ReferenceDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "content_type", "language", "passage_count", "state", "uploaded_by", "created_at")
    # content_type's values are listed with a SELECT DISTINCT: fine for a library of
    # documents (hundreds of rows), not for the tables of claims or snapshots.
    list_filter = ("state", "content_type", LanguageFilter)
    list_select_related = ("uploaded_by",)
    search_fields = ("title", "filename", "=sha256", "source_url")
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = (
        "passages_link",
        "filename",
        "content_type",
        "language",
        "sha256",
        "pages",
        "passage_count",
        "state",
        "error",
        "uploaded_by",
        "created_at",
        "text_preview",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.defer("text") if is_changelist(request) else qs  # a document's text can be megabytes

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = super().get_form(request, obj, change=change, form=DocumentUploadForm, **kwargs)
            form.user = request.user
            return form
        return super().get_form(request, obj, change=change, form=DocumentChangeForm, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("file", "title", "source_url")
        return ("title", "source_url", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def save_form(self, request, form, change):
        if not change:
            return form.document  # stored by document_add in the form's clean()
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # On upload, document_add has stored the document and its passages already.

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)
        # On upload there is nothing related to save: the passages came with the document.

    @admin.display(description=_("passages"))
    def passages_link(self, obj):
        url = reverse("admin:claims_passage_changelist") + f"?document__id__exact={obj.pk}"
        return link(url, gettext("%(n)d passages") % {"n": obj.passage_count})

    @admin.display(description=_("text"))
    def text_preview(self, obj):
        return preview(obj.text)


@admin.register(Passage)
class PassageAdmin(ReadOnlyAdmin):
    """Passages are cut from a document's text when it is added: read-only, listed here
    (a document can have thousands; an inline on its page would render them all)."""

    list_display = ("__str__", "document", "position", "language")
    list_select_related = ("document",)
    search_fields = ("text",)
    show_full_result_count = False
    fields = ("document", "position", "start", "end", "language", "text", "match_text")
    readonly_fields = fields

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_changelist(request):
            # The rows name their document: its title, not its whole text.
            qs = qs.defer("match_text", "document__text")
        return qs
