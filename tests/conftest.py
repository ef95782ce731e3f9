import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection, transaction
from django.test import override_settings
from wagtail.models import Page

from sites.constants import StaffRole
from sites.provisioning import provision_municipality
from sites.staff import add_member
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


@pytest.fixture(scope="session", autouse=True)
def _session_media(tmp_path_factory):
    """Files written outside a test's own media_root (a module-scoped fixture's, or where a
    test overrides only MEDIA_ROOT) go to this session's temporary folder, never into the
    checkout, where pytest-xdist's workers and other runs would share them."""
    folder = tmp_path_factory.mktemp("session_media")
    with override_settings(
        MEDIA_ROOT=folder / "media", PRIVATE_MEDIA_ROOT=folder / "private_media"
    ):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
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
        add_member(municipality, user, role)
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


# -- tests in real transactions (live server, concurrency)
#
# They end by emptying every table, the rows the migrations made included (Wagtail's root
# page, the portal's site). Every such test gets them back first, whatever ran before it.


@pytest.fixture(autouse=True)
def _migrated_rows_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    in_transactions = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if in_transactions or {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("initial_data_restored")


def _restore(contents):
    """Empty every table and load the copy back, content types first.

    Sequences go on counting (as in Django's own rollback emulation), so restored rows keep
    their ids and new rows get fresh ones. Content types are loaded before anything else is
    even built: building some models (Wagtail's tasks) looks their content type up, and a
    lookup that found none would create it under a new id."""
    connection.ops.execute_sql_flush(sql_flush(no_style(), connection, reset_sequences=False))
    ContentType.objects.clear_cache()
    rows = json.loads(contents)
    content_types = [row for row in rows if row["model"] == "contenttypes.contenttype"]
    others = [row for row in rows if row["model"] != "contenttypes.contenttype"]
    with transaction.atomic():
        for part in (content_types, others):
            objects = list(
                serializers.deserialize("json", json.dumps(part), handle_forward_references=True)
            )
            for deserialized in objects:
                deserialized.save()
            for deserialized in objects:
                if deserialized.deferred_fields:
                    deserialized.save_deferred_fields()
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def initial_data(django_db_setup, django_db_blocker):
    """What the migrations put in the database (Wagtail's root page, the portal's site).

    The live server needs committed data, so these tests run in real transactions, and
    each ends by emptying every table; the data is put back before each of them and after
    the last one, so that a later run with --reuse-db starts from the same database.
    (pytest-django's serialized_rollback does this in principle, but its copy is kept on a
    connection object the live-server tests do not get back.)"""
    with django_db_blocker.unblock():
        contents = connection.creation.serialize_db_to_string()
    yield contents
    with django_db_blocker.unblock():
        _restore(contents)


@pytest.fixture
def initial_data_restored(initial_data, transactional_db):
    if not Page.objects.filter(depth=1).exists():
        _restore(initial_data)


