"""The suite's own plumbing (tests/snapshots.py): a fixture copied into a test is exactly
what building it wrote, a copy that does not fit is not used, and emptying the database
between tests in real transactions leaves no row, in the append-only tables neither."""

import pytest
from django.db import connection, transaction

from services.documents.models import Document
from sites.provisioning import provision_municipality
from tests.factories.documents import CaseFactory
from tests.factories.municipalities import MunicipalityDataFactory
from tests.snapshots import TableCopy, built_once, empty_tables_sql, read_tables, table_columns

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


def provision_szentes():
    data = MunicipalityDataFactory(name="Szentes", slug="szentes", ksh_code="61201")
    return provision_municipality(data).municipality


def refuse_to_build():
    raise AssertionError("built again instead of copied")


def load(pk):
    return pk


def build_and_forget(key):
    """Record the build in a savepoint that is rolled back: the database is as before."""
    try:
        with transaction.atomic():
            built = built_once(key, build=provision_szentes, load=load)
            rows = read_tables()
            raise RolledBack
    except RolledBack:
        return built, rows


def test_the_copy_is_exactly_what_the_build_wrote():
    key = ("test", "exact copy")
    built, rows_after_build = build_and_forget(key)
    assert read_tables() != rows_after_build

    pk = built_once(key, build=refuse_to_build, load=load)

    assert pk == built.pk
    assert read_tables() == rows_after_build


def test_a_copy_that_does_not_fit_the_database_is_not_used(municipality_a):
    key = ("test", "does not fit")
    build_and_forget(key)
    # another municipality has taken the home page's place in the page tree since
    provision_municipality(MunicipalityDataFactory(name="Csongrád", ksh_code="61202"))
    builds = []

    def build():
        builds.append(provision_szentes())
        return builds[-1]

    built_once(key, build=build, load=load)

    assert len(builds) == 1


@pytest.mark.django_db(transaction=True)
def test_emptying_leaves_no_row_in_any_table(municipality_a):
    CaseFactory(municipality=municipality_a)
    assert Document.objects.for_municipality(municipality_a).exists()
    copy = TableCopy()

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(empty_tables_sql(list(table_columns())))

    assert not any(read_tables().values())
    copy.restore()
    assert read_tables() == copy.rows
