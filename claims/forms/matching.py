"""A reviewer's mark on one proposal of the matcher."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MarkForm(forms.Form):
    same = forms.TypedChoiceField(choices=[("1", _("Same claim")), ("0", _("Not the same"))], coerce=lambda v: v == "1")
    factcheck = forms.IntegerField(required=False, min_value=1)
    earlier = forms.IntegerField(required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if (data.get("factcheck") is None) == (data.get("earlier") is None):
            raise forms.ValidationError(_("Mark one proposal at a time."))
        return data
