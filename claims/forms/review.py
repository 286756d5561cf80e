"""The verdict form with its source rows, and the editor's approve / send-back forms.

Forms only parse input; every rule (sources required, URL schemes, who may do what)
is applied by claims.services.verdicts, so the API and the admin enforce the same ones.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import VerdictSource
from ..services.articles import InputError, clean_source_url
from ..services.verdicts import MAX_SOURCES, SourceInput

SOURCES_PREFIX = "src"
EMPTY_SOURCE_ROWS = 2  # blank rows under the saved ones; JavaScript adds more on demand
ADOPT_KINDS = ("factcheck", "evidence", "source")


class VerdictForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), required=False, coerce=int, empty_value=None, widget=forms.RadioSelect
    )
    confidence = forms.IntegerField(
        label=_("Confidence (0–100)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": "0", "max": "100", "step": "1", "data-unset": _("not set")}),
    )
    explanation = forms.CharField(
        label=_("Explanation"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    # ISO in the widget whatever the language: <input type=date> only takes YYYY-MM-DD.
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        help_text=_("The date the verdict is true at."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # The verdict version the form shows (empty for a new verdict): a save based on an
    # older version is refused as a conflict instead of overwriting someone's work.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # The newest history entry the page showed: a conflict lists only what came after it.
    seen_history = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, ratings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = {r.pk: r for r in ratings}
        self.fields["rating"].choices = [(r.pk, r.label) for r in ratings]

    def clean_rating(self):
        pk = self.cleaned_data.get("rating")
        return None if pk is None else self.ratings[pk]  # the choices guarantee it exists


class SourceForm(forms.Form):
    url = forms.CharField(
        label=_("URL"),
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://", "class": "src-url"}),
    )
    title = forms.CharField(
        label=_("Title"), required=False, max_length=500, widget=forms.TextInput(attrs={"class": "src-title"})
    )
    quote = forms.CharField(
        label=_("Quoted passage"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "src-quote"}),
    )
    stance = forms.ChoiceField(
        label=_("Stance"),
        choices=VerdictSource.Stance.choices,
        initial=VerdictSource.Stance.CONTEXT,
        widget=forms.Select(attrs={"class": "src-stance"}),
    )

    def clean_url(self):
        # The service's own rule (claims/web_address.py), here so the reason shows next to
        # the field, with every other problem of the form, not one round at a time.
        try:
            return clean_source_url(self.cleaned_data.get("url", ""))
        except InputError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if not data.get("url") and "url" not in self.errors and (data.get("title") or data.get("quote") or "").strip():
            self.add_error("url", _("Every source needs a URL."))
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any((data.get(k) or "").strip() for k in ("url", "title", "quote"))

    def has_url(self) -> bool:
        """Whether the row names an address, valid or not (counts as a source cited)."""
        return bool((self.data.get(self.add_prefix("url")) or "").strip()) if self.is_bound else False


SourceFormSet = forms.formset_factory(
    SourceForm,
    extra=EMPTY_SOURCE_ROWS,
    max_num=MAX_SOURCES,
    absolute_max=MAX_SOURCES + EMPTY_SOURCE_ROWS,
    validate_max=True,
)


def source_formset(data=None, *, initial=None) -> forms.BaseFormSet:
    return SourceFormSet(data, initial=initial, prefix=SOURCES_PREFIX)


def source_inputs(formset) -> list[SourceInput]:
    """The rows as the service takes them; blank rows are left out (the service says
    when a row has a title or a quote but no URL)."""
    return [
        SourceInput(
            f.cleaned_data.get("url", ""),
            f.cleaned_data.get("title", ""),
            f.cleaned_data.get("quote", ""),
            f.cleaned_data.get("stance") or VerdictSource.Stance.CONTEXT,
        )
        for f in formset.forms
        if not f.is_blank()
    ]


def with_source_row(data, row: SourceInput):
    """A copy of the POST data with `row` in the first blank source row (or a new row):
    a suggestion adopted without JavaScript lands in the form the user was filling."""
    data = data.copy()
    prefix = SOURCES_PREFIX
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    index = next(
        (
            i
            for i in range(total)
            if not any(data.get(f"{prefix}-{i}-{k}", "").strip() for k in ("url", "title", "quote"))
        ),
        total,
    )
    if index == total:
        data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    for name, value in (("url", row.url), ("title", row.title), ("quote", row.quote), ("stance", row.stance)):
        data[f"{prefix}-{index}-{name}"] = value
    return data


def parse_adopt(value: str) -> tuple[str, int] | None:
    """`factcheck:<match id>`, `evidence:<evidence id>` or `source:<source id>`."""
    kind, _sep, pk = (value or "").partition(":")
    if kind in ADOPT_KINDS and pk.isdigit():
        return kind, int(pk)
    return None


class ApproveForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SendBackForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What needs to change"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what needs to change: the comment goes back to the reviewer.")},
    )
