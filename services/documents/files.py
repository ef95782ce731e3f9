"""Files of registered documents: checked by content on upload, fingerprinted (SHA-256)
at registration, and checked against the fingerprint on every download.

Files go through Django's default storage (local folder, or S3-compatible in production),
so nothing here knows where the bytes live."""

import hashlib
import tempfile

from django.conf import settings
from django.core.files import File

from sites import filetypes

CHUNK = 64 * 1024


class ChecksumMismatch(RuntimeError):
    """A stored file no longer matches the fingerprint taken at registration."""


def max_upload_bytes():
    return settings.DOCUMENTS_MAX_UPLOAD_MB * 1024 * 1024


def extension_of(name):
    return filetypes.extension_of(name)


def check_upload(upload):
    """Refuse a file that is too large, empty, or whose content is not what its name says
    (sites.filetypes: the one allow-list, signed XML included for the registry); returns
    the content type derived from the content."""
    return filetypes.check(
        upload,
        filetypes.REGISTRY_EXTENSIONS,
        max_bytes=max_upload_bytes(),
        max_mb=settings.DOCUMENTS_MAX_UPLOAD_MB,
    )


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
