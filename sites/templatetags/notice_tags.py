"""``{% privacy_notice municipality %}``: the link to the privacy notice under a form."""

from django import template

from ..notices import privacy_notice_url

register = template.Library()


@register.inclusion_tag("sites/privacy_notice_link.html", takes_context=True)
def privacy_notice(context, municipality=None):
    request = context.get("request")
    if municipality is None:
        municipality = getattr(request, "municipality", None)
    return {"url": privacy_notice_url(municipality, request)}
