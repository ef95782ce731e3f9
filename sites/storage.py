"""Where uploaded files live: public media, and private files only the application hands out.

Images and their renditions are website content: they stay in Django's default storage,
served at MEDIA_URL (by ``make run`` in development, directly by the proxy or the bucket in
production). Citizens' attachments, registry files and Wagtail documents go to the
``private`` storage of ``settings.STORAGES``: a folder outside MEDIA_ROOT whose files have
no URL, or on S3 objects with a private ACL. They are read only through the views that
check who may see them (the registry's and Ügyeim's downloads, the journey's files,
Wagtail's document view with its collection restrictions)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder outside MEDIA_ROOT (``PRIVATE_MEDIA_ROOT``) whose files have no URL."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    # Read at each use, not once: tests point PRIVATE_MEDIA_ROOT at a temporary folder.
    @property
    def base_location(self):
        return self._location or settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # NotImplementedError is what Wagtail's document view expects of a storage without
        # URLs: it then streams the file itself instead of redirecting to it.
        raise NotImplementedError("A private file has no URL; serve it through a view.")


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def get_private_storage():
    """The storage of private files (a callable, so migrations name it, not a folder)."""
    return private_storage


def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


setting_changed.connect(_forget_private_storage)


def keep_wagtail_documents_private():
    """Wagtail documents' files go to the private storage.

    Wagtail 8 has no setting for the documents' storage, and a custom document model
    (WAGTAILDOCS_DOCUMENT_MODEL) would move every document row and every foreign key that
    points at documents to a new table. The file field of Wagtail's own model is given the
    private storage instead. Its migrations keep describing the default storage: the
    storage is where this deployment puts the bytes, not part of Wagtail's schema, and a
    new migration in Wagtail's app would have nowhere to live."""
    from wagtail.documents import get_document_model

    field = get_document_model()._meta.get_field("file")
    field.storage = private_storage
    field._storage_callable = default_storage  # what FileField.deconstruct() reports


def move_to_private_storage(names):
    """Move files from the default (public) storage to the private one under the same names;
    files already moved or missing are skipped. For the migrations that made a model's
    files private. Returns how many were moved."""
    moved = 0
    for name in names:
        if not name or private_storage.exists(name) or not default_storage.exists(name):
            continue
        with default_storage.open(name, "rb") as source:
            saved = private_storage.save(name, source)
        if saved != name:
            raise RuntimeError(f"{name} was stored privately as {saved}")
        default_storage.delete(name)
        moved += 1
    return moved
