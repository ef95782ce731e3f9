"""The open datasets as a django-ninja router: no token, JSON or CSV, cacheable.

Mounted at ``/api/v1/open/`` in the platform's one API (portal.api.api: one OpenAPI
document, its RFC 7807 problems and its call log). The fleet's
datasets are at ``/open/<dataset>``, a municipality's at ``/open/m/<KSH code>/<dataset>``;
``?format=csv`` gives the CSV, JSON otherwise. Every answer carries an ETag and
``Cache-Control: public`` (portal.opendata.formats); ``If-None-Match`` gets 304."""

from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router

from portal.api import problems
from sites.models import Municipality

from . import datasets, formats
from .schemas import ROW_SCHEMAS, Catalogue, Problem, document_schema

router = Router(tags=["open data"], auth=None)

Format = Literal["json", "csv"]
# ?format=csv; "format" is a builtin's name, so the argument is fmt.
FORMAT = Query("json", alias="format")


def csv_response(dataset):
    """The CSV beside the JSON in the OpenAPI document (``?format=csv``), and the 304."""
    return {
        "responses": {
            200: {
                "content": {
                    "text/csv": {
                        "schema": {"type": "string"},
                        "example": "\ufeff" + ",".join(dataset.columns) + "\r\n",
                    }
                }
            },
            304: {"description": "Not modified: the ETag sent in If-None-Match still holds."},
        }
    }


def municipality_of(ksh_code):
    if not (isinstance(ksh_code, str) and len(ksh_code) == 5 and ksh_code.isdigit()):
        return None
    return Municipality.objects.active().filter(ksh_code=ksh_code).first()


def _not_found(ksh_code):
    return problems.not_found(
        _("No municipality on the platform has the KSH code %(code)s.") % {"code": ksh_code[:20]}
    )


def _bad_year():
    return problems.bad_request(
        _("Give the year as four digits between 1991 and next year, e.g. ?ev=2026."),
        "invalid-year",
    )


def dataset_url(dataset, municipality=None, fmt=formats.JSON):
    name = f"open_{dataset.slug}"
    args = [municipality.ksh_code] if dataset.per_municipality else []
    url = reverse(f"{NAMESPACE}:{name}", args=args)
    return f"{url}?format=csv" if fmt == formats.CSV else url


@router.get("/", response=Catalogue, url_name="open_catalogue", summary="The open datasets")
def catalogue(request):
    """Every dataset, with the addresses of its JSON and CSV (a municipality's with the KSH
    code in place of ``{ksh_code}``)."""
    links = []
    for dataset in datasets.DATASETS:
        placeholder = "00000"
        url = reverse(
            f"{NAMESPACE}:open_{dataset.slug}",
            args=[placeholder] if dataset.per_municipality else [],
        ).replace(placeholder, "{ksh_code}")
        links.append(
            {
                "slug": dataset.slug,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "per_municipality": dataset.per_municipality,
                "json_url": url,
                "csv_url": f"{url}?format=csv",
            }
        )
    return {"datasets": links}


def _fleet_view(dataset):
    def view(request, fmt: Format = FORMAT, ev: int | None = None):
        year = datasets.year_or_default(ev)
        if ev is not None and year != ev:
            raise _bad_year()
        return formats.respond(request, dataset, None, year, fmt)

    return view


def _municipal_view(dataset):
    def view(request, ksh_code: str, fmt: Format = FORMAT):
        municipality = municipality_of(ksh_code)
        if municipality is None:
            raise _not_found(ksh_code)
        return formats.respond(request, dataset, municipality, None, fmt)

    return view


for _dataset in datasets.DATASETS:
    _response = {200: document_schema(_dataset.slug, ROW_SCHEMAS[_dataset.slug]), 404: Problem}
    if _dataset.takes_year:
        _response[400] = Problem
    if _dataset.per_municipality:
        _path, _view = f"/m/{{ksh_code}}/{_dataset.slug}", _municipal_view(_dataset)
    else:
        _path, _view = f"/{_dataset.slug}", _fleet_view(_dataset)
    _view.__name__ = f"open_{_dataset.slug.replace('-', '_')}"
    router.get(
        _path,
        response=_response,
        url_name=f"open_{_dataset.slug}",
        summary=str(_dataset.title),
        description=str(_dataset.description),
        operation_id=f"open_{_dataset.slug}",
        openapi_extra=csv_response(_dataset),
        by_alias=True,
    )(_view)

# The URL namespace of the API the router is mounted in (portal.api.urls).
NAMESPACE = "openapi_v1"
