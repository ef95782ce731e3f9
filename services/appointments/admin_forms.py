"""The site admin's set-up forms: an office with its hours, closures and desks; a matter
with its questions. Every choice offered is the municipality's own."""

import datetime

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from .models import (
    BookableService,
    Closure,
    Desk,
    Office,
    OpeningPeriod,
    TriageQuestion,
)


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["name", "address", "slot_minutes", "days_ahead", "active"]


class ServiceForm(forms.ModelForm):
    class Meta:
        model = BookableService
        fields = [
            "office",
            "name",
            "description",
            "duration_minutes",
            "what_to_bring",
            "online_url",
            "active",
        ]

    # Not the model's field: its many-to-many manager would query desks by id alone, which
    # the tenant scope refuses. Read and written here, within the municipality.
    desks = forms.ModelMultipleChoiceField(
        queryset=Desk.objects.none(),
        label=_("Officers and desks"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one officer or desk.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["desks"] = list(self.instance.desk_list().values_list("pk", flat=True))
        self.fields["office"].queryset = Office.objects.for_municipality(municipality)
        self.fields["desks"].queryset = Desk.objects.for_municipality(municipality).select_related(
            "office"
        )
        self.fields["desks"].label_from_instance = lambda desk: f"{desk.office.name}: {desk.name}"

    def clean(self):
        data = super().clean()
        office, duration = data.get("office"), data.get("duration_minutes")
        if (
            office
            and duration
            and (duration < office.slot_minutes or duration % office.slot_minutes)
        ):
            self.add_error(
                "duration_minutes",
                _("The duration must be a multiple of the office's time unit (%(step)s minutes).")
                % {"step": office.slot_minutes},
            )
        if office and any(desk.office_id != office.pk for desk in data.get("desks") or ()):
            self.add_error("desks", _("Choose desks of the same office."))
        return data

    def save_desks(self, service):
        through = BookableService.desks.through
        through.objects.filter(bookableservice_id=service.pk).delete()
        through.objects.bulk_create(
            through(bookableservice_id=service.pk, desk_id=desk.pk)
            for desk in self.cleaned_data["desks"]
        )


def _formset(model, parent, fields, fk_name):
    return inlineformset_factory(
        parent, model, fields=fields, extra=2, can_delete=True, fk_name=fk_name
    )


PeriodFormSet = _formset(OpeningPeriod, Office, ["weekday", "opens", "closes"], "office")
ClosureFormSet = _formset(Closure, Office, ["date", "reason"], "office")
DeskFormSet = _formset(Desk, Office, ["name", "active"], "office")
QuestionFormSet = _formset(
    TriageQuestion, BookableService, ["question", "advice", "link_url", "position"], "service"
)


class BlockForm(forms.Form):
    desk = forms.ModelChoiceField(queryset=Desk.objects.none(), label=_("Officer or desk"))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(label=_("Reason"), max_length=160, required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = Desk.objects.for_municipality(municipality).select_related(
            "office"
        )
        self.fields["desk"].label_from_instance = lambda desk: f"{desk.office.name}: {desk.name}"

    def span(self):
        from django.utils import timezone

        day = self.cleaned_data["day"]
        return (
            timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["start"])),
            timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["end"])),
        )


class DayForm(forms.Form):
    nap = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    iroda = forms.ModelChoiceField(
        queryset=Office.objects.none(), label=_("Office"), required=False
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iroda"].queryset = Office.objects.for_municipality(municipality)
