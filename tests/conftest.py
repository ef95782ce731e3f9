import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from wagtail.models import Page

from sites.constants import StaffRole
from sites.provisioning import provision_municipality
from tests.factories.municipalities import MunicipalityDataFactory, recorded_municipality
from tests.factories.staff import OperatorFactory, StaffFactory
from tests.snapshots import TableCopy, empty_tables_sql


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
def given_municipality(db):
    """given_municipality(**fields) -> a fully provisioned Municipality, for a test that
    takes it as given: provisioned for real once per test process, its rows copied into
    the later tests that ask for the same (tests/snapshots.py). Tests of provisioning
    itself call ``provision``."""
    earlier = []  # what was given before in this test: the page tree's order depends on it

    def _given(**fields):
        return recorded_municipality(earlier, **fields)

    return _given


@pytest.fixture
def municipality_a(given_municipality):
    return given_municipality(name="Alsóvár", slug="alsovar", ksh_code="60001")


@pytest.fixture
def municipality_b(given_municipality):
    return given_municipality(name="Felsővár", slug="felsovar", ksh_code="60002")


@pytest.fixture
def make_staff(db):
    """make_staff(municipality, role) -> a user working for that municipality in that role."""

    def _make_staff(municipality, role, **user_fields):
        return StaffFactory(municipality=municipality, role=role, **user_fields)

    return _make_staff


@pytest.fixture
def editor_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.EDITOR, username="szerkeszto_a")


@pytest.fixture
def site_admin_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.SITE_ADMIN, username="webadmin_a")


@pytest.fixture
def officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a")


@pytest.fixture
def officer_b(make_staff, municipality_b):
    return make_staff(municipality_b, StaffRole.OFFICER, username="ugyintezo_b")


@pytest.fixture
def operator(db):
    return OperatorFactory()


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


@pytest.fixture(scope="session", autouse=True)
def _flush_by_deleting_rows():
    """Django empties the database after each test in real transactions with one TRUNCATE
    of every table; PostgreSQL does that file by file, seconds each time. Deleting the rows
    of the few tables that have any is the same for the tests and takes a fraction of it."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [empty_tables_sql(tables)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(scope="session")
def initial_data(django_db_setup, django_db_blocker):
    """What the migrations put in the database (Wagtail's root page, the portal's site).

    The live server needs committed data, so these tests run in real transactions, and
    each ends by emptying every table; the data is put back before each of them and after
    the last one, so that a later run with --reuse-db starts from the same database.
    (pytest-django's serialized_rollback does this in principle, but its copy is kept on a
    connection object the live-server tests do not get back, and it is read back row by
    row: a copy of the tables is put back with one COPY a table.)"""
    with django_db_blocker.unblock():
        copy = TableCopy()
    yield copy
    with django_db_blocker.unblock():
        _restore(copy)


def _restore(copy):
    copy.restore()
    # Content types keep their ids, but the ones Django made after the flush are cached.
    ContentType.objects.clear_cache()


@pytest.fixture
def initial_data_restored(initial_data, transactional_db):
    if not Page.objects.filter(depth=1).exists():
        _restore(initial_data)
