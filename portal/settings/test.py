"""``make test``: always a real PostgreSQL through psycopg 3."""

import os

import dj_database_url

from accounts import nationalagent

from .base import *  # noqa: F401,F403
from .base import env

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/varoshaza")
    )
}
SITE_PORT = 80
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "sites.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SMS_BACKEND = "memory"
DEVELOPMENT_AGENT_ENABLED = True
SOCIALACCOUNT_PROVIDERS = nationalagent.socialaccount_providers(os.environ, development_agent=True)
INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]  # noqa: F405 (make test lints migrations: tests/portal/operations)
