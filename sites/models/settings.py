from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from ..blocks import LinkBlock
from ..references import ReferencesCheckedMixin


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        label=_("Network"),
        choices=[
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("youtube", "YouTube"),
            ("tiktok", "TikTok"),
            ("x", "X"),
            ("linkedin", "LinkedIn"),
        ],
    )
    url = blocks.URLBlock(label=_("Web address"))

    class Meta:
        label = _("Social link")
        icon = "globe"


@register_setting(icon="list-ul")
class SiteSettings(ReferencesCheckedMixin, BaseSiteSetting):
    """A municipality's site-wide links, edited by its site admin."""

    footer_links = StreamField([("link", LinkBlock())], verbose_name=_("footer links"), blank=True)
    social_links = StreamField(
        [("social", SocialLinkBlock())], verbose_name=_("social links"), blank=True
    )
    footer_text = models.CharField(
        _("footer text"),
        max_length=255,
        blank=True,
        help_text=_("For example the office's opening hours in one line."),
    )

    privacy_notice_url = models.URLField(
        _("privacy notice"),
        blank=True,
        help_text=_(
            "The address of the municipality's privacy notice (adatkezelési tájékoztató), "
            "linked from every form and the contact form. Empty: the page of the site with "
            "the address …/adatkezelesi-tajekoztato/, or else the provider's general notice."
        ),
    )

    panels = [
        FieldPanel("footer_links"),
        FieldPanel("social_links"),
        FieldPanel("footer_text"),
        FieldPanel("privacy_notice_url"),
    ]

    class Meta:
        verbose_name = _("site links")
        verbose_name_plural = _("site links")
