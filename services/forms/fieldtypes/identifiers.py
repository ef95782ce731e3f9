"""Answers with one canonical written form (phone numbers, Hungarian tax and company
identifiers, bank accounts, parcel numbers) and the postal address."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import validators
from .base import FieldType, _as_structured, _as_text, _invalid, register


class NormalisedField(FieldType):
    """A text answer with one canonical form, checked by a function of validators.py."""

    normalise = None

    def clean_value(self, raw, options, context):
        return type(self).normalise(_as_structured(raw))


@register("phone")
class PhoneField(NormalisedField):
    label = _("Phone number")
    input_type = "tel"
    normalise = validators.normalise_phone


@register("tax_id")
class TaxIdField(NormalisedField):
    label = _("Tax identification number (adóazonosító jel)")
    normalise = validators.normalise_tax_id


@register("tax_number")
class TaxNumberField(NormalisedField):
    label = _("Tax number (adószám)")
    normalise = validators.normalise_tax_number


@register("company_registration_number")
class CompanyRegistrationField(NormalisedField):
    label = _("Company registration number")
    normalise = validators.normalise_company_registration_number


@register("bank_account")
class BankAccountField(NormalisedField):
    label = _("Bank account number (GIRO)")
    normalise = validators.normalise_giro_account


@register("iban")
class IbanField(NormalisedField):
    label = _("IBAN")
    normalise = validators.normalise_iban


@register("parcel_number")
class ParcelNumberField(NormalisedField):
    label = _("Land registry parcel number (helyrajzi szám)")
    normalise = validators.normalise_parcel_number


@register("postal_address")
class PostalAddressField(FieldType):
    """Postal code, settlement, street and house number. Where the platform knows the
    postal code, the settlement must be the one it belongs to; ``local_only`` asks for an
    address in the form's own municipality (e.g. the property taxed)."""

    label = _("Hungarian postal address")
    template_name = "forms/fields/address.html"
    option_types = {"local_only": bool}
    parts = ("postal_code", "settlement", "street", "house_number")
    # A house number is written like a code (12/A, 3-5), a name is free text.
    structured_parts = ("postal_code", "house_number")

    def is_empty(self, raw):
        if isinstance(raw, dict):
            return all(not str(raw.get(part) or "").strip() for part in self.parts)
        return super().is_empty(raw)

    def clean_value(self, raw, options, context):
        if not isinstance(raw, dict):
            raise _invalid()
        address = {
            part: (_as_structured if part in self.structured_parts else _as_text)(raw.get(part))
            for part in self.parts
        }
        if any(len(value) > 200 for value in address.values()):
            raise ValidationError(_("An address part is too long."), code="max_length")
        missing = [part for part in self.parts if not address[part]]
        if missing:
            raise ValidationError(
                _("Fill in the postal code, the settlement, the street and the house number."),
                code="address_incomplete",
            )
        try:
            validators.validate_postal_code(address["postal_code"])
        except ValidationError as error:
            raise ValidationError(error.messages[0], code="postal_code_format") from None
        known = context.postal_settlements().get(address["postal_code"])
        settlement = address["settlement"].casefold()
        if known and settlement not in {name.casefold() for name in known}:
            raise ValidationError(
                _(
                    "The postal code %(code)s belongs to %(settlement)s: check the postal code "
                    "or the settlement."
                )
                % {"code": address["postal_code"], "settlement": ", ".join(sorted(known))},
                code="postal_code_mismatch",
            )
        municipality = context.municipality
        if options.get("local_only") and municipality is not None:
            if settlement != municipality.name.casefold():
                raise ValidationError(
                    _("Give an address in %(municipality)s.") % {"municipality": municipality},
                    code="address_not_local",
                )
        return address

    def display(self, value, spec):
        if not isinstance(value, dict):
            return ""
        return "{postal_code} {settlement}, {street} {house_number}".format(
            **{part: value.get(part, "") for part in self.parts}
        )
