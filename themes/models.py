import math

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from sites.page_cache import invalidate_site
from sites.references import ReferencesCheckedMixin

from .contrast import AA_NORMAL_TEXT, HEX_COLOUR, contrast_ratio, relative_luminance
from .fonts import font_choices, get_font
from .registry import default_theme_name, registry, theme_choices

hex_colour = RegexValidator(
    HEX_COLOUR, _("Give the colour as # followed by six hexadecimal digits, e.g. #1d4e89.")
)

PALETTE_FIELDS = {
    "primary": "primary_colour",
    "secondary": "secondary_colour",
    "accent": "accent_colour",
}
PALETTE_LABELS = {
    "primary": _("primary colour"),
    "secondary": _("secondary colour"),
    "accent": _("accent colour"),
}
TEXT_COLOUR_NAMES = {"#ffffff": _("white"), "#000000": _("black")}


def _text_colour_name(colour):
    named = TEXT_COLOUR_NAMES.get(colour.lower())
    if named:
        return named
    return _("light") if relative_luminance(colour) > 0.5 else _("dark")


def _colour_field(role):
    return models.CharField(
        PALETTE_LABELS[role],
        max_length=7,
        blank=True,
        validators=[hex_colour],
        help_text=_("Leave it empty to use the theme's own colour."),
    )


def _colour_widget():
    return forms.TextInput(attrs={"placeholder": "#1d4e89", "maxlength": 7, "size": 8})


@register_setting(icon="doc-empty")
class ThemeSettings(ReferencesCheckedMixin, BaseSiteSetting):
    """How one municipality's website looks, chosen and customised by its site admin."""

    theme = models.CharField(
        _("theme"), max_length=64, choices=theme_choices, default=default_theme_name
    )
    primary_colour = _colour_field("primary")
    secondary_colour = _colour_field("secondary")
    accent_colour = _colour_field("accent")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("coat of arms or logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("browser tab icon (favicon)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A square image; it is shown at 32×32 pixels."),
    )
    header_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("header image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A wide photograph of the town; text is drawn over a darkened version."),
    )
    font = models.CharField(
        _("font"),
        max_length=64,
        choices=font_choices,
        blank=True,
        help_text=_("Leave it empty to use the theme's own font."),
    )

    panels = [
        FieldPanel("theme", widget=forms.RadioSelect),
        MultiFieldPanel(
            [
                FieldPanel("primary_colour", widget=_colour_widget()),
                FieldPanel("secondary_colour", widget=_colour_widget()),
                FieldPanel("accent_colour", widget=_colour_widget()),
            ],
            heading=_("Colours"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("favicon"), FieldPanel("header_image")],
            heading=_("Images"),
        ),
        FieldPanel("font"),
    ]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    # -- what the templates use

    @property
    def theme_object(self):
        return registry.get(self.theme)

    def palette(self):
        """The colours in force: the site's own where it set one, the theme's elsewhere."""
        defaults = self.theme_object.palette
        return {
            role: getattr(self, field) or defaults.get(role, "")
            for role, field in PALETTE_FIELDS.items()
        }

    @property
    def font_object(self):
        return get_font(self.font or self.theme_object.default_font)

    # -- checks and saving

    def clean(self):
        super().clean()
        if self.theme not in registry:
            raise ValidationError({"theme": _("Choose one of the installed themes.")})
        errors = {}
        theme = self.theme_object
        for role, field in PALETTE_FIELDS.items():
            colour = getattr(self, field)
            if not colour or not HEX_COLOUR.match(colour):
                continue
            message = self._contrast_error(role, colour, theme.text_on.get(role, ()))
            if message:
                errors[field] = message
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _contrast_error(role, colour, text_colours):
        for text_colour in text_colours:
            ratio = contrast_ratio(colour, text_colour)
            if ratio < AA_NORMAL_TEXT:
                return _(
                    "The %(role)s %(colour)s and the %(text)s text used with it have a "
                    "contrast ratio of only %(ratio)s:1; WCAG 2.1 AA requires at least "
                    "%(minimum)s:1. Choose a %(direction)s shade."
                ) % {
                    "role": PALETTE_LABELS[role],
                    "colour": colour,
                    "text": _text_colour_name(text_colour),
                    # Rounded down: 4.496 must not read as the 4.50 it fell short of.
                    "ratio": number_format(math.floor(ratio * 100) / 100, 2),
                    "minimum": number_format(AA_NORMAL_TEXT, 1),
                    "direction": _("darker")
                    if relative_luminance(text_colour) > relative_luminance(colour)
                    else _("lighter"),
                }
        return None

    def save(self, *args, **kwargs):
        self.primary_colour, self.secondary_colour, self.accent_colour = (
            (value or "").lower()
            for value in (self.primary_colour, self.secondary_colour, self.accent_colour)
        )
        super().save(*args, **kwargs)
        # Every cached page of the site carries the old look: all of them go stale at once.
        invalidate_site(self.site_id)


def invalidate_sites_showing_image(sender, instance, **kwargs):
    """An image was changed or deleted: the sites using it as logo, favicon or header image
    must not keep showing the old one from their cached pages."""
    from django.db.models import Q

    for site_id in ThemeSettings.objects.filter(
        Q(logo=instance) | Q(favicon=instance) | Q(header_image=instance)
    ).values_list("site_id", flat=True):
        invalidate_site(site_id)
