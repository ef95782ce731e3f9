"""allauth's two adapters: where phone numbers live, how codes are texted, and how an
identity provider's data reaches the citizen profile."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.utils.translation import gettext as _

from sites.actor import client_ip

from . import services
from .identity import claims_for
from .models import PhoneNumber
from .phone import PhoneNumberField, normalise_phone
from .sms import SMSDeliveryError, send_sms

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # One answer to "who is the client" for allauth's rate limits, ours and the audit
        # trail: TRUSTED_PROXY_COUNT decides whether X-Forwarded-For is read.
        return client_ip(request)

    def get_login_stages(self):
        return [
            "accounts.stages.EmailVerificationUnlessOtherwiseProvenStage"
            if path == "allauth.account.stages.EmailVerificationStage"
            else path
            for path in super().get_login_stages()
        ]

    # -- phone numbers

    def phone_form_field(self, **kwargs):
        return PhoneNumberField(**kwargs)

    def clean_phone(self, phone):
        return normalise_phone(phone)

    def set_phone(self, user, phone, verified):
        services.set_phone(user, phone, verified=verified)

    def get_phone(self, user):
        phone = PhoneNumber.objects.filter(user=user).first()
        return (phone.number, phone.verified) if phone else None

    def set_phone_verified(self, user, phone):
        services.set_phone(user, phone, verified=True)

    def get_user_by_phone(self, phone):
        return services.user_by_phone(phone)

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        text = _("Városháza login code: %(code)s. Do not give it to anyone.") % {"code": code}
        self._send(phone, text)

    def send_account_already_exists_sms(self, phone):
        self._send(phone, _("Városháza: this number already belongs to an account; log in."))

    def send_unknown_account_sms(self, phone, **kwargs):
        # Unknown numbers get an account of their own (accounts.forms), so this is never
        # needed to keep enumeration impossible.
        pass

    def _send(self, phone, text):
        try:
            send_sms(phone, text)
        except SMSDeliveryError:
            logger.exception("SMS delivery failed")
            if self.request is not None:
                messages.error(
                    self.request,
                    _("We could not send the text message just now. Please try again later."),
                )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Logins through the national agent (SAML or OIDC) and the development agent."""

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        self._record_identity(sociallogin, user)
        return user

    def pre_social_login(self, request, sociallogin):
        # A returning citizen: the agent's data of today replaces what we had.
        if sociallogin.is_existing:
            self._record_identity(sociallogin, sociallogin.user)

    def _record_identity(self, sociallogin, user):
        claims = claims_for(sociallogin)
        if claims is not None:
            services.record_identification(user, claims, provider=sociallogin.account.provider)
