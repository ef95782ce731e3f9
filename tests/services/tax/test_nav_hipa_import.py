"""HIPA returns forwarded by the state tax authority (NAV), imported from our documented
CSV layout (docs/tax-nav-hipa-import.md): a good file books the returns and advances as
the portal form does, a bad line is reported by its line number, and importing the same
file again books nothing twice."""

import datetime

import pytest
from django.utils import translation

from services.tax import services as tax
from services.tax.constants import EntryKind, TaxType
from services.tax.models import LedgerEntry
from services.tax.services import returns
from tests.factories.tax import organisation

pytestmark = pytest.mark.django_db

HEADER = "Adószám;Adóév;Típus;Fizetendő adó;Első előleg;Második előleg;Beérkezés;NAV azonosító\n"


@pytest.fixture
def companies(eger):
    return organisation(eger, "Agria Park Kft."), organisation(eger, "Egri Csillag Zrt.")


def csv_of(*lines):
    return (HEADER + "".join(line + "\n" for line in lines)).encode("utf-8")


def good_file(first, second):
    return csv_of(
        f"{first.tax_number};2025;eves;1 250 000;600 000;650 000;2026.05.28.;HIPA-2025-000117",
        f"{second.tax_number};2026;eloleg;;90 000;90 000;2026-02-10;HIPA-2026-000042",
    )


def entries(taxpayer):
    return LedgerEntry.objects.for_municipality(taxpayer.municipality).filter(
        taxpayer=taxpayer, tax_type=TaxType.BUSINESS
    )


def test_a_good_file_books_returns_and_advances_as_the_portal_form_does(eger, companies):
    first, second = companies

    result = tax.import_registers(eger, "nav_hipa", good_file(first, second))

    assert result.applied and not result.errors
    assert result.created == 2
    annual = {(e.kind, e.period_year, e.instalment, e.amount, e.due_on) for e in entries(first)}
    assert annual == {
        (EntryKind.CHARGE, 2025, None, 1_250_000, returns.business_annual_due_on(2025)),
        (EntryKind.CHARGE, 2026, 2, 600_000, returns.advance_due_on(2026, 2)),
        (EntryKind.CHARGE, 2027, 1, 650_000, returns.advance_due_on(2027, 1)),
    }
    assert {e.reference for e in entries(first)} == {"NAV HIPA-2025-000117"}
    advances = {(e.period_year, e.instalment, e.amount) for e in entries(second)}
    assert advances == {(2026, 1, 90_000), (2026, 2, 90_000)}


def test_the_same_file_again_books_nothing(eger, companies):
    first, second = companies
    tax.import_registers(eger, "nav_hipa", good_file(first, second))
    count = LedgerEntry.objects.for_municipality(eger).count()

    again = tax.import_registers(eger, "nav_hipa", good_file(first, second))

    assert again.applied and not again.errors
    assert (again.created, again.unchanged) == (0, 2)
    assert LedgerEntry.objects.for_municipality(eger).count() == count


def test_a_return_filed_on_the_portal_is_not_booked_again_from_nav(eger, companies):
    first, _second = companies
    returns.book_business_return(
        first,
        year=2025,
        annual_tax=1_250_000,
        next_advances=(600_000, 650_000),
        booked_on=datetime.date(2026, 5, 20),
        reference="1234-2/2026",
    )

    result = tax.import_registers(
        eger,
        "nav_hipa",
        csv_of(f"{first.tax_number};2025;eves;1 250 000;600 000;650 000;2026.05.28.;X-1"),
    )

    assert (result.created, result.unchanged) == (0, 1)
    assert entries(first).count() == 3


def test_bad_lines_are_reported_by_line_and_nothing_is_booked(eger, companies):
    first, second = companies
    data = csv_of(
        f"{first.tax_number};2025;eves;1 250 000;600 000;650 000;2026.05.28.;A-1",
        "99999999-2-41;2025;eves;10 000;0;0;2026.05.28.;A-2",
        f"{second.tax_number};2025;havi;10 000;0;0;2026.05.28.;A-3",
        f"{second.tax_number};2025;eves;sok;0;0;2026.13.28.;A-4",
    )

    with translation.override("hu"):
        result = tax.import_registers(eger, "nav_hipa", data)

    assert not result.applied
    by_line = {error.line: error.message for error in result.errors}
    assert set(by_line) == {3, 4, 5}
    assert "99999999-2-41" in by_line[3]
    assert "eves" in by_line[4] and "eloleg" in by_line[4]
    assert "Fizetendő adó" in by_line[5] and "Beérkezés" in by_line[5]
    assert not LedgerEntry.objects.for_municipality(eger).exists()


def test_partial_import_books_the_good_lines(eger, companies):
    first, _second = companies
    data = csv_of(
        f"{first.tax_number};2025;eves;1 250 000;600 000;650 000;2026.05.28.;A-1",
        "99999999-2-41;2025;eves;10 000;0;0;2026.05.28.;A-2",
    )

    result = tax.import_registers(eger, "nav_hipa", data, partial=True)

    assert result.created == 1 and [e.line for e in result.errors] == [3]
    assert entries(first).count() == 3


def test_the_documented_layout_is_the_one_read():
    from django.conf import settings

    doc = (settings.BASE_DIR / "docs" / "tax-nav-hipa-import.md").read_text(encoding="utf-8")
    for column in tax.IMPORT_COLUMNS["nav_hipa"]:
        assert f"| `{column}` |" in doc
    sample = settings.BASE_DIR / "data" / "tax" / "samples" / "nav_hipa.csv"
    rows = tax.read_import_rows(sample.read_bytes(), "nav_hipa")
    assert [row["kind"] for _line, row in rows] == ["eves", "eloleg"]
    assert sample.read_text(encoding="utf-8").strip() in doc
