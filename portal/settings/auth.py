"""Settings of the auth banner: allauth's logins, the second factor, the national agent (KAÜ),
text messages and staff invitations (base.py imports this)."""

import os

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
ACCOUNT_RATE_LIMITS = {
    # Code requests: per number (the key) and per client address.
    "request_login_code": "10/m/ip,3/10m/key,6/h/key",
    "verify_phone": "1/30s/key,3/10m/key,5/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
}
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
