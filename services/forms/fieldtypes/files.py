"""Uploaded files: checked by their content (the first bytes, the members of a zip), never
by the extension or the type the browser claims."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import FieldType, _invalid, register

DEFAULT_FILE_TYPES = ["pdf", "jpg", "png"]
# The first bytes of each accepted type: the extension alone proves nothing.
FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "asice": (b"PK\x03\x04",),
}
# What a stored file is served as: derived from the checked content, never from the type the
# browser claimed (a "text/html" claim must not reach the response).
FILE_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "asice": "application/vnd.etsi.asic-e+zip",
}
# Office files and signed containers are ZIP files: any ZIP starts with the same bytes, so
# the members that make each kind what it is are checked too. OpenDocument and ASiC name
# their type in a "mimetype" member; Office Open XML has its main part.
ZIP_MIMETYPE_MEMBER = {
    "odt": "application/vnd.oasis.opendocument.text",
    "asice": "application/vnd.etsi.asic-e+zip",
}
ZIP_REQUIRED_MEMBERS = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
}
HARD_FILE_LIMIT_MB = 20


def _zip_is(raw, extension):
    """Does the ZIP upload hold what a file of this extension must hold? Only the member
    list and the few bytes of a "mimetype" member are read: nothing is unpacked."""
    if extension not in ZIP_MIMETYPE_MEMBER and extension not in ZIP_REQUIRED_MEMBERS:
        return True
    raw.seek(0)
    try:
        with zipfile.ZipFile(raw) as archive:
            names = set(archive.namelist())
            if extension in ZIP_REQUIRED_MEMBERS:
                return all(name in names for name in ZIP_REQUIRED_MEMBERS[extension])
            if "mimetype" not in names:
                return False
            with archive.open("mimetype") as member:
                declared = member.read(100).decode("ascii", "replace").strip()
            return declared == ZIP_MIMETYPE_MEMBER[extension]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        raw.seek(0)


@register("file")
class FileUploadField(FieldType):
    label = _("File upload")
    template_name = "forms/fields/file.html"
    option_types = {"allowed_types": list, "max_size_mb": int}
    is_file = True

    def validate_options(self, options):
        problems = super().validate_options(options)
        types = options.get("allowed_types", DEFAULT_FILE_TYPES)
        if isinstance(types, list) and any(t not in FILE_SIGNATURES for t in types):
            problems.append(
                _("allowed file types are: %(types)s") % {"types": ", ".join(FILE_SIGNATURES)}
            )
        size = options.get("max_size_mb", 5)
        if isinstance(size, int) and not 1 <= size <= HARD_FILE_LIMIT_MB:
            problems.append(
                _("the size limit is between 1 and %(max)d MB") % {"max": HARD_FILE_LIMIT_MB}
            )
        return problems

    def is_empty(self, raw):
        return raw is None or raw == "" or getattr(raw, "size", 1) == 0

    def clean_value(self, raw, options, context):
        if not all(hasattr(raw, attr) for attr in ("name", "size", "read", "seek")):
            raise _invalid()
        allowed = [
            t for t in options.get("allowed_types", DEFAULT_FILE_TYPES) if t in FILE_SIGNATURES
        ]
        limit_mb = min(options.get("max_size_mb", 5), HARD_FILE_LIMIT_MB)
        if raw.size > limit_mb * 1024 * 1024:
            raise ValidationError(
                _("The file is too large: at most %(max)d MB is accepted.") % {"max": limit_mb},
                code="file_size",
            )
        extension = str(raw.name).rsplit(".", 1)[-1].lower() if "." in str(raw.name) else ""
        raw.seek(0)
        head = raw.read(16)
        raw.seek(0)
        if (
            extension not in allowed
            or not head.startswith(FILE_SIGNATURES[extension])
            or not _zip_is(raw, extension)
        ):
            raise ValidationError(
                _("Upload a file of one of these types: %(types)s.")
                % {"types": ", ".join(allowed)},
                code="file_type",
            )
        return {
            "name": str(raw.name)[-200:],
            "size": raw.size,
            "content_type": FILE_CONTENT_TYPES.get(extension, "application/octet-stream"),
        }

    def display(self, value, spec):
        return value.get("name", "") if isinstance(value, dict) else ""
