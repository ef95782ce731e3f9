"""Site navigation for every theme: main menu, breadcrumbs and footer.

Each tag renders an include under templates/navigation/, which a theme may override."""

from django import template
from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import pageurl

from ..models import SiteSettings
from ..visibility import without_private_sections

register = template.Library()


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    site = _site(context)
    current = context.get("page")
    items = []
    if site is not None:
        menu = getattr(context.get("request"), "main_menu_pages", None)  # sites.site_context
        if menu is None:
            menu = without_private_sections(site.root_page.get_children().live().in_menu())
        for item in menu:
            active = current is not None and current.path.startswith(item.path)
            items.append(
                {"page": item, "active": active, "current": active and current.pk == item.pk}
            )
    return {"items": items, "request": context.get("request")}


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    site = _site(context)
    page = context.get("page")
    trail = []
    if site is not None and isinstance(page, Page) and page.pk != site.root_page_id:
        root = site.root_page
        if page.depth == root.depth + 1 and page.path.startswith(root.path):
            trail = [root, page]  # a top-level section: no need to ask the database
        else:
            trail = list(page.get_ancestors(inclusive=True).filter(depth__gte=root.depth))
    return {"trail": trail, "request": context.get("request")}


@register.inclusion_tag("navigation/site_footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    site = _site(context)
    settings = getattr(request, "site_settings", None)  # sites.site_context
    if settings is None and site is not None:
        settings = SiteSettings.for_site(site)
    return {
        "settings": settings,
        "municipality": getattr(request, "municipality", None),
        "request": request,
    }


@register.simple_tag(takes_context=True)
def link_href(context, value):
    """The address of a page-or-address block value (sites.blocks.PageOrAddressMixin)."""
    if value.get("page"):
        return pageurl(context, value["page"])
    return value.get("url") or ""


@register.filter
def social_network_label(network):
    from ..models.settings import SocialLinkBlock

    return dict(SocialLinkBlock.base_blocks["network"].field.choices).get(network, network)


@register.inclusion_tag("navigation/emergency_notice.html", takes_context=True)
def emergency_notice(context):
    """The site's emergency notice (set on its home page) while it has not expired."""
    site = _site(context)
    notice = ""
    if site is not None:
        home = site.root_page.specific
        if hasattr(home, "active_notice"):
            notice = home.active_notice()
            request = context.get("request")
            if notice and request is not None:
                # The page cache must not keep the notice beyond its expiry.
                request.page_cache_expires_at = home.notice_expires_at
    return {"notice": notice}
