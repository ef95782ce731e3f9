"""The self-hosted fonts a site may choose: WOFF2 files with their licences under
static/theme-assets/fonts/<key>/, Latin and Latin Extended (ő, ű) in regular and bold.

Served from the site's own host: a font from a font CDN would tell a third party about
every visitor of a public authority's website."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SYSTEM_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif'


@dataclass(frozen=True)
class Font:
    key: str
    label: str
    family: str
    fallback: str = SYSTEM_STACK
    # False for the system font: nothing to download.
    self_hosted: bool = True

    @property
    def stack(self):
        if not self.self_hosted:
            return self.fallback
        return f'"{self.family}", {self.fallback}'

    @property
    def stylesheet(self):
        return f"theme-assets/fonts/{self.key}/font.css" if self.self_hosted else ""


FONTS = {
    font.key: font
    for font in (
        Font("system", _("The device's own font"), "", self_hosted=False),
        Font("atkinson-hyperlegible", "Atkinson Hyperlegible", "Atkinson Hyperlegible"),
        Font("source-sans-3", "Source Sans 3", "Source Sans 3"),
        Font(
            "merriweather",
            "Merriweather",
            "Merriweather",
            fallback='Georgia, "Times New Roman", serif',
        ),
    )
}


def font_choices():
    return [(font.key, font.label) for font in FONTS.values()]


def get_font(key):
    return FONTS.get(key) or FONTS["system"]
