import pytest
from django.core import mail
from django.urls import reverse

from sites.constants import StaffRole

from .helpers import INVITED, link_in


@pytest.fixture
def admin_client(client, site_admin_a):
    """The site admin of A, logged in (here, not pytest-django's superuser)."""
    client.force_login(site_admin_a)
    return client


@pytest.fixture
def invite(admin_client, municipality_a, django_capture_on_commit_callbacks):
    """invite(email=…, role=…) through the site admin's form -> the link's path."""

    def _invite(email=INVITED, role=StaffRole.EDITOR, municipality=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                reverse("municipal_staff:invite", args=[(municipality or municipality_a).pk]),
                {"email": email, "first_name": "Kolléga", "last_name": "Új", "role": role},
            )
        assert response.status_code == 302, response.content.decode()
        return link_in(mail.outbox[-1])

    return _invite
