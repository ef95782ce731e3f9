"""Repeating groups: rows of sub-fields."""

from django.utils.translation import gettext_lazy as _

from .base import FieldType, register


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
