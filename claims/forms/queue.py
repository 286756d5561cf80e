"""The queue's filters (a GET form) and the assign actions (POST)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Claim

MAX_BULK = 500  # more than a page, less than a runaway request

S = Claim.Status
# What the queue shows unless statuses are chosen one by one: what is left to do (the
# default of the page), finished work (awaiting approval, approved, published, discarded,
# linked to an earlier claim whose verdict is theirs), or everything (the API's default).
SHOW_STATUSES = {
    "open": [S.NEW, S.IN_REVIEW],
    "finished": [S.SUBMITTED, S.APPROVED, S.PUBLISHED, S.DISCARDED, S.LINKED],
    "all": [],
}


def person_label(user) -> str:
    return user.get_full_name() or user.get_username()


class QueueFilterForm(forms.Form):
    """Bound to request.GET. Invalid fields are reported and ignored, the valid ones apply
    (cleaned_data holds only those), so a bad score never empties the page."""

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("open", _("To do")), ("finished", _("Finished")), ("all", _("Everything"))],
    )
    include_all = forms.BooleanField(label=_("Include non-check-worthy"), required=False)
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=Claim.Status.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    assigned = forms.ChoiceField(label=_("Assigned"), required=False)
    article = forms.IntegerField(label=_("Article"), required=False, min_value=1, widget=forms.HiddenInput)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any")), ("it", _("Italian")), ("en", _("English")), ("other", _("Other"))],
    )
    claim_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any")), *Claim.Type.choices])
    min_score = forms.FloatField(
        label=_("Score from"),
        required=False,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
    )
    max_score = forms.FloatField(
        label=_("Score to"),
        required=False,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
    )
    verification = forms.ChoiceField(
        label=_("Automated checks"), required=False, choices=[("", _("Any")), *Claim.Verification.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("score", _("Check-worthiness")), ("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )

    def __init__(self, *args, reviewers=(), default_show: str = "open", **kwargs):
        super().__init__(*args, **kwargs)
        self.default_show = default_show
        # A specific reviewer is any user id: filtering by an unknown id just finds nothing,
        # so the choices need no query beyond the reviewers list the page loads anyway.
        self.fields["assigned"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("unassigned", _("Unassigned")),
            (_("Reviewer"), [(str(u.pk), person_label(u)) for u in reviewers]),
        ]
        self.reviewer_ids = {str(u.pk) for u in reviewers}

    # Other spellings of a sort a link may carry: "age" is the (checkworthy, status,
    # -created_at) index's order, newest first.
    SORT_ALIASES = {"age": "newest", "-age": "oldest", "checkworthiness": "score"}

    def full_clean(self):
        if self.is_bound and self.data.get("sort") in self.SORT_ALIASES:
            self.data = self.data.copy()
            self.data["sort"] = self.SORT_ALIASES[self.data["sort"]]
        # A filtered-by-user link keeps working for a user who is no longer a reviewer.
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        if self.is_bound and str(self.data.get("assigned", "")).isdecimal():
            choices = list(self.fields["assigned"].choices)
            if self.data["assigned"] not in self.reviewer_ids:
                choices.append((self.data["assigned"], _("User #%(id)s") % {"id": self.data["assigned"]}))
                self.fields["assigned"].choices = choices
        super().full_clean()

    def params(self) -> dict:
        """The filters to apply: the valid ones (bound form) or the defaults. Statuses chosen
        one by one win over `show`; without either, `default_show` decides."""
        params = {}
        if self.is_bound:
            self.is_valid()
            params = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        params["show"] = self.shown(params)
        if not params.get("status"):
            params["status"] = SHOW_STATUSES[params["show"]]
        return params

    def shown(self, params: dict | None = None) -> str:
        """Which of To do / Finished / Everything the list is ("" when statuses were chosen)."""
        params = params if params is not None else (self.cleaned_data if self.is_bound and self.is_valid() else {})
        if params.get("status") and params["status"] not in SHOW_STATUSES.values():
            return ""
        return params.get("show") or self.default_show


class AssignForm(forms.Form):
    """Assign to me, unassign, or (editors) assign to someone; the service decides who may."""

    ME, UNASSIGN, ASSIGN = "me", "unassign", "assign"
    action = forms.ChoiceField(choices=[(ME, _("Assign to me")), (UNASSIGN, _("Unassign")), (ASSIGN, _("Assign"))])
    assignee = forms.IntegerField(label=_("Reviewer"), required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("action") == self.ASSIGN and not data.get("assignee"):
            raise forms.ValidationError(_("Choose whom to assign the claims to."))
        return data

    def choice(self):
        """Whom the valid form names, as services.review.resolve_assignee takes it."""
        action = self.cleaned_data["action"]
        return "me" if action == self.ME else None if action == self.UNASSIGN else self.cleaned_data["assignee"]


class ClaimIdsField(forms.Field):
    """Repeated `claim=<id>` values (one checkbox per row)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        ids = []
        for item in value or []:
            try:
                ids.append(int(item))
            except (TypeError, ValueError):
                raise forms.ValidationError(_("Unknown claim.")) from None
        return list(dict.fromkeys(i for i in ids if i > 0))

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Select at least one claim."))
        if len(value) > MAX_BULK:
            raise forms.ValidationError(_("Select at most %(n)d claims at a time.") % {"n": MAX_BULK})


class BulkAssignForm(AssignForm):
    claim = ClaimIdsField()
    # The queue's query string, so the user lands on the same filtered page.
    next = forms.CharField(required=False, max_length=2000)


__all__ = ["AssignForm", "BulkAssignForm", "QueueFilterForm", "person_label"]
