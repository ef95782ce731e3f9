from django import template
from django.urls import reverse

from ..notifications import portal_url
from ..services import email_notifications_on, unread_count

register = template.Library()


@register.inclusion_tag("affairs/includes/account_area.html", takes_context=True)
def account_area(context):
    """Belépés / Ügyeim / Profilom / Kilépés in a site's header.

    For an anonymous visitor it costs no query (those pages are cached and shared), and on
    a municipality's own site its links lead to the central portal, where citizens log in
    and handle their business; a signed-in visitor's links stay on the host they are on."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    on_portal = context.get("current_municipality") is None
    base = "" if signed_in or on_portal else portal_url()
    affairs_path = reverse("affairs:index")
    return {
        "request": request,
        "signed_in": signed_in,
        "affairs_url": base + affairs_path,
        "login_url": f"{base}{reverse('account_login')}?next={affairs_path}",
        "profile_url": reverse("accounts:profile"),
        "logout_url": reverse("account_logout"),
        "unread": unread_count(user) if signed_in else 0,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def unread_messages(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user) if user and user.is_authenticated else 0


@register.inclusion_tag("affairs/includes/notification_summary.html", takes_context=True)
def notification_summary(context):
    """The notification preference on the profile page (accounts), with a link to change it."""
    user = context["request"].user
    return {"on": email_notifications_on(user)}
