"""What every theme's base layout puts in its <head>: stylesheets, the site's palette and
font as CSS custom properties, the favicon and the visitor's display preferences."""

from django import template
from django.utils.safestring import mark_safe

from ..contrast import HEX_COLOUR
from ..current import current_theme, current_theme_settings
from ..fonts import get_font
from ..registry import registry

register = template.Library()

SHARED_STYLESHEET = "theme-assets/base.css"
HEADER_IMAGE_FILTER = "fill-1600x480"
FAVICON_FILTER = "fill-32x32|format-png"


def _palette_css(palette, font, header_image_url):
    declarations = [
        f"--{role}: {colour};" for role, colour in palette.items() if HEX_COLOUR.match(colour)
    ]
    declarations.append(f"--font-body: {font.stack};")
    if header_image_url and '"' not in header_image_url and ")" not in header_image_url:
        declarations.append(f'--header-image: url("{header_image_url}");')
    # Built from validated colours, the font registry and a rendition URL checked above:
    # nothing a visitor or an editor types reaches this <style>.
    return mark_safe(":root { " + " ".join(declarations) + " }")


@register.inclusion_tag("themes/includes/head.html", takes_context=True)
def theme_head(context, minimal=False):
    """minimal=True for 500.html: no database access, no images.

    Also announces the site's news and event feeds (sites.feeds), which the site context
    put on the request: every theme's pages link them without a line of their own."""
    theme = current_theme()
    theme_settings = current_theme_settings()
    if theme_settings is not None:
        palette, font = theme_settings.palette(), theme_settings.font_object
    else:
        palette, font = theme.palette, get_font(theme.default_font)
    header_image_url = favicon = None
    if theme_settings is not None and not minimal:
        if theme_settings.header_image_id:
            header_image_url = theme_settings.header_image.get_rendition(HEADER_IMAGE_FILTER).url
        if theme_settings.favicon_id:
            favicon = theme_settings.favicon.get_rendition(FAVICON_FILTER)
    stylesheets = [SHARED_STYLESHEET]
    if font.stylesheet:
        stylesheets.append(font.stylesheet)
    for ancestor in reversed(registry.ancestry(theme.name)):
        stylesheets.extend(f"{ancestor.static_prefix}/{path}" for path in ancestor.stylesheets)
    request = context.get("request")
    return {
        "stylesheets": stylesheets,
        "palette_css": _palette_css(palette, font, header_image_url),
        "favicon": favicon,
        "minimal": minimal,
        "theme": theme,
        "feeds": [] if minimal else getattr(request, "site_feeds", None) or [],
    }


@register.simple_tag(name="theme_settings")
def theme_settings_tag():
    """{% theme_settings as theme_settings %}: the site's logo, images, palette."""
    return current_theme_settings()


@register.simple_tag
def theme_name():
    return current_theme().name
