from django import forms
from django.utils.translation import gettext_lazy as _

from sites.forms import DateField
from sites.hungarian import format_number

from .constants import PaymentStatus, Purpose
from .services import check_stripe_account


class PaymentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + PaymentStatus.choices
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), required=False, choices=[("", _("All"))] + Purpose.choices
    )
    since = DateField(label=_("Period from"), required=False)
    until = DateField(label=_("Period to"), required=False)
    q = forms.CharField(label=_("Reference"), required=False, max_length=40)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return cleaned


class RefundForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Amount to refund (Ft)"),
        min_value=1,
        error_messages={"invalid": _("Give the amount in whole forints.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, refundable=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable = refundable
        self.fields["amount"].initial = refundable

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount > self.refundable:
            raise forms.ValidationError(
                _("At most %(rest)s Ft of this payment can be refunded.")
                % {"rest": format_number(self.refundable)}
            )
        return amount


class ReportForm(forms.Form):
    day = DateField(label=_("Day"), error_messages={"required": _("Choose the day of the report.")})


class StripeAccountForm(forms.Form):
    """The operators' form for a municipality's Stripe connected account."""

    stripe_account_id = forms.CharField(
        label=_("Stripe connected account"),
        required=False,
        max_length=64,
        help_text=_("acct_ followed by letters and digits; leave empty to disconnect."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_stripe_account_id(self):
        account = self.cleaned_data["stripe_account_id"].strip()
        problem = check_stripe_account(account, self.municipality)
        if problem:
            raise forms.ValidationError(problem)
        return account
