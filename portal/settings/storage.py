"""Settings of the files banner: static, public and private media, uploads (base.py imports
this)."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .environment import BASE_DIR, env

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

# Documents are always downloaded, never opened in the site's origin (sites.downloads).
WAGTAILDOCS_INLINE_CONTENT_TYPES = []

# Uploads (README, deployment: the proxy's client_max_body_size must be MAX_REQUEST_MB).
# One file: at most MAX_UPLOAD_MB, whoever uploads it (a citizen's attachment, whose form
# field may set less; an officer's registry file; a Wagtail document).
MAX_UPLOAD_MB = int(env("MAX_UPLOAD_MB", "20"))
# A whole request, files included: a form with several attachments. Larger requests get the
# Hungarian "too large" page (413) before anything is read (sites.middleware).
MAX_REQUEST_MB = int(env("MAX_REQUEST_MB", "50"))
# The fields of a request without its files; Django refuses more (RequestDataTooBig), and
# the same middleware answers it with the 413 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024)))
# Django keeps a file larger than this on disk (FILE_UPLOAD_TEMP_DIR) while it is checked.
FILE_UPLOAD_MAX_MEMORY_SIZE = int(env("FILE_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = MAX_UPLOAD_MB * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
