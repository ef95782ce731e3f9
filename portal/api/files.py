"""A registry file by a short-lived signed link: the API answers a case with links that
work without the token for ``API_FILE_LINK_SECONDS`` (a download manager, a browser), signed
with the municipality and file ids so a link never opens another municipality's file."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router

from services.documents import services as documents
from services.documents.models import DocumentFile
from sites.downloads import file_download

from . import problems
from .audit import note_object
from .auth import actor_for

SALT = "varoshaza.api.file-link"
router = Router()


def name_of(row):
    return row.original_name


def size_of(row):
    return row.size


def signed_link(municipality, row):
    value = signing.dumps({"m": municipality.pk, "f": row.pk}, salt=SALT, compress=True)
    return reverse("openapi_v1:registry_file", kwargs={"link": value})


@router.get("{link}", auth=None, include_in_schema=False, url_name="registry_file")
def registry_file(request, link: str):
    try:
        value = signing.loads(link, salt=SALT, max_age=settings.API_FILE_LINK_SECONDS)
        municipality_id, file_id = int(value["m"]), int(value["f"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise problems.not_found(_("The link is invalid or has expired.")) from None
    stored = (
        DocumentFile.objects.for_municipality(municipality_id)
        .filter(pk=file_id, document__case__restricted=False)
        .select_related("document", "document__case")
        .first()
    )
    if stored is None:
        raise problems.not_found(_("The link is invalid or has expired."))
    note_object(request, "registry_file", stored.pk)
    try:
        content = documents.open_verified(
            stored, case=stored.document.case, user=None, actor=actor_for(request)
        )
    except (documents.ChecksumMismatch, OSError):
        raise problems.ApiProblem(
            409,
            "file-unreadable",
            _("File unavailable"),
            _("The file cannot be served now; the registry has been notified."),
        ) from None
    return file_download(content, stored.original_name, stored.content_type)
