"""Choices, check boxes and declarations."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import FieldType, _as_text, _invalid, register


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
