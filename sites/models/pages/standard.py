from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ...blocks import BodyBlock
from ...visibility import without_private_sections
from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin

# Page types an editor may add under most section pages.
SECTION_CHILDREN = [
    "municipal.StandardPage",
    "municipal.NewsIndexPage",
    "municipal.EventIndexPage",
    "municipal.CustomerServicePage",
    "municipal.CouncilPage",
    "municipal.DecreeIndexPage",
    "municipal.DocumentLibraryPage",
    "municipal.ContactPage",
    "municipal.ServiceDirectoryPage",
]


def allow_section_child(model_string):
    """Let editors add a service's page type (``"app_label.ModelName"``) wherever the
    section pages above may go: a service calls this from its ``AppConfig.ready()``, so
    sites never names the services above it. The list is shared by the home page and the
    standard page, and Wagtail reads it only after the apps are ready."""
    if model_string not in SECTION_CHILDREN:
        SECTION_CHILDREN.append(model_string)


class StandardPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = SECTION_CHILDREN

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A section page (Önkormányzat) leads to what is under it: the council, the decrees…
        context["sections"] = list(
            without_private_sections(self.get_children().live()).specific().order_by("path")
        )
        return context
