"""The forms of the trade officers' workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Status, TradingForm

SEARCH_IN = [
    ("all", _("Everywhere")),
    ("name", _("Name")),
    ("registration_number", _("Registration number")),
    ("tax_number", _("Tax number")),
    ("address", _("Address")),
    ("parcel_number", _("Parcel number")),
]


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, shop name, registration number, tax number, address or parcel number."),
    )
    search_in = forms.ChoiceField(label=_("Search in"), required=False, choices=SEARCH_IN)
    trading_form = forms.ChoiceField(
        label=_("Trading form"), required=False, choices=[("", _("All"))] + TradingForm.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Status.choices
    )


class CheckForm(forms.Form):
    notification = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Check note"), required=False, max_length=300)
