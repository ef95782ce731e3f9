from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import StaffRole


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
