from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin


class ServiceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Service"))
    category = blocks.ChoiceBlock(
        label=_("Field"),
        choices=[
            ("ado", _("Local taxes")),
            ("ipar", _("Trade and industry")),
            ("kozterulet", _("Public space")),
            ("szocialis", _("Social support")),
            ("anyakonyv", _("Registry and certificates")),
            ("kornyezet", _("Environment")),
            ("bejelentes", _("Complaints and notices")),
            ("egyeb", _("Other")),
        ],
    )
    description = blocks.TextBlock(label=_("Description"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Form address"), required=False)

    class Meta:
        label = _("Service")
        icon = "form"


class ServiceDirectoryPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    """The municipality's e-administration services; edited by hand until the forms service
    publishes its forms here."""

    intro = RichTextField(_("introduction"), blank=True)
    services = StreamField([("service", ServiceBlock())], verbose_name=_("services"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("services")]
    search_fields = Page.search_fields + [index.SearchField("services")]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service directory")
        verbose_name_plural = _("service directories")

    def services_by_category(self):
        groups = {}
        for block in self.services:
            label = dict(block.block.child_blocks["category"].field.choices).get(
                block.value["category"], block.value["category"]
            )
            groups.setdefault(label, []).append(block.value)
        return groups
