"""Files of registered documents: checked by content on upload, fingerprinted (SHA-256)
at registration, and checked against the fingerprint on every download.

Files go through Django's default storage (local folder, or S3-compatible in production),
so nothing here knows where the bytes live."""

import hashlib
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

CHUNK = 64 * 1024

# The first bytes of each accepted type: the extension alone proves nothing. Office and
# signed containers (e-akta, ASiC) are ZIP files.
ZIP = (b"PK\x03\x04",)
SIGNATURES = {
    "pdf": ((b"%PDF-",), "application/pdf"),
    "jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    "jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
    "png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    "tif": ((b"II*\x00", b"MM\x00*"), "image/tiff"),
    "tiff": ((b"II*\x00", b"MM\x00*"), "image/tiff"),
    "docx": (ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": (ZIP, "application/vnd.oasis.opendocument.text"),
    "ods": (ZIP, "application/vnd.oasis.opendocument.spreadsheet"),
    "asice": (ZIP, "application/vnd.etsi.asic-e+zip"),
    "es3": ((b"<?xml", b"\xef\xbb\xbf<?xml"), "application/xml"),
    "xml": ((b"<?xml", b"\xef\xbb\xbf<?xml"), "application/xml"),
}


class ChecksumMismatch(RuntimeError):
    """A stored file no longer matches the fingerprint taken at registration."""


def max_upload_bytes():
    return settings.DOCUMENTS_MAX_UPLOAD_MB * 1024 * 1024


def extension_of(name):
    name = str(name)
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload):
    """Refuse a file that is too large, empty, or not what its name says; returns the
    content type derived from the content."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("The file is too large: at most %(max)d MB is accepted.")
            % {"max": settings.DOCUMENTS_MAX_UPLOAD_MB},
            code="file_size",
        )
    extension = extension_of(upload.name)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    signatures, content_type = SIGNATURES.get(extension, ((), ""))
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("Upload a file of one of these types: %(types)s.") % {"types": ", ".join(SIGNATURES)},
            code="file_type",
        )
    return content_type


def sha256_of(file):
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def verified_copy(document_file):
    """A temporary copy of the stored file, checked against its fingerprint.

    The copy is what gets served, so the bytes sent are exactly the bytes checked (the
    stored object could change between a check and a second read). Raises
    ChecksumMismatch, or FileNotFoundError if the storage lost the file."""
    copy = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    digest = hashlib.sha256()
    with document_file.file.storage.open(document_file.file.name, "rb") as stored:
        for chunk in iter(lambda: stored.read(CHUNK), b""):
            digest.update(chunk)
            copy.write(chunk)
    if digest.hexdigest() != document_file.sha256:
        copy.close()
        raise ChecksumMismatch(
            f"{document_file.file.name}: expected {document_file.sha256}, "
            f"found {digest.hexdigest()}"
        )
    copy.seek(0)
    return File(copy, name=document_file.original_name)
