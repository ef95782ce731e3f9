"""What the invitation tests share: the invited address, the link in the e-mail, accounts."""

import re
from urllib.parse import urlparse

from allauth.account.models import EmailAddress

from sites.models import RoleGroup, StaffInvitation, StaffMembership
from tests.factories.municipalities import UserFactory

INVITED = "uj.kollega@example.hu"
PASSWORD = "Hosszu-Jelszo-2026"


def role_group(municipality, role):
    return RoleGroup.objects.for_municipality(municipality).get(role=role).group


def memberships(municipality):
    return StaffMembership.objects.for_municipality(municipality)


def invitations_of(municipality):
    return StaffInvitation.objects.for_municipality(municipality)


def link_in(message):
    return urlparse(re.search(r"https?://\S+/fiok/meghivas/\S+", message.body).group(0)).path


def token_of(path):
    return path.rstrip("/").rsplit("/", 1)[-1]


def work_account(email=INVITED, verified=True, **fields):
    user = UserFactory(username=fields.pop("username", email), email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())
