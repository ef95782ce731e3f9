"""The open data page of the portal (/nyilt-adatok/): what datasets there are, and for a
municipality chosen by name or postal code the addresses of its files. The files
themselves come from the open API (portal.opendata.api), so a person's download and a
program's are the same bytes."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.journey import municipalities

from . import datasets, formats
from .api import NAMESPACE, dataset_url


def _links(dataset, municipality=None):
    return {
        "dataset": dataset,
        "json": dataset_url(dataset, municipality, formats.JSON),
        "csv": dataset_url(dataset, municipality, formats.CSV),
    }


@require_GET
def index(request):
    query = request.GET.get("q", "").strip()[:100]
    slug = request.GET.get("onkormanyzat", "")[:100]
    chosen = municipalities.active_municipality(slug) if slug else None
    if chosen is None and not slug and not query:
        # On a municipality's own site the page starts with that municipality.
        chosen = getattr(request, "municipality", None)
        if chosen is not None and not chosen.active:
            chosen = None
    results = municipalities.search(query, limit=20) if query else []
    return TemplateResponse(
        request,
        "opendata/index.html",
        {
            "query": query,
            "results": results,
            "unknown": bool(slug) and chosen is None,
            "chosen": chosen,
            "fleet": [_links(dataset) for dataset in datasets.FLEET],
            "municipal": [_links(dataset, chosen) for dataset in datasets.MUNICIPAL]
            if chosen
            else [],
            "catalogue": datasets.MUNICIPAL,
            "openapi_url": reverse(f"{NAMESPACE}:openapi-json"),
        },
    )
