"""Settings shared by every environment.

Everything that differs between a laptop and production comes from environment variables
(see the table in README.md); the overlays ``dev``, ``test`` and ``production`` only change
defaults and add their own safety checks.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accounts import nationalagent

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ---------------------------------------------------------------------------- core

# The overlays replace this placeholder; production refuses to start with it.
INSECURE_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)

# Every municipality is served at <slug>.<BASE_DOMAIN>; the central portal at BASE_DOMAIN.
BASE_DOMAIN = env("BASE_DOMAIN", "localhost")
# The port a Wagtail Site is bound to: 80 behind a proxy, 8000 for ``make run``.
SITE_PORT = int(env("SITE_PORT", "80"))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"{BASE_DOMAIN},.{BASE_DOMAIN}")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# "production" switches off every demo-only feature (demo loader, simulated providers).
ENVIRONMENT = env("ENVIRONMENT", "development")

INSTALLED_APPS = [
    "portal",
    "portal.journey",
    "portal.affairs",
    "sites",
    "themes",
    "search",
    "services.forms",
    "services.documents",
    "services.payments",
    # Before allauth: its templates are overridden with the portal's look.
    "accounts",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.saml",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Anonymous page views from the cache, first: a hit runs no other middleware, and a
    # response is stored with the headers the middleware below gave it (security headers
    # included) and only when none of them set a cookie.
    "sites.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.HungarianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff and operators reach the admin only with a TOTP-verified session.
    "accounts.middleware.StaffSecondFactorMiddleware",
    # Every admin URL that names another municipality's page, image, document, … is a 404.
    "sites.admin_guard.AdminObjectGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sites.middleware.CurrentMunicipalityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After the municipality is known: templates (error pages too) come from its site's theme.
    "themes.middleware.ThemeMiddleware",
    # Last, so that it sees the views' exceptions first: a form missing a field is a 400.
    "portal.middleware.IncompleteRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "OPTIONS": {
            # The current site's theme folder first: a theme may override any template.
            "loaders": [
                "themes.loaders.Loader",
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                ),
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "sites.context_processors.municipality",
            ],
        },
    },
]

# ---------------------------------------------------------------------------- data

# SQLite is the embedded default for ``make run``; tests and production use PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "varoshaza",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous visitors' pages are cached per site for this long at most; a publish, unpublish,
# move, delete or settings change of the site clears them at once. 0 switches it off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# Each worker also keeps the pages it served last in its own memory, up to this many bytes.
PAGE_CACHE_WORKER_BYTES = int(env("PAGE_CACHE_WORKER_BYTES", str(32 * 1024 * 1024)))

# Wagtail 8 runs reference-index and image work through Django's task API; the embedded
# default runs them in-process, immediately.
TASKS = {
    "default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}
}

# ---------------------------------------------------------------------------- search

SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
if SEARCH_BACKEND == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": env_list("ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
            "INDEX": env("ELASTICSEARCH_INDEX", "varoshaza"),
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            # Only PostgreSQL reads this: Hungarian stemming, so "adó" finds "adók".
            "SEARCH_CONFIG": "hungarian",
        }
    }

# ---------------------------------------------------------------------------- files

STATIC_URL = "/static/"
# Each theme folder's static/ is served under themes/<name>/.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "themes.finders.ThemeStaticFinder",
]
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
# Citizens' attachments, registry files and Wagtail documents (sites/storage.py): never
# under MEDIA_ROOT or STATIC_ROOT, whose contents anyone may fetch from the proxy.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
for _public_root in (MEDIA_ROOT, STATIC_ROOT):
    if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(_public_root.resolve()):
        raise ImproperlyConfigured(
            f"PRIVATE_MEDIA_ROOT ({PRIVATE_MEDIA_ROOT}) is inside {_public_root}, which is "
            "served to anyone: choose a folder outside it."
        )

AWS_STORAGE_BUCKET_NAME = env("S3_BUCKET")
if AWS_STORAGE_BUCKET_NAME:
    # Any S3-compatible object store; credentials come from the usual AWS_* variables.
    DEFAULT_FILE_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
    AWS_S3_ENDPOINT_URL = env("S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env("S3_REGION")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    # Private objects: no public ACL, and a link to one (which only the application makes,
    # it streams them itself) is signed and short-lived. A separate bucket is safest; in
    # the same bucket keep its policy from granting public reads under the prefix.
    PRIVATE_FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_PRIVATE_BUCKET", AWS_STORAGE_BUCKET_NAME),
            "location": env("S3_PRIVATE_PREFIX", "private"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(env("S3_PRIVATE_URL_SECONDS", "60")),
            "custom_domain": None,  # a custom (CDN) domain would give unsigned links
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"
    PRIVATE_FILE_STORAGE = {"BACKEND": "sites.storage.PrivateFileSystemStorage"}

STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "private": PRIVATE_FILE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every document download goes through Wagtail's view, which checks the collection's view
# restrictions; never a redirect to the file.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Uploads: Django keeps big files on disk while it checks them; the limits apply per file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# ---------------------------------------------------------------------------- e-mail

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"Városháza <noreply@{BASE_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------- document registry

# Largest file an officer may register (MB); the type is checked by content.
DOCUMENTS_MAX_UPLOAD_MB = int(env("DOCUMENTS_MAX_UPLOAD_MB", "20"))
# Ákr. 51. §: what a late authority owes the client when the procedure had no fee (Ft).
DOCUMENTS_LATE_DECISION_FIXED_SUM = int(env("DOCUMENTS_LATE_DECISION_FIXED_SUM", "10000"))
# The working-day calendars (hu-<year>.json) and the provider's retention schedule.
DOCUMENTS_CALENDAR_DIR = Path(env("DOCUMENTS_CALENDAR_DIR", BASE_DIR / "data" / "calendar"))
DOCUMENTS_RETENTION_SCHEDULE = Path(
    env("DOCUMENTS_RETENTION_SCHEDULE", BASE_DIR / "data" / "retention_schedule.json")
)

# ---------------------------------------------------------------------------- payments

# Which payment provider takes the cards: "simulated" (the demo VPOS, refused in production)
# or "stripe" (Checkout on each municipality's connected account).
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", "simulated")
# Signs the simulated bank's callbacks (HMAC-SHA256); any random string outside production.
PAYMENT_SIMULATOR_SECRET = env("PAYMENT_SIMULATOR_SECRET", "simulated-vpos-development-secret")
# A payment page is valid this long; Stripe accepts 30 minutes to 24 hours.
PAYMENT_SESSION_MINUTES = int(env("PAYMENT_SESSION_MINUTES", "60"))
# Seconds to wait for the provider's answer before the payment is left pending to retry.
PAYMENT_PROVIDER_TIMEOUT = float(env("PAYMENT_PROVIDER_TIMEOUT", "10"))
# Oldest signed notification accepted (seconds), against replays.
PAYMENT_SIGNATURE_TOLERANCE = int(env("PAYMENT_SIGNATURE_TOLERANCE", "300"))
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "")
# Only for tests against a local double of the Stripe API; empty: Stripe itself.
STRIPE_API_BASE = env("STRIPE_API_BASE", "")

# ---------------------------------------------------------------------------- Ügyeim

# The central portal's public address, for links in the citizens' e-mail notices and from
# the municipalities' sites to the portal; empty: WAGTAILADMIN_BASE_URL (the same host).
PORTAL_URL = env("PORTAL_URL", "")

# ---------------------------------------------------------------------------- citizen journey

# A draft on the portal is deleted this many days after it was last saved (the citizen is
# told the date on the draft and in the list).
JOURNEY_DRAFT_DAYS = int(env("JOURNEY_DRAFT_DAYS", "30"))

# ---------------------------------------------------------------------------- language

LANGUAGE_CODE = "hu"
LANGUAGES = [("hu", _("Hungarian")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Budapest"
USE_I18N = True
USE_TZ = True
# The project's catalogue first; then locale_upstream/, the Hungarian for what Wagtail and
# allauth leave untranslated or say informally (the first folder wins where both have a string).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_upstream"]

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

# ---------------------------------------------------------------------------- wagtail

WAGTAIL_SITE_NAME = "Városháza"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"http://{BASE_DOMAIN}")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No picture is fetched from Gravatar: avatars are the person's initials (sites.avatars).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Page slugs in ASCII, transliterated from the Hungarian title ("Hírek" -> "hirek"): an
# accented slug is percent-encoded (%C3%AD) in every link, feed and shared address.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Users are managed per municipality (sites.views.staff); Wagtail's own user admin is for
# provider operators only.
WAGTAIL_PASSWORD_RESET_ENABLED = True
