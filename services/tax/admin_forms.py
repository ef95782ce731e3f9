"""The forms of the tax officers' workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sites.forms import DateField

from .constants import (
    UNITS_BY_TAX_TYPE,
    RateCategory,
    RateUnit,
    RuleKind,
    TaxpayerKind,
    TaxType,
)

SEARCH_IN = [
    ("", _("Everywhere")),
    ("name", _("Name")),
    ("identifier", _("Tax identification number or tax number")),
    ("parcel", _("Parcel number")),
    ("address", _("Address")),
]
LEVIED = [(code, label) for code, label in TaxType.choices if code in UNITS_BY_TAX_TYPE]


class TaxpayerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, tax identification number, tax number, parcel number or address."),
    )
    search_in = forms.ChoiceField(label=_("Search in"), required=False, choices=SEARCH_IN)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + TaxpayerKind.choices
    )
    tax_type = forms.ChoiceField(
        label=_("Tax type"), required=False, choices=[("", _("All"))] + TaxType.choices
    )


class DecreeForm(forms.Form):
    tax_year = forms.IntegerField(
        label=_("Tax year"),
        min_value=1991,
        max_value=2200,
        error_messages={"invalid": _("Give the tax year as a number, e.g. 2027.")},
    )
    title = forms.CharField(label=_("Title"), max_length=300)


class LineForm(forms.Form):
    tax_type = forms.ChoiceField(label=_("Tax type"), choices=LEVIED)
    category = forms.ChoiceField(label=_("Category"), choices=RateCategory.choices)
    zone = forms.CharField(label=_("Zone"), required=False, max_length=40)
    area_from = forms.CharField(label=_("Area from (m²)"), required=False, max_length=20)
    area_to = forms.CharField(label=_("Area to (m²)"), required=False, max_length=20)
    unit = forms.ChoiceField(label=_("Unit"), choices=RateUnit.choices)
    amount = forms.CharField(label=_("Rate"), max_length=20)


class RuleForm(forms.Form):
    tax_type = forms.ChoiceField(label=_("Tax type"), choices=LEVIED)
    kind = forms.ChoiceField(label=_("Kind"), choices=RuleKind.choices)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All"))] + RateCategory.choices
    )
    zone = forms.CharField(label=_("Zone"), required=False, max_length=40)
    m2 = forms.CharField(label=_("Free area (m²)"), required=False, max_length=20)
    ft = forms.CharField(label=_("Allowance (Ft)"), required=False, max_length=20)
    percent = forms.CharField(label=_("Allowance (%)"), required=False, max_length=20)
    age = forms.CharField(label=_("Age (years)"), required=False, max_length=20)
    description = forms.CharField(label=_("Description"), required=False, max_length=300)


class AdoptForm(forms.Form):
    number = forms.IntegerField(
        label=_("Number of the decree"),
        min_value=1,
        error_messages={"invalid": _("Give the number of the decree as a whole number.")},
    )
    adopted_on = DateField(label=_("Date of adoption"))


class ReceiptsForm(forms.Form):
    since = DateField(
        label=_("Period from"), error_messages={"required": _("Give the start of the period.")}
    )
    until = DateField(
        label=_("Period to"), error_messages={"required": _("Give the end of the period.")}
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return cleaned
