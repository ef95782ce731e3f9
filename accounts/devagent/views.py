from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from ..demo import DEMO_CITIZENS, demo_citizen
from .provider import DevelopmentAgentProvider


def is_enabled():
    # Checked here as well as by the production settings: defence in depth.
    return settings.DEVELOPMENT_AGENT_ENABLED and settings.ENVIRONMENT != "production"


@require_http_methods(["GET", "POST"])
def development_agent_login(request):
    if not is_enabled():
        raise Http404
    try:
        provider = get_adapter().get_provider(request, DevelopmentAgentProvider.id)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    error = None
    if request.method == "POST":
        citizen = demo_citizen(request.POST.get("citizen", ""))
        if citizen is not None:
            login = provider.sociallogin_from_response(request, dict(citizen))
            login.state = {"process": AuthProcess.LOGIN}
            if next_url:
                login.state["next"] = next_url
            return complete_social_login(request, login)
        error = True
    return render(
        request,
        "accounts/development_agent.html",
        {"citizens": DEMO_CITIZENS, "next": next_url, "error": error},
        status=400 if error else 200,
    )
