from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from .services import has_totp, is_session_mfa_authenticated, requires_mfa


class StaffSecondFactorMiddleware:
    """No admin page for staff or operators without a TOTP-verified session.

    allauth asks for the code at login once a user has a TOTP device; this closes the
    remaining ways in (a login before the device was set up, Wagtail's own login view, a
    session from before this rule): such a request goes to set up TOTP, or to enter a code,
    and comes back afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.protected_prefixes = tuple(settings.MFA_PROTECTED_PATH_PREFIXES)
        self.open_prefixes = tuple(settings.MFA_OPEN_PATH_PREFIXES)

    def __call__(self, request):
        path = request.path_info
        if (
            path.startswith(self.protected_prefixes)
            and not path.startswith(self.open_prefixes)
            and requires_mfa(request.user)
            and not is_session_mfa_authenticated(request)
        ):
            target = "mfa_reauthenticate" if has_totp(request.user) else "mfa_activate_totp"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)
