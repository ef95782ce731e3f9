"""Uploaded files: checked by their content (the first bytes, the members of a zip), never
by the extension or the type the browser claims."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sites import filetypes

from .base import FieldType, _invalid, register

DEFAULT_FILE_TYPES = ["pdf", "jpg", "png"]
# The types a form may accept: the platform's one allow-list (sites.filetypes), without
# XML, which only the registry takes.
FILE_TYPES = filetypes.CITIZEN_EXTENSIONS
# What a stored file is served as: derived from the checked content, never from the type the
# browser claimed (a "text/html" claim must not reach the response).
FILE_CONTENT_TYPES = {
    extension: filetypes.KINDS[filetypes.EXTENSIONS[extension]].content_type
    for extension in FILE_TYPES
}


def hard_limit_mb():
    """No form field may take more than the platform's per-file limit (MAX_UPLOAD_MB)."""
    return settings.MAX_UPLOAD_MB


@register("file")
class FileUploadField(FieldType):
    label = _("File upload")
    template_name = "forms/fields/file.html"
    option_types = {"allowed_types": list, "max_size_mb": int}
    is_file = True

    def validate_options(self, options):
        problems = super().validate_options(options)
        types = options.get("allowed_types", DEFAULT_FILE_TYPES)
        if isinstance(types, list) and any(t not in FILE_TYPES for t in types):
            problems.append(
                _("allowed file types are: %(types)s") % {"types": ", ".join(FILE_TYPES)}
            )
        size = options.get("max_size_mb", 5)
        if isinstance(size, int) and not 1 <= size <= hard_limit_mb():
            problems.append(
                _("the size limit is between 1 and %(max)d MB") % {"max": hard_limit_mb()}
            )
        return problems

    def is_empty(self, raw):
        return raw is None or raw == "" or getattr(raw, "size", 1) == 0

    def clean_value(self, raw, options, context):
        if not all(hasattr(raw, attr) for attr in ("name", "size", "read", "seek")):
            raise _invalid()
        allowed = [t for t in options.get("allowed_types", DEFAULT_FILE_TYPES) if t in FILE_TYPES]
        limit_mb = min(options.get("max_size_mb", 5), hard_limit_mb())
        content_type = filetypes.check(
            raw, allowed, max_bytes=limit_mb * 1024 * 1024, max_mb=limit_mb
        )
        return {
            "name": str(raw.name)[-200:],
            "size": raw.size,
            "content_type": content_type,
        }

    def display(self, value, spec):
        return value.get("name", "") if isinstance(value, dict) else ""
