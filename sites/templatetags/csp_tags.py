"""``{% csp_nonce %}``: the nonce of the request being rendered, for templates whose context
has no request (Wagtail's panels and widgets); elsewhere ``{{ request.csp_nonce }}``."""

from django import template

from ..security_policy import current_nonce

register = template.Library()


@register.simple_tag
def csp_nonce():
    return current_nonce()
