from allauth.account.forms import RequestLoginCodeForm
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from . import services


class PhoneLoginCodeForm(RequestLoginCodeForm):
    """allauth's "send me a code" form; a number we do not know gets a new account.

    A citizen with neither a national-agent login nor an e-mail address starts with their
    mobile number. The account stays passwordless and its number unverified until the code
    that allauth texts to it is entered (allauth then marks the number verified). Known and
    unknown numbers behave the same, so the form tells nobody which numbers have accounts;
    allauth's rate limits (per number, per address) apply before anything is created."""

    def clean_phone(self):
        phone = super().clean_phone()
        if phone and self._user is None:
            self._user = _new_phone_account(phone)
        return phone

    def clean(self):
        cleaned_data = super().clean()
        # allauth takes an empty post as valid and then fails for want of a user (a 500).
        if not self.errors and not (cleaned_data.get("phone") or cleaned_data.get("email")):
            raise ValidationError(_("Enter your mobile phone number."), code="required")
        return cleaned_data


def _new_phone_account(phone):
    User = get_user_model()
    try:
        with transaction.atomic():
            user = User(username=f"tel{phone.lstrip('+')}")
            user.set_unusable_password()
            user.save()
            services.set_phone(user, phone, verified=False)
    except IntegrityError:
        # Requested twice at once: the other request created it.
        return services.user_by_phone(phone)
    return user
