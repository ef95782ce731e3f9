from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import StaffRole

# `<input type="date">` only accepts an ISO value (2026-11-30): a date rendered in the active
# locale's format (2026.11.30.) is dropped by the browser, which then reports the field as
# required although the person never touched it. So dates are always rendered as ISO, and
# typed input (older browsers fall back to a text box) is read in ISO or the Hungarian way.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y.%m.%d.", "%Y. %m. %d.", "%Y.%m.%d", "%Y. %m. %d"]


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = IsoDateInput
    input_formats = DATE_INPUT_FORMATS


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)


# Shared by the registry's officer forms and the citizen's answer in the portal: both take
# any number of files in one field.
class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []
