"""The field types a form definition may use: one registry, one class per type.

A type knows how to check its options (when a definition is saved or imported), how to
clean a citizen's answer (raising ``ValidationError`` in Hungarian), and which template
renders it. Adding a type is one class with ``@field_types.register("name")``."""

import datetime
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from sites.registry import Registry

from . import validators

field_types = Registry("form field types")

MAX_TEXT = 10_000
MAX_MONEY = 10**12  # forints; far above any municipal fee or tax base, below bigint
MAX_INT = 10**12


@dataclass
class CleaningContext:
    """What a field may need to know beyond the answer: whose form it is."""

    municipality: object = None
    files: dict = field(default_factory=dict)

    def postal_settlements(self):
        """Known postal codes → settlement names, from the platform's municipality list."""
        if not hasattr(self, "_postal"):
            from sites.models import Municipality

            table = {}
            for code, name in Municipality.objects.values_list("postal_code", "name"):
                table.setdefault(code, set()).add(name)
            self._postal = table
        return self._postal


def _invalid():
    return ValidationError(_("This answer is not in a form we can read."), code="invalid")


def _as_text(raw):
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _invalid()
    text = str(raw).strip()
    if validators.is_unstorable_text(text):  # PostgreSQL cannot store it, and no keyboard types it
        raise _invalid()
    return text


class FieldType:
    """Base of every field type. Override ``clean_value``; the rest has sensible defaults."""

    name = ""
    label = ""
    template_name = "forms/fields/input.html"
    input_type = "text"
    # option name -> Python type(s) accepted in the definition
    option_types = {}
    is_group = False
    is_file = False

    def validate_options(self, options):
        """Problems with a field's options, as a list of messages (for the designer/import)."""
        problems = []
        for key, value in options.items():
            expected = self.option_types.get(key)
            if expected is None:
                problems.append(_("unknown option “%(option)s”") % {"option": key})
            elif (
                not isinstance(value, expected)
                or isinstance(value, bool)
                and bool not in (expected if isinstance(expected, tuple) else (expected,))
            ):
                problems.append(_("option “%(option)s” has the wrong type") % {"option": key})
        return problems

    def is_empty(self, raw):
        return raw is None or (isinstance(raw, str) and not raw.strip()) or raw in ([], {})

    def clean(self, raw, spec, context):
        """The stored value of an answer that is not empty."""
        return self.clean_value(raw, spec.get("options", {}), context)

    def clean_value(self, raw, options, context):
        return _as_text(raw)

    def display(self, value, spec):
        return "" if value is None else str(value)


def register(name):
    return field_types.register(name)


@register("text")
class TextField(FieldType):
    label = _("Short text")
    option_types = {"max_length": int, "min_length": int, "placeholder": str}
    default_max = 200

    def clean_value(self, raw, options, context):
        text = _as_text(raw)
        max_length = min(options.get("max_length") or self.default_max, MAX_TEXT)
        if len(text) > max_length:
            raise ValidationError(
                _("Write at most %(max)d characters (now %(length)d).")
                % {"max": max_length, "length": len(text)},
                code="max_length",
            )
        if len(text) < (options.get("min_length") or 0):
            raise ValidationError(
                _("Write at least %(min)d characters.") % {"min": options["min_length"]},
                code="min_length",
            )
        return text


@register("textarea")
class TextareaField(TextField):
    label = _("Long text")
    template_name = "forms/fields/textarea.html"
    default_max = 5000


def _parse_integer(raw, message):
    if isinstance(raw, bool):
        raise ValidationError(message, code="integer")
    if isinstance(raw, int):
        return raw
    text = re.sub(r"[\s\u00a0.]|Ft$|HUF$", "", _as_text(raw), flags=re.IGNORECASE)
    if not re.fullmatch(r"-?\d{1,15}", text):
        raise ValidationError(message, code="integer")
    return int(text)


class NumberBase(FieldType):
    option_types = {"min": int, "max": int, "unit": str}
    input_type = "text"
    limit = MAX_INT
    message = _("Write a whole number, e.g. 12.")

    def clean_value(self, raw, options, context):
        number = _parse_integer(raw, self.message)
        low = options.get("min", -self.limit)
        high = min(options.get("max", self.limit), self.limit)
        if number < low:
            raise ValidationError(
                _("The smallest value allowed is %(min)s.") % {"min": low}, code="min"
            )
        if number > high:
            raise ValidationError(
                _("The largest value allowed is %(max)s.") % {"max": high}, code="max"
            )
        return number


@register("integer")
class IntegerField(NumberBase):
    label = _("Whole number")
    input_type = "number"


@register("money")
class MoneyField(NumberBase):
    """Whole forints: Hungarian cash has no fillér since 1999, and taxes are in forints."""

    label = _("Amount (Ft)")
    limit = MAX_MONEY
    message = _("Write the amount in whole forints, e.g. 12 500.")

    def clean_value(self, raw, options, context):
        options = {"min": 0, **options}
        return super().clean_value(raw, options, context)

    def display(self, value, spec):
        return f"{value:,} Ft".replace(",", "\u00a0") if isinstance(value, int) else ""


@register("date")
class DateField(FieldType):
    label = _("Date")
    input_type = "date"
    option_types = {"min": str, "max": str}

    @staticmethod
    def _bound(text):
        if text == "today":
            return datetime.date.today()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None

    def validate_options(self, options):
        problems = super().validate_options(options)
        for key in ("min", "max"):
            if isinstance(options.get(key), str) and self._bound(options[key]) is None:
                problems.append(_("option “%(option)s” is not a date") % {"option": key})
        return problems

    def clean_value(self, raw, options, context):
        text = _as_text(raw).rstrip(".")
        match = re.fullmatch(r"(\d{4})[-. ]+(\d{1,2})[-. ]+(\d{1,2})", text)
        try:
            value = datetime.date(*(int(part) for part in match.groups())) if match else None
        except ValueError:
            value = None
        if value is None:
            raise ValidationError(
                _("Write a real date as year-month-day, e.g. 2026-03-16."), code="date"
            )
        low = self._bound(options.get("min", ""))
        high = self._bound(options.get("max", ""))
        if low and value < low:
            raise ValidationError(
                _("The date cannot be before %(date)s.") % {"date": low.isoformat()}, code="min"
            )
        if high and value > high:
            raise ValidationError(
                _("The date cannot be after %(date)s.") % {"date": high.isoformat()}, code="max"
            )
        return value.isoformat()


@register("email")
class EmailField(FieldType):
    label = _("E-mail address")
    input_type = "email"

    def clean_value(self, raw, options, context):
        text = _as_text(raw)
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(
                _("Write a valid e-mail address, e.g. nev@example.hu."), code="email"
            ) from None
        return text


class NormalisedField(FieldType):
    """A text answer with one canonical form, checked by a function of validators.py."""

    normalise = None

    def clean_value(self, raw, options, context):
        return type(self).normalise(_as_text(raw))


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

    def is_empty(self, raw):
        if isinstance(raw, dict):
            return all(not str(raw.get(part) or "").strip() for part in self.parts)
        return super().is_empty(raw)

    def clean_value(self, raw, options, context):
        if not isinstance(raw, dict):
            raise _invalid()
        address = {part: _as_text(raw.get(part)) for part in self.parts}
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


def _choices(options):
    return [
        choice
        for choice in options.get("choices", [])
        if isinstance(choice, dict) and isinstance(choice.get("value"), str)
    ]


class ChoiceBase(FieldType):
    option_types = {"choices": list, "widget": str}

    def validate_options(self, options):
        problems = super().validate_options(options)
        choices = options.get("choices")
        if not isinstance(choices, list) or not choices:
            problems.append(_("give at least one choice"))
            return problems
        values = []
        for choice in choices:
            if not (
                isinstance(choice, dict)
                and set(choice) <= {"value", "label"}
                and isinstance(choice.get("value"), str)
                and choice["value"]
                and isinstance(choice.get("label", ""), str)
            ):
                problems.append(_("every choice needs a value and a label"))
                break
            values.append(choice["value"])
        if len(values) != len(set(values)):
            problems.append(_("two choices have the same value"))
        return problems

    def label_of(self, value, spec):
        for choice in _choices(spec.get("options", {})):
            if choice["value"] == value:
                return choice.get("label") or value
        return value


@register("choice")
class ChoiceField(ChoiceBase):
    label = _("Single choice")
    template_name = "forms/fields/choice.html"

    def clean_value(self, raw, options, context):
        value = _as_text(raw)
        if value not in {choice["value"] for choice in _choices(options)}:
            raise ValidationError(_("Choose one of the options offered."), code="choice")
        return value

    def display(self, value, spec):
        return self.label_of(value, spec) if value else ""


@register("multichoice")
class MultipleChoiceField(ChoiceBase):
    label = _("Multiple choice")
    template_name = "forms/fields/multichoice.html"

    def clean_value(self, raw, options, context):
        values = raw if isinstance(raw, list) else [raw]
        allowed = [choice["value"] for choice in _choices(options)]
        chosen = []
        for value in values:
            value = _as_text(value)
            if value not in allowed:
                raise ValidationError(_("Choose only among the options offered."), code="choice")
            if value not in chosen:
                chosen.append(value)
        return [value for value in allowed if value in chosen]

    def display(self, value, spec):
        return ", ".join(self.label_of(v, spec) for v in value or [])


TRUE_VALUES = {"on", "true", "1", "yes", "igen"}


@register("checkbox")
class CheckboxField(FieldType):
    label = _("Checkbox")
    template_name = "forms/fields/checkbox.html"

    def is_empty(self, raw):
        return not self._checked(raw)

    @staticmethod
    def _checked(raw):
        if isinstance(raw, bool):
            return raw
        return isinstance(raw, str | int) and str(raw).strip().lower() in TRUE_VALUES

    def clean_value(self, raw, options, context):
        if not isinstance(raw, bool | str | int):
            raise _invalid()
        return self._checked(raw)

    def display(self, value, spec):
        return _("yes") if value else _("no")


@register("declaration")
class DeclarationField(CheckboxField):
    """A statement the submitter must accept; its label is the text of the declaration."""

    label = _("Declaration")
    template_name = "forms/fields/declaration.html"


DEFAULT_FILE_TYPES = ["pdf", "jpg", "png"]
# The first bytes of each accepted type: the extension alone proves nothing.
FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "asice": (b"PK\x03\x04",),
}
# What a stored file is served as: derived from the checked content, never from the type the
# browser claimed (a "text/html" claim must not reach the response).
FILE_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "asice": "application/vnd.etsi.asic-e+zip",
}
# Office files and signed containers are ZIP files: any ZIP starts with the same bytes, so
# the members that make each kind what it is are checked too. OpenDocument and ASiC name
# their type in a "mimetype" member; Office Open XML has its main part.
ZIP_MIMETYPE_MEMBER = {
    "odt": "application/vnd.oasis.opendocument.text",
    "asice": "application/vnd.etsi.asic-e+zip",
}
ZIP_REQUIRED_MEMBERS = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
}
HARD_FILE_LIMIT_MB = 20


def _zip_is(raw, extension):
    """Does the ZIP upload hold what a file of this extension must hold? Only the member
    list and the few bytes of a "mimetype" member are read: nothing is unpacked."""
    if extension not in ZIP_MIMETYPE_MEMBER and extension not in ZIP_REQUIRED_MEMBERS:
        return True
    raw.seek(0)
    try:
        with zipfile.ZipFile(raw) as archive:
            names = set(archive.namelist())
            if extension in ZIP_REQUIRED_MEMBERS:
                return all(name in names for name in ZIP_REQUIRED_MEMBERS[extension])
            if "mimetype" not in names:
                return False
            with archive.open("mimetype") as member:
                declared = member.read(100).decode("ascii", "replace").strip()
            return declared == ZIP_MIMETYPE_MEMBER[extension]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        raw.seek(0)


@register("file")
class FileUploadField(FieldType):
    label = _("File upload")
    template_name = "forms/fields/file.html"
    option_types = {"allowed_types": list, "max_size_mb": int}
    is_file = True

    def validate_options(self, options):
        problems = super().validate_options(options)
        types = options.get("allowed_types", DEFAULT_FILE_TYPES)
        if isinstance(types, list) and any(t not in FILE_SIGNATURES for t in types):
            problems.append(
                _("allowed file types are: %(types)s") % {"types": ", ".join(FILE_SIGNATURES)}
            )
        size = options.get("max_size_mb", 5)
        if isinstance(size, int) and not 1 <= size <= HARD_FILE_LIMIT_MB:
            problems.append(
                _("the size limit is between 1 and %(max)d MB") % {"max": HARD_FILE_LIMIT_MB}
            )
        return problems

    def is_empty(self, raw):
        return raw is None or raw == "" or getattr(raw, "size", 1) == 0

    def clean_value(self, raw, options, context):
        if not all(hasattr(raw, attr) for attr in ("name", "size", "read", "seek")):
            raise _invalid()
        allowed = [
            t for t in options.get("allowed_types", DEFAULT_FILE_TYPES) if t in FILE_SIGNATURES
        ]
        limit_mb = min(options.get("max_size_mb", 5), HARD_FILE_LIMIT_MB)
        if raw.size > limit_mb * 1024 * 1024:
            raise ValidationError(
                _("The file is too large: at most %(max)d MB is accepted.") % {"max": limit_mb},
                code="file_size",
            )
        extension = str(raw.name).rsplit(".", 1)[-1].lower() if "." in str(raw.name) else ""
        raw.seek(0)
        head = raw.read(16)
        raw.seek(0)
        if (
            extension not in allowed
            or not head.startswith(FILE_SIGNATURES[extension])
            or not _zip_is(raw, extension)
        ):
            raise ValidationError(
                _("Upload a file of one of these types: %(types)s.")
                % {"types": ", ".join(allowed)},
                code="file_type",
            )
        return {
            "name": str(raw.name)[-200:],
            "size": raw.size,
            "content_type": FILE_CONTENT_TYPES.get(extension, "application/octet-stream"),
        }

    def display(self, value, spec):
        return value.get("name", "") if isinstance(value, dict) else ""


@register("group")
class RepeatingGroupField(FieldType):
    """Rows of sub-fields: one per property, per vehicle, per business site…"""

    label = _("Repeating group")
    template_name = "forms/fields/group.html"
    option_types = {"min_rows": int, "max_rows": int, "row_label": str}
    is_group = True
    HARD_MAX_ROWS = 200

    def validate_options(self, options):
        problems = super().validate_options(options)
        low, high = options.get("min_rows", 0), options.get("max_rows", self.HARD_MAX_ROWS)
        if (
            isinstance(low, int)
            and isinstance(high, int)
            and not 0 <= low <= high <= self.HARD_MAX_ROWS
        ):
            problems.append(_("rows must be between 0 and %(max)d") % {"max": self.HARD_MAX_ROWS})
        return problems

    def is_empty(self, raw):
        return not raw

    # The rows are cleaned by validation.clean_submission, which knows the sub-fields.
    def clean_value(self, raw, options, context):  # pragma: no cover - not called for groups
        raise NotImplementedError
