from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sites import filetypes
from sites.forms import MultipleFileField
from sites.normalise import refuse_unstorable

from .constants import Category, Priority, Status
from .services import MAX_SCREENSHOTS

# Screenshots are pictures: what a browser's or the system's screenshot tool saves.
SCREENSHOT_EXTENSIONS = ("png", "jpg", "jpeg")


def _text(max_length, label, **kwargs):
    return forms.CharField(
        label=label, max_length=max_length, validators=[refuse_unstorable], **kwargs
    )


class ScreenshotsField(MultipleFileField):
    def clean(self, data, initial=None):
        uploads = super().clean(data, initial)
        if len(uploads) > MAX_SCREENSHOTS:
            raise ValidationError(
                _("A ticket takes at most %(count)s screenshots.") % {"count": MAX_SCREENSHOTS}
            )
        max_mb = settings.MAX_UPLOAD_MB
        for upload in uploads:
            # The allow-list by content (sites.filetypes): a PNG must start as a PNG.
            filetypes.check(
                upload, SCREENSHOT_EXTENSIONS, max_bytes=max_mb * 1024 * 1024, max_mb=max_mb
            )
        return uploads


class TicketForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    subject = _text(200, _("Subject"))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = _text(
        10000,
        _("What happened?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you did, what you expected and what you saw instead."),
    )
    screenshots = ScreenshotsField(
        label=_("Screenshots"),
        help_text=_("PNG or JPEG pictures, at most five."),
    )
    page_url = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if len(municipalities[:2]) == 1:
            self.fields["municipality"].initial = municipalities[0].pk
            self.fields["municipality"].widget = forms.HiddenInput()

    def clean_page_url(self):
        # Only a path of our own admin: never a link elsewhere shown to the operator.
        value = self.cleaned_data.get("page_url", "")
        return value if value.startswith("/") and not value.startswith("//") else ""


class ReplyForm(forms.Form):
    body = _text(10000, _("Message"), widget=forms.Textarea(attrs={"rows": 5}))
    screenshots = ScreenshotsField(label=_("Screenshots"), help_text=_("PNG or JPEG pictures."))


class AnswerForm(forms.Form):
    body = _text(10000, _("Answer"), widget=forms.Textarea(attrs={"rows": 8}))
    status = forms.ChoiceField(
        label=_("Then"),
        choices=[
            (Status.WAITING, _("Wait for the municipality's answer (the SLA clock pauses)")),
            (Status.RESOLVED, _("Resolved")),
            (Status.OPEN, _("Still in progress")),
        ],
        initial=Status.WAITING,
    )


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All open"))] + Status.choices
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("All"))] + Priority.choices
    )


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the knowledge base"), required=False, max_length=100)
