from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from sites import normalise

MAX_QUERY_LENGTH = 200


def search(request):
    """Search the pages of the site the request is for — never another municipality's."""
    # Nothing is stored, so a NUL or a lone surrogate (PostgreSQL refuses both) just goes.
    query = normalise.strip_unstorable(request.GET.get("q", ""))[0].strip()[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    results = Page.objects.none()
    if query and site is not None:
        pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
        results = pages.search(query)
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": page,
            "query_string": f"{urlencode({'q': query})}&",
        },
    )
