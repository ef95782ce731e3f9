"""What every field type shares: the registry, the limits, the cleaning context and the
base class with its override points."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sites import normalise
from sites.registry import Registry

field_types = Registry("form field types")

MAX_TEXT = 10_000
MAX_MONEY = 10**12  # forints; far above any municipal fee or tax base, below bigint
MAX_INT = 10**12


@dataclass
class CleaningContext:
    """What a field may need to know beyond the answer: whose form it is."""

    municipality: object = None
    files: dict = field(default_factory=dict)
    # The central template the form was made from (``IPAR-001``): a service's answer check
    # registered under it (services.forms.checks) runs after the fields are cleaned.
    template_code: str = ""
    # Who files (the portal account): a service's check may ask whether they may act for
    # the person the answers name (the tax register's representation). None: unknown.
    submitter: object = None

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
    """Free text: NFC, so it keeps what the person wrote (sites.normalise)."""
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _invalid()
    return normalise.text(str(raw))


def _as_structured(raw):
    """A number, date, code or identifier: NFKC and ASCII digits (sites.normalise)."""
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _invalid()
    return normalise.structured(str(raw))


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
