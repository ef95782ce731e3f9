from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from services.forms.models import FormTemplate
from sites.constants import County, LegalStatus
from sites.forms import DateField
from sites.models import Municipality
from sites.normalise import refuse_unstorable

from .models import Audience


class NoticeForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=200, validators=[refuse_unstorable]
    )
    law = forms.CharField(
        label=gettext_lazy("Law"),
        max_length=255,
        required=False,
        validators=[refuse_unstorable],
        help_text=gettext_lazy("As it is cited, e.g. 2017. évi CL. törvény 206. §."),
    )
    effective_on = DateField(label=gettext_lazy("In force from"), required=False)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[refuse_unstorable],
    )
    templates = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Form templates affected"),
        queryset=FormTemplate.objects.filter(is_active=True).order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Send to"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
        initial=Audience.ALL,
    )
    counties = forms.MultipleChoiceField(
        label=gettext_lazy("Counties"),
        choices=County.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_statuses = forms.MultipleChoiceField(
        label=gettext_lazy("Legal statuses"),
        choices=LegalStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = forms.CharField(
        label=gettext_lazy("Municipalities"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One per line or separated by commas: KSH code or web address name (e.g. eger)."
        ),
    )

    def clean_municipalities(self):
        words = [
            w.strip() for w in self.cleaned_data["municipalities"].replace(",", "\n").split("\n")
        ]
        words = [w for w in words if w]
        if not words:
            return []
        found = list(
            Municipality.objects.filter(active=True).filter(ksh_code__in=words)
            | Municipality.objects.filter(active=True).filter(slug__in=[w.lower() for w in words])
        )
        known = {m.ksh_code for m in found} | {m.slug for m in found}
        unknown = [w for w in words if w not in known and w.lower() not in known]
        if unknown:
            raise forms.ValidationError(
                _("No joined municipality with this KSH code or name: %(names)s.")
                % {"names": ", ".join(unknown[:10])}
            )
        return found

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        needed = {
            Audience.COUNTY: ("counties", _("Choose at least one county.")),
            Audience.LEGAL_STATUS: ("legal_statuses", _("Choose at least one legal status.")),
            Audience.LIST: ("municipalities", _("Name at least one municipality.")),
        }
        if audience in needed:
            field, message = needed[audience]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        return data
