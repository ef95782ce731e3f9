from django import forms
from django.utils.translation import gettext_lazy as _

from sites.forms import MultipleFileField

MAX_ANSWER_FILES = 10


class AnswerForm(forms.Form):
    """The citizen's answer to a request for missing information. Files are checked by
    content when the registry registers them (services.documents.files.check_upload)."""

    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("PDF, image or office document; you can choose more than one file."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files"):
            raise forms.ValidationError(
                _("Write your answer or attach a file."), code="empty_answer"
            )
        if len(data.get("files") or []) > MAX_ANSWER_FILES:
            raise forms.ValidationError(
                _("Attach at most %(count)d files.") % {"count": MAX_ANSWER_FILES},
                code="too_many_files",
            )
        return data


class NotificationPreferenceForm(forms.Form):
    email_notifications = forms.BooleanField(
        label=_("E-mail me when a message arrives or one of my cases changes"),
        required=False,
        help_text=_(
            "The e-mail only says that there is news in Ügyeim, never what; it goes to your "
            "verified e-mail address."
        ),
    )
