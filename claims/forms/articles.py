"""Forms of the article pages: the three ways to submit an article, and the reviewer's
fixes to the machine's claims. They check shape only; the services decide the rest."""

from pathlib import PurePath

from django import forms
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..extraction.errors import InputError
from ..models import Claim
from ..services.articles import clean_source_url

UPLOAD_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".html", ".htm")


def _source_url(value: str) -> str:
    try:
        return clean_source_url(value)
    except InputError as exc:
        raise forms.ValidationError(str(exc)) from None


class PasteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    source_url = forms.CharField(
        label=_("Source URL"), max_length=2000, required=False, widget=forms.URLInput(attrs={"placeholder": "https://"})
    )
    # strip=False: the service decides what empty means, with the same message as the CLI.
    body = forms.CharField(
        label=_("Article text"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 14})
    )

    def clean_source_url(self):
        return _source_url(self.cleaned_data["source_url"])


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.txt, .md, .html)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}),
    )
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    source_url = forms.CharField(
        label=_("Source URL"), max_length=2000, required=False, widget=forms.URLInput(attrs={"placeholder": "https://"})
    )

    def __init__(self, *args, too_large: int | None = None, uploaded_size: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large  # the limit the upload handler stopped the file at
        self.uploaded_size = uploaded_size  # how big the request said it was

    def clean_source_url(self):
        return _source_url(self.cleaned_data["source_url"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.too_large:
            if self.uploaded_size:
                raise forms.ValidationError(
                    _("The file is too large (about %(actual)s); the limit is %(size)s.")
                    % {"actual": filesizeformat(self.uploaded_size), "size": filesizeformat(self.too_large)}
                )
            raise forms.ValidationError(
                _("The file is too large; the limit is %(size)s.") % {"size": filesizeformat(self.too_large)}
            )
        if not upload:
            raise forms.ValidationError(_("Choose a file to upload."))
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in UPLOAD_EXTENSIONS:
            what = f"“{suffix}”" if suffix else _("a file without an extension")
            raise forms.ValidationError(
                _(
                    "Only .txt, .md and .html files are accepted, not %(what)s. Paste the text of other "
                    "documents instead."
                )
                % {"what": what}
            )
        return upload


class UrlForm(forms.Form):
    url = forms.CharField(
        label=_("Address of the article"), max_length=2000, widget=forms.URLInput(attrs={"placeholder": "https://"})
    )
    title = forms.CharField(label=_("Title"), max_length=500, required=False)

    def clean_url(self):
        return _source_url(self.cleaned_data["url"])


class UploadLimit(FileUploadHandler):
    """Stops storing an uploaded file once it passes the article size limit, so a huge
    upload is neither kept in memory nor written to a temporary file. Must be the first
    upload handler (set before anything reads request.POST)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.stopped = False
        self.request_length = None  # of the whole request: the file's size, give or take the form fields

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_length = content_length  # (FileUploadHandler.content_length is the part's, usually None)
        return None  # the parser goes on as usual

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.stopped = True
            raise SkipFile  # the parser drops the file and reads on to the other fields
        return raw_data  # the next handler (memory or temporary file) stores it

    def file_complete(self, file_size):
        return None  # the next handler returns the file


# --- Fixing claims ------------------------------------------------------------------
# Every form carries the version of the claim the page showed: a save based on an older
# version is refused by the service as a conflict, never applied over someone's change.


class ClaimEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(label=_("Claim text"), widget=forms.Textarea(attrs={"rows": 3}))
    # Yes / no / absent: a form that does not show the flag (None) leaves it as it is,
    # where an unticked checkbox could not be told apart from a missing one.
    checkworthy = forms.NullBooleanField(label=_("Check-worthy"), required=False)


class ClaimSplitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    at = forms.IntegerField(label=_("Split after character"), min_value=1)


class ClaimMergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    other = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    other_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ClaimDiscardForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.ChoiceField(label=_("Why"), choices=Claim.DiscardReason.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ClaimRestoreForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ClaimAddForm(forms.Form):
    """From a selection (start, end offsets in the cleaned text, set by article.js) or,
    without JavaScript, from the sentence pasted by the reviewer."""

    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    text = forms.CharField(
        label=_("Sentence from the article"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        has_span = data.get("start") is not None and data.get("end") is not None
        if not has_span and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Select the text of the claim in the article, or paste it."))
        if not has_span:
            data["start"] = data["end"] = None
        return data
