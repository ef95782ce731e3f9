from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def slot_choices(slots):
    return [(slot.value, timezone.localtime(slot.starts_at).strftime("%H:%M")) for slot in slots]


class SlotForm(forms.Form):
    slot = forms.ChoiceField(
        label=_("Time"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a time."),
            "invalid_choice": _("This time is not free. Please choose another one."),
        },
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slot_choices(slots)
        self.slots = {slot.value: slot for slot in slots}

    def chosen(self):
        return self.slots[self.cleaned_data["slot"]]


class BookingForm(SlotForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        error_messages={"required": _("Please give your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send the confirmation and the calendar entry here."),
        error_messages={
            "required": _("Please give your e-mail address."),
            "invalid": _("Please give a valid e-mail address, e.g. nev@example.hu."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    field_order = ["slot", "name", "email", "phone"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if "\x00" in name or not name:
            raise forms.ValidationError(_("Please give your name."))
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(ch.isascii() and (ch.isdigit() or ch in "+ -/()") for ch in phone):
            raise forms.ValidationError(
                _("Give the phone number with digits, e.g. +36 30 123 4567.")
            )
        return phone
