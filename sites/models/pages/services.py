from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ...constants import ServiceField
from ...online_services import services_of
from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin


class ServiceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Service"))
    category = blocks.ChoiceBlock(label=_("Field"), choices=ServiceField.choices)
    description = blocks.TextBlock(label=_("Description"), required=False)
    form_code = blocks.CharBlock(
        label=_("Online form code"),
        required=False,
        max_length=20,
        help_text=_(
            "For example ADO-002: while the municipality's form of this code is published, "
            "the service links to it."
        ),
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Form address"), required=False)

    class Meta:
        label = _("Service")
        icon = "form"


class ServiceDirectoryPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    """The municipality's services by field, each linked to where a citizen does it: its
    page, an address, or the municipality's published online form (sites.online_services).
    Published forms that no entry names are listed too, so a new form shows up here
    without an editor."""

    intro = RichTextField(_("introduction"), blank=True)
    services = StreamField([("service", ServiceBlock())], verbose_name=_("services"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("services")]
    search_fields = Page.search_fields + [index.SearchField("services")]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service directory")
        verbose_name_plural = _("service directories")

    def directory(self, municipality, request=None):
        """[(field label, [entry, …]), …] in the fields' order; an entry is a dict with
        title, description, url (or "") and online (it leads to an online form)."""
        online = services_of(municipality)
        # An entry without a code names the form of exactly its title, as an editor who
        # typed the form's title would mean.
        by_title = {service.title.casefold(): code for code, service in online.items()}
        named = set()
        by_field = {value: [] for value in ServiceField.values}
        for block in self.services:
            value = block.value
            code = (value.get("form_code") or "").strip().upper()
            code = code or by_title.get(value["title"].strip().casefold(), "")
            service = online.get(code)
            if service is not None:
                named.add(code)
            url = ""
            if value.get("page") is not None and value["page"].live:
                url = value["page"].get_url(request) or ""
            url = url or value.get("url") or (service.url if service else "")
            by_field.setdefault(value["category"], []).append(
                {
                    "title": value["title"],
                    "description": value.get("description") or "",
                    "url": url,
                    "online": service is not None and url == service.url,
                }
            )
        for code, service in online.items():
            if code not in named:
                by_field.setdefault(service.field, []).append(
                    {
                        "title": service.title,
                        "description": service.description,
                        "url": service.url,
                        "online": True,
                    }
                )
        labels = dict(ServiceField.choices)
        return [
            (labels.get(field, field), entries) for field, entries in by_field.items() if entries
        ]

    def get_context(self, request, *args, **kwargs):
        from ...privacy import municipality_of_page
        from .customer_service import CustomerServicePage

        context = super().get_context(request, *args, **kwargs)
        municipality = municipality_of_page(self)
        # Where to go in person: the customer service page of the same site (whose home page
        # begins this page's tree path).
        office = (
            CustomerServicePage.objects.live()
            .filter(path__startswith=self.path[: Page.steplen * 2])
            .order_by("path")
            .first()
        )
        context.update(
            directory=self.directory(municipality, request),
            office_url=office.get_url(request) if office else "",
            portal_forms_url=portal_forms_url(municipality),
        )
        return context


def portal_forms_url(municipality):
    """The municipality's forms on the central e-administration portal (logged in: drafts,
    acting for a company, Ügyeim), or "" where the portal is not installed."""
    if municipality is None:
        return ""
    try:
        path = reverse("journey:forms", args=[municipality.slug])
    except NoReverseMatch:
        return ""
    base = (getattr(settings, "PORTAL_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + path
