import pytest

from sites.constants import StaffRole
from sites.models import StaffMembership
from sites.provisioning import provision_municipality
from sites.staff import set_role
from tests.factories.municipalities import MunicipalityDataFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    # The local-memory cache lives as long as the test process: no test sees another's pages.
    from django.core.cache import cache

    from sites.page_cache import worker_pages
    from sites.site_context import forget_all

    cache.clear()
    worker_pages.clear()  # and what the "worker" (this process) kept in memory
    forget_all()


@pytest.fixture(autouse=True)
def force_login_passes_both_factors(monkeypatch):
    """``client.force_login(user)`` skips authentication: both factors, as a staff member
    would pass them (the admin refuses staff sessions without TOTP, accounts.middleware).
    Tests of the second factor itself log in without it via ``force_login_password_only``."""
    from django.test import Client

    from accounts.testing import mark_session_mfa_authenticated

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        mark_session_mfa_authenticated(self, user)

    monkeypatch.setattr(Client, "force_login_password_only", force_login, raising=False)
    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def provision(db):
    """provision(**fields) -> a fully provisioned Municipality."""

    def _provision(**fields):
        return provision_municipality(MunicipalityDataFactory(**fields)).municipality

    return _provision


@pytest.fixture
def municipality_a(provision):
    return provision(name="Alsóvár", slug="alsovar", ksh_code="60001")


@pytest.fixture
def municipality_b(provision):
    return provision(name="Felsővár", slug="felsovar", ksh_code="60002")


@pytest.fixture
def make_staff(db):
    """make_staff(municipality, role) -> a user working for that municipality in that role."""

    def _make_staff(municipality, role, **user_fields):
        user = UserFactory(**user_fields)
        membership = StaffMembership.objects.for_municipality(municipality).create(
            municipality=municipality, user=user, role=role
        )
        set_role(membership, role)
        return user

    return _make_staff


@pytest.fixture
def editor_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.EDITOR, username="szerkeszto_a")


@pytest.fixture
def site_admin_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.SITE_ADMIN, username="webadmin_a")


@pytest.fixture
def operator(db):
    return UserFactory(username="operator", is_superuser=True, is_staff=True)
