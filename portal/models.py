from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from search.portal.query import MIN_SUGGEST_LENGTH, municipality_choices
from sites.constants import County
from sites.models import Municipality


class PortalHomePage(Page):
    """Home of the central e-administration portal: the citizen first chooses a municipality."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = []
    is_creatable = False
    municipalities_per_page = 60

    class Meta:
        verbose_name = _("portal home page")
        verbose_name_plural = _("portal home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:100]
        county = request.GET.get("county", "")
        if county not in County.values:
            county = ""
        municipalities = Municipality.objects.active().select_related("site")
        if query:
            # A postal code or a (part of a) name, with or without accents.
            municipalities = municipalities.search(query)
        if county:
            municipalities = municipalities.filter(county=county)
        query_string = urlencode(
            {key: value for key, value in (("q", query), ("county", county)) if value}
        )
        context.update(
            municipalities=Paginator(municipalities, self.municipalities_per_page).get_page(
                request.GET.get("page")
            ),
            query_string=f"{query_string}&" if query_string else "",
            query=query,
            county=county,
            counties=County.choices,
            # The portal search's box (search/portal_box.html).
            municipality_choices=municipality_choices(),
            min_length=MIN_SUGGEST_LENGTH,
        )
        return context
