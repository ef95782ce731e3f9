from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class FooterLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Web address"), required=False)

    class Meta:
        label = _("Link")
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": [_("Choose a page or give a web address.")]}
            )
        return value


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
class SiteSettings(BaseSiteSetting):
    """A municipality's site-wide links, edited by its site admin."""

    footer_links = StreamField(
        [("link", FooterLinkBlock())], verbose_name=_("footer links"), blank=True
    )
    social_links = StreamField(
        [("social", SocialLinkBlock())], verbose_name=_("social links"), blank=True
    )
    footer_text = models.CharField(
        _("footer text"),
        max_length=255,
        blank=True,
        help_text=_("For example the office's opening hours in one line."),
    )

    panels = [FieldPanel("footer_links"), FieldPanel("social_links"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = _("site links")
        verbose_name_plural = _("site links")
