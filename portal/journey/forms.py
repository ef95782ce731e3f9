import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.forms.constants import Category
from services.forms.services import (
    normalise_company_registration_number,
    normalise_tax_id,
    normalise_tax_number,
)
from sites.forms import DateField

from .constants import IDENTIFIERS_FOR_KIND, IdentifierKind, RepresentedKind

NORMALISERS = {
    IdentifierKind.TAX_NUMBER: normalise_tax_number,
    IdentifierKind.COMPANY_REGISTRATION: normalise_company_registration_number,
    IdentifierKind.TAX_ID: normalise_tax_id,
}
FORM_CODE_RE = re.compile(r"[A-Z]{2,6}-\d{3}")


class RepresentationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Whom do you act for?"), choices=RepresentedKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Name of the company or person"), max_length=255)
    identifier_kind = forms.ChoiceField(
        label=_("Identifier"), choices=IdentifierKind.choices, widget=forms.RadioSelect
    )
    identifier = forms.CharField(
        label=_("Identifier value"),
        max_length=40,
        help_text=_(
            "Tax number as 12345676-2-41, company registration number as 01-09-123456, tax "
            "identification number as 10 digits."
        ),
    )
    all_forms = forms.BooleanField(label=_("For every form"), required=False, initial=True)
    categories = forms.MultipleChoiceField(
        label=_("Or only for these fields of administration"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    form_codes = forms.CharField(
        label=_("Or only for these forms"),
        required=False,
        max_length=500,
        help_text=_("Form codes separated by commas, e.g. ADO-001, IPAR-002."),
    )
    valid_from = DateField(label=_("Valid from"), initial=timezone.localdate)
    valid_until = DateField(label=_("Valid until (empty: until revoked)"), required=False)
    declaration = forms.BooleanField(
        label=_(
            "I declare that I am entitled to act in this name (a company's representative or "
            "holder of a written authorisation), and I know that the office may ask for proof."
        ),
        error_messages={"required": _("Accept the declaration to go on.")},
    )

    def clean_form_codes(self):
        codes = [c.strip().upper() for c in self.cleaned_data["form_codes"].split(",") if c.strip()]
        wrong = [code for code in codes if not FORM_CODE_RE.fullmatch(code)]
        if wrong:
            raise ValidationError(
                _("These are not form codes: %(codes)s. A form code looks like ADO-001.")
                % {"codes": ", ".join(wrong)}
            )
        return sorted(set(codes))

    def clean(self):
        data = super().clean()
        kind, identifier_kind = data.get("kind"), data.get("identifier_kind")
        if kind and identifier_kind and identifier_kind not in IDENTIFIERS_FOR_KIND[kind]:
            self.add_error(
                "identifier_kind",
                _("%(kind)s is identified by: %(allowed)s.")
                % {
                    "kind": RepresentedKind(kind).label,
                    "allowed": ", ".join(
                        str(IdentifierKind(k).label) for k in IDENTIFIERS_FOR_KIND[kind]
                    ),
                },
            )
        elif identifier_kind and data.get("identifier"):
            try:
                data["identifier"] = NORMALISERS[identifier_kind](data["identifier"])
            except ValidationError as error:
                self.add_error("identifier", error)
        if not data.get("all_forms") and not data.get("categories") and not data.get("form_codes"):
            self.add_error(
                "all_forms", _("Say what it covers: every form, some fields or some forms.")
            )
        if data.get("valid_from") and data.get("valid_until"):
            if data["valid_until"] < data["valid_from"]:
                self.add_error("valid_until", _("The end cannot be before the start."))
        return data
