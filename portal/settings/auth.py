"""Settings of the auth banner: allauth's logins, the second factor, the national agent (KAÜ),
text messages, staff invitations and the abuse limits (base.py imports this)."""

import os
import re

from django.core.exceptions import ImproperlyConfigured

from accounts import nationalagent

from .environment import env, env_bool

# ---------------------------------------------------------------------------- auth

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every login goes through django-allauth (accounts/): the national agent (KAÜ), a phone
# code, e-mail and password; staff and operators add a TOTP second factor.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
WAGTAILADMIN_LOGIN_URL = "account_login"
# A page behind a "logged-in visitors only" restriction sends the visitor to allauth too,
# not to Wagtail's own login form.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Login messages name the person (family name first) or their phone number, never the
# internal user name of a phone-code account (tel36301234567).
ACCOUNT_USER_DISPLAY = "accounts.services.display_name"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_FORMS = {"request_login_code": "accounts.forms.PhoneLoginCodeForm"}
# A texted code: six digits, valid for five minutes, three tries.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = int(env("LOGIN_CODE_SECONDS", "300"))
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = ACCOUNT_LOGIN_BY_CODE_TIMEOUT
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Városháza"
MFA_PROTECTED_PATH_PREFIXES = ["/admin/", "/django-admin/"]
# Wagtail's own login and password pages stay open.
MFA_OPEN_PATH_PREFIXES = ["/admin/login/", "/admin/logout/", "/admin/password_reset/"]

# A site admin's invitation of a colleague (sites.invitations) is valid for this many days.
STAFF_INVITATION_DAYS = int(env("STAFF_INVITATION_DAYS", "7"))

# The national agent (KAÜ): SAML 2.0 or OpenID Connect, see accounts/nationalagent.py.
DEVELOPMENT_AGENT_ENABLED = env_bool("DEVELOPMENT_AGENT_ENABLED", False)
SOCIALACCOUNT_PROVIDERS = nationalagent.socialaccount_providers(
    os.environ, development_agent=DEVELOPMENT_AGENT_ENABLED
)
KAU_SAML_ATTRIBUTES = nationalagent.saml_attributes(os.environ)
KAU_OIDC_CLAIMS = nationalagent.oidc_claims(os.environ)
KAU_METHOD_VALUES = nationalagent.method_values(os.environ)

# Text messages (login codes): "http" posts to the operator's gateway; "console" prints.
SMS_BACKEND = env("SMS_BACKEND", "console")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = float(env("SMS_GATEWAY_TIMEOUT", "10"))
SMS_SENDER = env("SMS_SENDER", "Varoshaza")
SMS_DAILY_LIMIT_PER_NUMBER = int(env("SMS_DAILY_LIMIT_PER_NUMBER", "10"))

# ---------------------------------------------------------------------------- abuse limits

# The number of reverse proxies in front of the application that append the client's address
# to X-Forwarded-For (nginx alone: 1; a load balancer and nginx: 2). 0, the default, trusts
# no header and takes the address the server saw. sites.actor.client_ip reads it for the
# rate limits (ours and allauth's, through the account adapter) and the audit trail. Set
# it only when every request comes through those proxies: a number too high lets a client
# choose the address he is counted under.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))


_RULE = re.compile(r"\d+/\d*[smhd]/(ip|key|user)")


def _rate(action, default):
    # "RATE_LIMIT_LOGIN=30/m/ip" and the like override one action's limits; "" switches it off.
    # A mistyped rule stops the start, rather than a request later.
    value = env(f"RATE_LIMIT_{action.upper()}", default)
    for rule in filter(None, (part.strip() for part in value.split(","))):
        if not _RULE.fullmatch(rule):
            raise ImproperlyConfigured(
                f"RATE_LIMIT_{action.upper()}: {rule!r} is not amount/period/kind, "
                "e.g. 5/10m/ip (periods s, m, h, d; kinds ip, key, user)"
            )
    return value


# allauth's limits, per client address (ip), per person (key: the e-mail address or phone
# number typed) and per account (user); a refused form says so in Hungarian, a refused page
# is a 429 (portal/templates/429.html).
ACCOUNT_RATE_LIMITS = {
    "login": _rate("login", "30/m/ip"),
    "login_failed": _rate("login_failed", "10/m/ip,5/5m/key"),
    # Code requests (each one a text message): per number (the key) and per address.
    "request_login_code": _rate("request_login_code", "10/m/ip,3/10m/key,6/h/key"),
    "verify_phone": _rate("verify_phone", "1/30s/key,3/10m/key,5/m/ip"),
    "reset_password": _rate("reset_password", "10/m/ip,3/10m/key"),
    "reset_password_from_key": _rate("reset_password_from_key", "20/m/ip"),
    "signup": _rate("signup", "10/m/ip,30/h/ip"),
    "confirm_email": _rate("confirm_email", "1/3m/key"),
    "change_password": _rate("change_password", "5/m/user"),
    "reauthenticate": _rate("reauthenticate", "10/m/user"),
}
# Our own views' limits, in the same notation (sites.ratelimits): the contact form per address
# and per sender's e-mail address; an invitation's page per address; sending an invitation
# again per invitation (key) and per officer.
RATE_LIMITS = {
    "contact_form": _rate("contact_form", "5/10m/ip,3/10m/key"),
    "accept_invitation": _rate("accept_invitation", "30/10m/ip"),
    "resend_invitation": _rate("resend_invitation", "3/h/key,20/h/user"),
    # "Was this page useful?" (services.feedback): per client address over all pages, and
    # per address on one page (the key is a hash of both, never the address itself).
    "page_feedback": _rate("page_feedback", "30/h/ip,3/d/key"),
    # The public check of a tax certificate's code: a bank checks a few, nobody needs
    # hundreds; 80-bit codes plus this limit make guessing hopeless.
    "tax_certificate_check": _rate("tax_certificate_check", "20/10m/ip,100/d/ip"),
    # Booking an appointment without an account: per address, and per booker's e-mail
    # address (each booking sends that address a mail).
    "book_appointment": _rate("book_appointment", "10/h/ip,3/h/key"),
    # The open API (portal.api): per application (the key) a minute's and an hour's calls;
    # refused tokens per client address, so nobody tries secrets at full speed.
    "api": _rate("api", "600/m/key,20000/h/key"),
    "api_refused": _rate("api_refused", "30/m/ip"),
}
