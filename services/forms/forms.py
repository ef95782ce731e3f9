"""Django forms of the admin: the designer's field and step editors, publishing."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.forms import DateField

from .constants import Category, DeadlinePolicy, FeeKind, SubmissionStatus
from .fieldtypes import field_types
from .models.library import validate_form_code


def type_choices():
    return [(name, field_type.label) for name, field_type in field_types.items()]


class FieldConfigForm(forms.Form):
    type = forms.ChoiceField(label=_("Field type"), choices=type_choices)
    label = forms.CharField(label=_("Label"), max_length=2000)
    help_text = forms.CharField(
        label=_("Help text"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    locked = forms.BooleanField(label=_("Locked (required by law)"), required=False)
    statutory = forms.CharField(
        label=_("Prescribed by law (legal reference)"),
        required=False,
        max_length=255,
        help_text=_(
            "E.g. Ákr. 36. §. The wording, requirement and choices then reach every "
            "municipality: their customisation cannot override them."
        ),
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; write value|label to set the stored value."),
    )
    min = forms.IntegerField(label=_("Smallest value"), required=False)
    max = forms.IntegerField(label=_("Largest value"), required=False)
    max_length = forms.IntegerField(
        label=_("Maximum length"), required=False, min_value=1, max_value=10000
    )
    allowed_types = forms.CharField(
        label=_("Allowed file types"),
        required=False,
        help_text=_("Comma separated, e.g. pdf, jpg, png."),
    )
    max_size_mb = forms.IntegerField(
        label=_("Size limit (MB)"), required=False, min_value=1, max_value=20
    )
    min_rows = forms.IntegerField(
        label=_("Minimum rows"), required=False, min_value=0, max_value=200
    )
    max_rows = forms.IntegerField(
        label=_("Maximum rows"), required=False, min_value=1, max_value=200
    )
    local_only = forms.BooleanField(label=_("Only addresses in this municipality"), required=False)
    condition_field = forms.ChoiceField(label=_("Show only when this field…"), required=False)
    condition_value = forms.CharField(
        label=_("…has this value"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to show when the field is filled in."),
    )
    step = forms.CharField(required=False, widget=forms.HiddenInput)
    group = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, condition_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition_field"].choices = [("", "—")] + list(condition_choices)

    def clean(self):
        data = super().clean()
        if (
            data.get("type") in ("choice", "multichoice")
            and not (data.get("choices") or "").strip()
        ):
            self.add_error("choices", _("Give at least one choice."))
        if (
            data.get("min") is not None
            and data.get("max") is not None
            and data["min"] > data["max"]
        ):
            self.add_error("max", _("The largest value cannot be smaller than the smallest."))
        return data


class StepForm(forms.Form):
    title = forms.CharField(label=_("Title of the new step"), max_length=200)


class MetaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    intro = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    office = forms.CharField(label=_("Responsible office"), required=False, max_length=255)
    handling_group = forms.CharField(label=_("Handling group"), required=False, max_length=255)
    requires_identification = forms.BooleanField(
        label=_("Only for citizens identified through the national agent (KAÜ)"),
        required=False,
        help_text=_(
            "The form cannot be submitted after a phone or e-mail login; its identity fields "
            "are filled from the identity data and cannot be changed."
        ),
    )

    def __init__(self, *args, can_require_identification=True, **kwargs):
        super().__init__(*args, **kwargs)
        # A template's requirement is the provider's (the law's): an overlay cannot drop it.
        if not can_require_identification:
            del self.fields["requires_identification"]


class FeeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Fee"), choices=FeeKind.choices)
    amount = forms.IntegerField(
        label=_("Amount (Ft)"), required=False, min_value=0, max_value=10**9
    )
    base = forms.IntegerField(
        label=_("Base amount (Ft)"), required=False, min_value=0, max_value=10**9
    )
    per_row_of = forms.ChoiceField(label=_("Plus an amount for each row of"), required=False)
    statutory = forms.CharField(
        label=_("Fee set by law (legal reference)"),
        required=False,
        max_length=255,
        help_text=_("Only in the provider's template: municipalities cannot change such a fee."),
    )
    per_row_amount = forms.IntegerField(
        label=_("Amount per row (Ft)"), required=False, min_value=0, max_value=10**9
    )

    def __init__(self, *args, group_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["per_row_of"].choices = [("", "—")] + list(group_choices)

    def clean(self):
        data = super().clean()
        if data.get("kind") == FeeKind.FIXED and data.get("amount") is None:
            self.add_error("amount", _("Give the fee in whole forints."))
        return data

    def fee(self):
        data = self.cleaned_data
        if data["kind"] == FeeKind.FIXED:
            return {"kind": "fixed", "amount": data["amount"]}
        if data["kind"] == FeeKind.COMPUTED:
            terms = []
            if data.get("per_row_of"):
                terms.append(
                    {"per_row_of": data["per_row_of"], "amount": data.get("per_row_amount") or 0}
                )
            return {"kind": "computed", "base": data.get("base") or 0, "terms": terms}
        return {"kind": "none"}

    @staticmethod
    def initial_for(fee):
        fee = fee or {"kind": "none"}
        initial = {
            "kind": fee.get("kind", "none"),
            "amount": fee.get("amount"),
            "base": fee.get("base"),
        }
        for term in fee.get("terms", []):
            if "per_row_of" in term:
                initial.update(per_row_of=term["per_row_of"], per_row_amount=term["amount"])
        return initial


class PublishVersionForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed and why"), widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_reference = forms.CharField(label=_("Legal reference"), required=False, max_length=255)
    live_by = DateField(label=_("Must be live by"), required=False)
    drafts_cutoff = forms.DateTimeField(
        label=_("Hard cut-off for drafts on earlier versions"),
        required=False,
        # datetime-local takes only an ISO value; Django reads ISO back itself.
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    effective_from = forms.DateTimeField(
        label=_("In force from"),
        required=False,
        help_text=_(
            "The day and time the law takes effect. Until then the version is staged: officers "
            "preview it and resolve conflicts. Empty: in force at once."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    deadline_policy = forms.ChoiceField(
        label=_("When the “must be live by” date passes"),
        choices=DeadlinePolicy.choices,
        initial=DeadlinePolicy.SWITCH,
        required=False,  # a post without it keeps the default: switch
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("live_by") and data["live_by"] < today:
            self.add_error("live_by", _("The “must be live by” date cannot be in the past."))
        elif (
            data.get("live_by")
            and data.get("effective_from")
            and data["live_by"] < timezone.localdate(data["effective_from"])
        ):
            self.add_error(
                "live_by",
                _("The “must be live by” date cannot be before the version comes into force."),
            )
        return data


class NewTemplateForm(forms.Form):
    code = forms.CharField(label=_("Form code"), max_length=12, validators=[validate_form_code])
    title = forms.CharField(label=_("Title"), max_length=255)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("JSON file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large: at most 2 MB is accepted."))
        return upload


class SubmissionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    form = forms.ModelChoiceField(label=_("Form"), required=False, queryset=None)
    q = forms.CharField(label=_("Reference"), required=False, max_length=40)

    def __init__(self, *args, customisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + [
            (value, label)
            for value, label in SubmissionStatus.choices
            if value != SubmissionStatus.DRAFT
        ]
        self.fields["form"].queryset = customisations
