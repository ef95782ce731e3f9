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
