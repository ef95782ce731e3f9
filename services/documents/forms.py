"""Forms of the officer's workspace. Files are checked by content when registered
(files.check_upload); here only what a form can tell on its own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sites.forms import MultipleFileField
from sites.hungarian import user_name

from .constants import CaseStatus, ClientKind, DecisionKind, Direction
from .deadlines import rule_choices
from .models import CaseType, RegistrySettings


class OutgoingForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=255)
    text = forms.CharField(
        label=_("Message to the client"), widget=forms.Textarea(attrs={"rows": 6})
    )
    files = MultipleFileField(label=_("Attached documents"))


class DecisionForm(forms.Form):
    """The parts of a decision the officer writes (Ákr. 81. § (1)); the rest is the case's.
    The notice of legal remedy starts from the case type's template (decisions.py)."""

    kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=255)
    operative_part = forms.CharField(
        label=_("Operative part"), widget=forms.Textarea(attrs={"rows": 5})
    )
    legal_remedy = forms.CharField(
        label=_("Notice of legal remedy"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        help_text=_(
            "The facts established and their evidence, the considerations of any discretion, "
            "and the provisions of law the decision rests on."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    text = forms.CharField(
        label=_("Message to the client"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(label=_("Attached documents"))


class RequestInformationForm(forms.Form):
    text = forms.CharField(label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 5}))
    client_deadline = forms.DateField(
        label=_("The client's deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    files = MultipleFileField(label=_("Attached documents"))


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason of the suspension"),
        max_length=200,
        help_text=_("For example: a preliminary question before a court (Ákr. 48. §)."),
    )
    text = forms.CharField(
        label=_("Text of the order"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(label=_("Attached documents"))


class ResumeForm(forms.Form):
    text = forms.CharField(
        label=_("The client's answer"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(label=_("Documents received"))


class RegisterDocumentForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[
            (Direction.INCOMING, Direction.INCOMING.label),
            (Direction.INTERNAL, Direction.INTERNAL.label),
        ],
    )
    subject = forms.CharField(label=_("Subject"), max_length=255)
    correspondent = forms.CharField(label=_("Sender"), max_length=255, required=False)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(label=_("Files"))


class CorrectionForm(forms.Form):
    subject = forms.CharField(label=_("What is corrected"), max_length=255)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(label=_("Corrected files"))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class NewCaseForm(forms.Form):
    """A paper or e-mail document arriving at the office: registered as a new case."""

    case_type = forms.ModelChoiceField(label=_("Case type"), queryset=CaseType.objects.none())
    subject = forms.CharField(label=_("Subject"), max_length=255)
    client_kind = forms.ChoiceField(label=_("Client"), choices=ClientKind.choices)
    client_name = forms.CharField(label=_("Client's name"), max_length=255)
    client_email = forms.EmailField(label=_("Client's e-mail"), required=False)
    client_address = forms.CharField(label=_("Client's address"), max_length=255, required=False)
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    fee = forms.IntegerField(label=_("Procedure fee (Ft)"), min_value=0, max_value=10**9, initial=0)
    initiated_by_request = forms.BooleanField(
        label=_("Started on the client's request"), required=False, initial=True
    )
    handling_group = forms.CharField(label=_("Handling group"), max_length=255, required=False)
    restricted = forms.BooleanField(label=_("Restricted to the handling officer"), required=False)
    document_subject = forms.CharField(label=_("Subject of the incoming document"), max_length=255)
    files = MultipleFileField(label=_("Files"))

    def __init__(self, *args, case_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].queryset = case_types.filter(is_active=True).order_by("code")

    def clean_received_on(self):
        from django.utils import timezone

        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of receipt cannot be in the future."))
        return day


class CaseFilterForm(forms.Form):
    DEADLINES = [
        ("", _("Any deadline")),
        ("due3", _("Due in 3 days")),
        ("late", _("Late")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open cases")), ("all", _("All"))] + list(CaseStatus.choices),
    )
    case_type = forms.ModelChoiceField(
        label=_("Case type"), required=False, queryset=CaseType.objects.none()
    )
    officer = forms.ChoiceField(label=_("Officer"), required=False)
    deadline = forms.ChoiceField(label=_("Deadline"), required=False, choices=DEADLINES)
    handling_group = forms.CharField(label=_("Handling group"), required=False, max_length=255)

    def __init__(self, *args, case_types, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].queryset = case_types.order_by("code")
        self.fields["officer"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Not assigned")),
        ] + [(str(u.pk), user_name(u)) for u in officers]


class CaseTypeForm(forms.ModelForm):
    procedure_rule = forms.ChoiceField(label=_("Deadline rule"), choices=rule_choices)

    class Meta:
        model = CaseType
        fields = [
            "code",
            "name",
            "retention_years",
            "archival_value",
            "procedure_rule",
            "deadline_days",
            "handling_group",
            "is_active",
        ]


class CaseTypeLocalSettingsForm(forms.ModelForm):
    """What a municipality may change on a provider's case type."""

    class Meta:
        model = CaseType
        fields = ["deadline_days", "handling_group", "is_active"]


class RegistrySettingsForm(forms.ModelForm):
    class Meta:
        model = RegistrySettings
        fields = ["prefix"]
