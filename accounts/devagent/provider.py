from allauth.socialaccount.providers.base import Provider, ProviderAccount
from django.urls import reverse
from django.utils.http import urlencode


class DevelopmentAgentAccount(ProviderAccount):
    def to_str(self):
        data = self.account.extra_data
        return f"{data.get('family_name', '')} {data.get('given_name', '')}".strip()


class DevelopmentAgentProvider(Provider):
    """A stand-in for the national agent under ``make run``: one picks a demo citizen.

    It completes an ordinary allauth social login, so everything after it (profile,
    session, redirects) runs exactly as after a KAÜ login. Never in production: the
    production settings refuse its identity reader (``@demo``, sites/checks.py) and the
    view checks again."""

    id = "development_agent"
    name = "FEJLESZTŐI azonosítás – nem éles"
    package = "accounts.devagent"
    account_class = DevelopmentAgentAccount
    is_demo = True

    def get_login_url(self, request, **kwargs):
        url = reverse("development_agent_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def extract_uid(self, data):
        return data["national_agent_id"]

    def extract_extra_data(self, data):
        return data

    def extract_common_fields(self, data):
        return {
            "first_name": data.get("given_name", ""),
            "last_name": data.get("family_name", ""),
            "email": data.get("email", ""),
        }
