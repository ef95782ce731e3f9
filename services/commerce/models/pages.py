"""The public register on the municipality's website (210/2009: the notary publishes the
register of traders and shops; 57/2013: the register of sites). What an entry shows is
decided by ``services.commerce.services.public`` alone, for the page, its downloads and
the future API.

Search index (issue #18): the page indexes only its own title and introduction; the
register's entries are not in Wagtail's index. Whoever indexes them must index the public
serializer's output, never the models."""

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from sites.downloads import harden
from sites.models import Municipality
from sites.models.pages.checked import ReferencesCheckedPageMixin
from sites.models.pages.serving import ServingShortcutsMixin

ENTRIES_PER_PAGE = 25


class PublicRegisterPage(
    RoutablePageMixin, ReferencesCheckedPageMixin, ServingShortcutsMixin, Page
):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("public trade and industry register")
        verbose_name_plural = _("public trade and industry registers")

    def municipality(self):
        """The municipality whose site the page is in: it shows that register only."""
        return Municipality.objects.filter(root_page__in=self.get_ancestors(inclusive=True)).first()

    def _filters(self, request):
        from ..services import public

        return public.RegisterFilter.from_query(request.GET)

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from ..services import public

        context = super().get_context(request, *args, **kwargs)
        municipality = self.municipality()
        filters = self._filters(request)
        entries = public.register_entries(municipality, filters) if municipality else []
        context.update(
            filters=filters,
            entries=Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page")),
            choices=public.filter_choices(municipality),
            query_string=f"{filters.query_string()}&" if filters.query_string() else "",
            download_query=filters.query_string(),
        )
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("bejegyzes/<slug:register>/<int:pk>/", name="entry")
    def entry(self, request, register, pk):
        from ..services import public

        municipality = self.municipality()
        found = public.register_entry(municipality, register, pk) if municipality else None
        if found is None:
            raise Http404
        return self.render(
            request,
            context_overrides={"entry": found},
            template="commerce/public_register_entry.html",
        )

    @path("letoltes/<slug:fmt>/", name="download")
    def download(self, request, fmt):
        from ..services import public

        if fmt not in ("csv", "json"):
            raise Http404
        municipality = self.municipality()
        filters = self._filters(request)
        entries = public.register_entries(municipality, filters) if municipality else []
        filename = f"{municipality.slug if municipality else 'register'}-nyilvantartas.{fmt}"
        if fmt == "json":
            response = JsonResponse(
                public.as_json(entries), json_dumps_params={"ensure_ascii": False, "indent": 1}
            )
        else:
            response = HttpResponse(public.as_csv(entries), content_type="text/csv; charset=utf-8")
        # The register is public: the download's hardened headers, cacheable by anyone.
        return harden(response, filename, private=False)
