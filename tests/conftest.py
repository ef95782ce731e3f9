import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from wagtail.models import Page, Site

from sites.constants import StaffRole
from sites.models import Municipality
from sites.page_cache import invalidate_site
from sites.provisioning import provision_municipality
from sites.roles import role_permissions
from sites.staff import add_member
from tests.factories.municipalities import MunicipalityDataFactory, UserFactory
from tests.snapshots import TableCopy, built_once, empty_tables_sql


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
def built_in_this_test(db):
    """The keys of what this test got from tests.snapshots.built_once, in order: each
    recording depends on those made before it in the same test (a page tree's place)."""
    return []


def _provisioning_context():
    """What provisioning reads besides the database and its arguments."""
    grants = tuple(
        (
            role,
            sorted(role_permissions.for_role(role)),
            sorted(role_permissions.on_site_for_role(role)),
        )
        for role in StaffRole
    )
    return (
        django_settings.BASE_DOMAIN,
        django_settings.SITE_PORT,
        django_settings.LANGUAGE_CODE,
        repr(grants),
    )


def _load_municipality(pk):
    municipality = Municipality.objects.select_related("site", "collection", "root_page").get(pk=pk)
    municipality.root_page = municipality.root_page.specific  # as provisioning returns it
    # What provisioning's saves do besides writing rows (their signal handlers).
    Site.clear_site_root_paths_cache()
    invalidate_site(municipality.site_id)
    return municipality


def usual_municipality(built_in_this_test, **fields):
    """A provisioned municipality, the same in every test that asks for it: provisioned
    for real once per test process, its rows copied into the tests after that."""
    key = ("municipality", tuple(sorted(fields.items())), *built_in_this_test)
    municipality = built_once(
        (key, _provisioning_context()),
        build=lambda: provision_municipality(MunicipalityDataFactory(**fields)).municipality,
        load=_load_municipality,
    )
    built_in_this_test.append(key)
    return municipality


@pytest.fixture
def municipality_a(built_in_this_test):
    return usual_municipality(built_in_this_test, name="Alsóvár", slug="alsovar", ksh_code="60001")


@pytest.fixture
def municipality_b(built_in_this_test):
    return usual_municipality(
        built_in_this_test, name="Felsővár", slug="felsovar", ksh_code="60002"
    )


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
