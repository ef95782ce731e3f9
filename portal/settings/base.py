"""Settings shared by every environment: the entry point the overlays import.

Everything that differs between a laptop and production comes from environment variables
(see the table in README.md, and environment.py); the overlays ``dev``, ``test`` and
``production`` only change defaults and add their own safety checks. The core, data,
language and Wagtail banners are here; search, files, e-mail, the services and auth each
have a module of their own, imported below.
"""

import dj_database_url
from django.utils.translation import gettext_lazy as _

# The overlays read the environment through these too.
from .environment import BASE_DIR, BASE_DOMAIN, env, env_bool, env_list  # noqa: F401

# ---------------------------------------------------------------------------- core

# The overlays replace this placeholder; production refuses to start with it.
INSECURE_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)

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
    "portal.operations",
    "django_prometheus",
    # Its templates: /readyz/ answers a browser with an HTML table of the checks.
    "health_check",
    "sites",
    "themes",
    "search",
    "services.forms",
    "services.documents",
    "services.payments",
    "services.intake",
    "services.tax",
    "services.commerce",
    "services.feedback",
    "services.publication",
    "services.helpdesk",
    "portal.fleet",
    "portal.dataexport",
    "portal.api",
    # django-ninja's own templates and static files: the API's docs page is then served
    # from our host, which the Content Security Policy allows (not from a CDN).
    "ninja",
    "services.appointments",
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
    # The database task backend's table and its worker (`manage.py db_worker`); production
    # uses it, `make run` and the tests run tasks immediately (TASKS below).
    "django_tasks_db",
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
    # Before the page cache, so that a cached page is counted and carries its request id too.
    "portal.operations.requestid.RequestIdMiddleware",
    "portal.operations.health.LivenessMiddleware",
    "portal.operations.metrics.PageCacheMetricsMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Anonymous page views from the cache, first: a hit runs no other middleware, and a
    # response is stored with the headers the middleware below gave it (security headers
    # included) and only when none of them set a cookie.
    "sites.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content Security Policy with a nonce per request (a cached page gets a new one).
    "sites.security_policy.NonceCSPMiddleware",
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
    # Before any view reads the body: an oversized request gets the Hungarian 413 page.
    "sites.middleware.RequestSizeMiddleware",
    # Last, so that it sees the views' exceptions first: a form missing a field is a 400.
    "portal.middleware.IncompleteRequestMiddleware",
    # And a NUL or a lone surrogate the database refused is a 400 with a message.
    "portal.middleware.UnstorableInputMiddleware",
    # Per-view request counts and latency (portal.operations.metrics).
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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
# Connections are kept for a minute; each request's first query checks that its connection
# still works (CONN_HEALTH_CHECKS), so after PostgreSQL restarts no worker answers one 500
# on the dead connection it kept (benchmarks/faults_under_load.py).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# The cache only ever saves work: while Redis is away a read is a miss and a write is
# dropped (logged), so pages are rendered instead of answering 500; a second's wait at most
# for a Redis that hangs rather than refuses.
REDIS_CACHE_OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 1,
    "SOCKET_TIMEOUT": 1,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "varoshaza",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous visitors' pages are cached per site for this long at most; a publish, unpublish,
# move, delete or settings change of the site clears them at once. 0 switches it off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# Each worker also keeps the pages it served last in its own memory, up to this many bytes.
PAGE_CACHE_WORKER_BYTES = int(env("PAGE_CACHE_WORKER_BYTES", str(32 * 1024 * 1024)))
# How long a registry file's signed link in an API answer works (portal.api.files).
API_FILE_LINK_SECONDS = int(env("API_FILE_LINK_SECONDS", "60"))

# Wagtail 8 runs reference-index and image work through Django's task API, and the long
# operators' jobs are tasks too (sites.background). The embedded default runs them
# in-process, immediately; production stores them in the database for `db_worker`.
IMMEDIATE_TASKS_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", IMMEDIATE_TASKS_BACKEND)}}

# The other banners, each in a module of its own.
from .auth import *  # noqa: E402,F401,F403
from .mail import *  # noqa: E402,F401,F403
from .operations import *  # noqa: E402,F401,F403
from .search import *  # noqa: E402,F401,F403
from .security import *  # noqa: E402,F401,F403
from .services import *  # noqa: E402,F401,F403
from .storage import *  # noqa: E402,F401,F403

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

# The provider's general privacy notice, for municipalities that have not set their own
# (sites.notices); ``?onkormanyzat=<slug>`` names the municipality as the controller.
PRIVACY_NOTICE_URL = env("PRIVACY_NOTICE_URL", "/e-ugyintezes/adatkezelesi-tajekoztato/")

# ---------------------------------------------------------------------------- wagtail

WAGTAIL_SITE_NAME = "Városháza"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"http://{BASE_DOMAIN}")
WAGTAIL_ENABLE_UPDATE_CHECK = False
# A page submitted for moderation is announced to the moderators of its workflow's task, who
# are the municipality's own (sites.provisioning); not to the provider's superusers, who
# would otherwise receive every municipality's submissions.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No picture is fetched from Gravatar: avatars are the person's initials (sites.avatars).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Page slugs in ASCII, transliterated from the Hungarian title ("Hírek" -> "hirek"): an
# accented slug is percent-encoded (%C3%AD) in every link, feed and shared address.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Users are managed per municipality (sites.views.staff); Wagtail's own user admin is for
# provider operators only.
WAGTAIL_PASSWORD_RESET_ENABLED = True
