"""The privacy notice (adatkezelési tájékoztató) every form and the contact form link to.

Whoever collects personal data must tell the person where to read how it is handled (GDPR
Art. 13), so each municipality's forms point at the municipality's own notice. In order:
the address its site admin set in the site links (SiteSettings.privacy_notice_url), else a
live page of its tree with one of PRIVACY_PAGE_SLUGS, else the provider's general notice
(settings.PRIVACY_NOTICE_URL), which names the municipality as the controller."""

from urllib.parse import urlencode

from django.conf import settings
from wagtail.models import Page

from .models import SiteSettings

PRIVACY_PAGE_SLUGS = ("adatkezelesi-tajekoztato", "adatkezeles", "adatvedelem")


def privacy_notice_url(municipality, request=None):
    if municipality is None or not municipality.site_id:
        return settings.PRIVACY_NOTICE_URL
    own = SiteSettings.for_site(municipality.site).privacy_notice_url
    if own:
        return own
    if municipality.root_page_id:
        page = (
            Page.objects.live()
            .public()
            .descendant_of(municipality.root_page)
            .filter(slug__in=PRIVACY_PAGE_SLUGS)
            .order_by("depth", "path")
            .first()
        )
        if page is not None:
            return page.get_url(request)
    return f"{settings.PRIVACY_NOTICE_URL}?{urlencode({'onkormanyzat': municipality.slug})}"
