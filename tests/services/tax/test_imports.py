"""Importing the registers and opening balances from another system's CSV exports."""

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks.signals import task_enqueued

from services.tax import services as tax
from services.tax.constants import ChargeOrigin, EntryKind, RightKind, TaxType
from services.tax.models import (
    LedgerEntry,
    Ownership,
    Property,
    PropertyDetails,
    Representation,
    TaxObject,
    Taxpayer,
    TaxpayerDetails,
)

SAMPLES = Path(settings.BASE_DIR) / "data" / "tax" / "samples"
ORDER = ("taxpayers", "properties", "ownerships", "tax_objects", "representations")
CUTOVER = datetime.date(2026, 1, 1)


def sample(kind):
    return (SAMPLES / f"{kind}.csv").read_bytes()


def import_all(municipality, kinds=ORDER + ("opening_balances",)):
    results = {}
    for kind in kinds:
        results[kind] = tax.import_registers(municipality, kind, sample(kind))
        assert results[kind].errors == [], (kind, [str(e) for e in results[kind].errors])
    return results


def counts(municipality):
    return {
        model.__name__: model.objects.filter(municipality=municipality).count()
        for model in (
            Taxpayer,
            TaxpayerDetails,
            Property,
            PropertyDetails,
            Ownership,
            TaxObject,
            Representation,
            LedgerEntry,
        )
    }


def test_every_sample_register_is_imported(municipality_a):
    results = import_all(municipality_a)
    assert {kind: r.created for kind, r in results.items()} == {
        "taxpayers": 5,
        "properties": 4,
        "ownerships": 6,
        "tax_objects": 5,
        "representations": 2,
        "opening_balances": 4,  # the zero line opens nothing
    }
    kovacs = tax.find_taxpayer(municipality_a, "8000000016")
    details = tax.details_on(kovacs, datetime.date(2024, 1, 1))
    assert details.name == "Kovács János" and details.delivery_channel == "portal"
    company = tax.find_taxpayer(municipality_a, "12345676-2-41")
    assert company.kind == "organisation"
    flat = Property.objects.for_municipality(municipality_a).get(parcel_number="1234/5")
    flat_details = tax.property_details_on(flat, datetime.date(2024, 1, 1))
    assert flat_details.area_m2 == Decimal("86.5")  # a decimal comma
    assert flat_details.kind == "building" and flat_details.use_category == "dwelling"
    state = tax.state_on(municipality_a, datetime.date(2024, 1, 1))
    assert sorted((o.share_numerator, o.share_denominator) for o in state.holders_of(flat)) == [
        (1, 2),
        (1, 2),
    ]
    usufruct = Ownership.objects.get(municipality=municipality_a, right=RightKind.USUFRUCT)
    assert usufruct.holder.tax_id == "8000609347"
    business = TaxObject.objects.get(municipality=municipality_a, tax_type=TaxType.BUSINESS)
    assert business.taxpayer == company and business.kind == "business_site"
    horvath = tax.find_taxpayer(municipality_a, "8000609347")
    toth = tax.find_taxpayer(municipality_a, "8000520184")
    day = datetime.date(2025, 1, 1)
    assert tax.may_act_for(toth, horvath, TaxType.LAND, day)
    assert not tax.may_act_for(toth, horvath, TaxType.COMMUNAL, day)
    # Kovács represented the company until the end of 2025 (a closed row).
    assert tax.may_act_for(kovacs, company, TaxType.BUSINESS, datetime.date(2025, 12, 30))
    assert not tax.may_act_for(kovacs, company, TaxType.BUSINESS, CUTOVER)


def test_importing_the_same_files_again_changes_nothing(municipality_a):
    import_all(municipality_a)
    before = counts(municipality_a)
    again = import_all(municipality_a)
    assert counts(municipality_a) == before
    assert all(r.created == r.changed == 0 for r in again.values())
    assert again["taxpayers"].unchanged == 5 and again["opening_balances"].unchanged == 5


def test_a_changed_row_becomes_a_dated_history_row_not_an_overwrite(municipality_a):
    import_all(municipality_a, ("taxpayers",))
    changed = (
        "adóazonosító;név;utónév;irányítószám;település;cím;kézbesítés;hatályos\n"
        "8000000016;Kovács;János;3300;Eger;Kossuth Lajos utca 9.;posta;2025.06.01.\n"
    )
    result = tax.import_registers(municipality_a, "taxpayers", changed)
    assert (result.changed, result.errors) == (1, [])
    kovacs = tax.find_taxpayer(municipality_a, "8000000016")
    old = tax.details_on(kovacs, datetime.date(2025, 5, 31))
    new = tax.details_on(kovacs, datetime.date(2025, 6, 1))
    assert old.address_line == "Dobó István tér 3." and old.valid_to == datetime.date(2025, 6, 1)
    assert new.address_line == "Kossuth Lajos utca 9." and new.delivery_channel == "post"
    # Importing the original file again does not undo the change: its row still holds
    # for its own dates.
    assert tax.import_registers(municipality_a, "taxpayers", sample("taxpayers")).changed == 0
    assert tax.details_on(kovacs, datetime.date(2026, 1, 1)) == new


def test_a_column_the_file_lacks_keeps_what_is_registered(municipality_a):
    import_all(municipality_a, ("taxpayers",))
    fewer_columns = (
        "adóazonosító;név;irányítószám;település;cím;hatályos\n"
        "8000000016;Kovács;3300;Eger;Dobó István tér 3.;2024.01.01.\n"
    )
    result = tax.import_registers(municipality_a, "taxpayers", fewer_columns)
    assert (result.unchanged, result.errors) == (1, [])
    kovacs = tax.find_taxpayer(municipality_a, "8000000016")
    assert tax.details_on(kovacs, datetime.date(2024, 1, 1)).name == "Kovács János"
    assert tax.details_on(kovacs, datetime.date(2024, 1, 1)).delivery_channel == "portal"


def test_a_changed_share_closes_the_old_one_on_the_new_date(municipality_a):
    import_all(municipality_a, ("taxpayers", "properties", "ownerships"))
    changed = "hrsz;jogosult;hányad;hatályos\n0312/7;8000000016;1/2;2025.01.01.\n"
    result = tax.import_registers(municipality_a, "ownerships", changed)
    assert (result.changed, result.errors) == (1, [])
    rows = Ownership.objects.filter(
        municipality=municipality_a, property__parcel_number="0312/7"
    ).order_by("valid_from")
    assert [(r.share_numerator, r.share_denominator, r.valid_to) for r in rows] == [
        (1, 1, datetime.date(2025, 1, 1)),
        (1, 2, None),
    ]


def test_an_earlier_closed_period_is_added_as_history_in_any_order(municipality_a):
    import_all(municipality_a, ("taxpayers", "properties", "ownerships"))
    # Tóth owns 2456/2 whole from 2021.03.15.; the file of the years before comes later.
    earlier = (
        "hrsz;jogosult;hányad;hatályos;érvényes -ig\n"
        "2456/2;8000520184;1/2;2019.01.01.;2021.03.15.\n"
    )
    for _round in range(2):
        result = tax.import_registers(municipality_a, "ownerships", earlier)
        assert result.errors == []
    assert result.unchanged == 1
    state = tax.state_on(municipality_a, datetime.date(2020, 1, 1))
    owners = [
        (o.holder.tax_id, o.share_numerator, o.share_denominator)
        for o in state.ownerships
        if o.right == RightKind.OWNER and o.property.parcel_number == "2456/2"
    ]
    assert owners == [("8000520184", 1, 2)]


def test_every_wrong_line_is_reported_by_number_in_hungarian_and_nothing_is_imported(
    municipality_a,
):
    data = (
        "adóazonosító;név;irányítószám;település;cím;hatályos\n"
        "8000000016;Kovács;3300;Eger;Dobó tér 3.;2020.01.01.\n"
        "8000000017;Hibás;3300;Eger;Fő utca 1.;2020.01.01.\n"
        "8000477122;;3300;Eger;Fő utca 2.;2020.13.01.\n"
    )
    result = tax.import_registers(municipality_a, "taxpayers", data)
    assert not result.applied
    assert [e.line for e in result.errors] == [3, 4]
    messages = [str(e) for e in result.errors]
    assert messages[0].startswith("3. sor:") and "utolsó számjegye" in messages[0]
    assert "ki kell tölteni" in messages[1] and "nem dátum" in messages[1]
    assert not Taxpayer.objects.for_municipality(municipality_a).exists()


def test_partial_imports_the_good_lines(municipality_a):
    data = (
        "adóazonosító;név;irányítószám;település;cím;hatályos\n"
        "8000000016;Kovács;3300;Eger;Dobó tér 3.;2020.01.01.\n"
        "8000000017;Hibás;3300;Eger;Fő utca 1.;2020.01.01.\n"
    )
    result = tax.import_registers(municipality_a, "taxpayers", data, partial=True)
    assert result.applied and result.created == 1 and [e.line for e in result.errors] == [3]
    assert Taxpayer.objects.for_municipality(municipality_a).count() == 1


def test_a_missing_column_or_a_non_utf8_file_is_refused_whole(municipality_a):
    with pytest.raises(tax.ImportFileError, match=r"Hiányzó oszlop.*area_m2 \(terulet\)"):
        tax.import_registers(municipality_a, "properties", "hrsz;cím\n1234;Fő utca 1.\n")
    with pytest.raises(tax.ImportFileError, match="UTF-8"):
        tax.import_registers(
            municipality_a, "taxpayers", "név;cím\nKovács;Fő tér\n".encode("cp1250")
        )


def test_an_excel_file_with_bom_semicolons_and_decimal_commas_is_read(municipality_a):
    data = (
        "\ufeffHelyrajzi szám;Cím;Terület (m²);Fajta;Hasznosítás;Hatályos\r\n"
        '812/3;"3300 Eger, Fő utca 1.";1 234,75;épület;üdülő;2020.01.01.;;\r\n'
        ";;;;;\r\n"
    ).encode()
    result = tax.import_registers(municipality_a, "properties", data)
    assert (result.created, result.errors) == (1, [])
    details = PropertyDetails.objects.get(municipality=municipality_a)
    assert details.area_m2 == Decimal("1234.75") and details.use_category == "holiday_home"
    assert details.address == "3300 Eger, Fő utca 1."


def test_separate_columns_for_tax_id_and_tax_number_are_read(municipality_a):
    data = (
        "Adóazonosító jel;Adószám;Név;Irányítószám;Település;Cím;Hatályos\n"
        "8000000016;;Kovács János;3300;Eger;Dobó tér 3.;2020.01.01.\n"
        ";12345676-2-41;Egri Borház Kft.;3300;Eger;Törvényház utca 4.;2020.01.01.\n"
    )
    result = tax.import_registers(municipality_a, "taxpayers", data)
    assert (result.created, result.errors) == (2, [])
    assert tax.find_taxpayer(municipality_a, "12345676-2-41").kind == "organisation"
    assert tax.find_taxpayer(municipality_a, "8000000016").kind == "person"


def test_an_english_comma_delimited_file_is_read(municipality_a):
    data = (
        "identifier,kind,family_name,given_names,postal_code,settlement,address_line,"
        "delivery_channel,valid_from\n"
        '8000000016,person,Kovács,János,3300,Eger,"Dobó tér 3., 2/1",portal,2020-01-01\n'
    )
    result = tax.import_registers(municipality_a, "taxpayers", data)
    assert (result.created, result.errors) == (1, [])


def test_opening_balances_are_booked_once_as_charges_and_credits_at_the_cutover(municipality_a):
    import_all(municipality_a, ("taxpayers", "opening_balances"))
    kovacs = tax.find_taxpayer(municipality_a, "8000000016")
    szabo = tax.find_taxpayer(municipality_a, "8000477122")
    company = tax.find_taxpayer(municipality_a, "12345676-2-41")
    assert tax.balance(kovacs, TaxType.BUILDING, on=CUTOVER) == 48_000
    assert tax.balance(kovacs, on=CUTOVER) == 55_350
    assert tax.balance(kovacs, on=CUTOVER - datetime.timedelta(days=1)) == 0
    assert tax.balance(szabo, TaxType.BUILDING, on=CUTOVER) == -12_000
    assert tax.available(szabo, TaxType.BUILDING, CUTOVER) == 12_000
    assert tax.balance(company, TaxType.BUSINESS, on=CUTOVER) == 1_250_000
    charge = LedgerEntry.objects.get(municipality=municipality_a, taxpayer=company)
    assert charge.kind == EntryKind.CHARGE and charge.origin == ChargeOrigin.OPENING
    assert charge.due_on == datetime.date(2025, 9, 15) and charge.period_year == 2025
    credit = LedgerEntry.objects.get(municipality=municipality_a, taxpayer=szabo)
    assert credit.kind == EntryKind.CREDIT and credit.origin == ChargeOrigin.OPENING
    # A different amount for a balance already opened is refused, not booked twice.
    data = (
        "adóazonosító;adónem;egyenleg;fordulónap;esedékesség;adóév\n"
        "12345676-2-41;iparűzési adó;1 300 000;2026.01.01.;2025.09.15.;2025\n"
    )
    result = tax.import_registers(municipality_a, "opening_balances", data)
    assert not result.applied and "már" in result.errors[0].message
    assert tax.balance(company, on=CUTOVER) == 1_250_000


def test_an_opening_balance_in_fractions_of_a_forint_or_without_due_date_is_refused(
    municipality_a,
):
    import_all(municipality_a, ("taxpayers",))
    data = (
        "adóazonosító;adónem;egyenleg;fordulónap;esedékesség\n"
        "8000000016;építményadó;1500,50;2026.01.01.;2025.09.15.\n"
        "8000000016;telekadó;2 000;2026.01.01.;\n"
        "8000000099;telekadó;2 000;2026.01.01.;2025.09.15.\n"
        "8000000016;vízdíj;2 000;2026.01.01.;2025.09.15.\n"
    )
    result = tax.import_registers(municipality_a, "opening_balances", data)
    assert [e.line for e in result.errors] == [2, 3, 4, 5]
    assert "egész forint" in result.errors[0].message
    assert "esedékesség" in result.errors[1].message
    assert "8000000099" in result.errors[2].message
    assert "vízdíj" in result.errors[3].message
    assert not LedgerEntry.objects.filter(municipality=municipality_a).exists()


def test_an_import_into_one_municipality_never_touches_another(municipality_a, municipality_b):
    import_all(municipality_b, ("taxpayers",))
    before = counts(municipality_b)
    import_all(municipality_a)
    assert counts(municipality_b) == before
    assert counts(municipality_a)["Taxpayer"] == 5
    # The registers of B do not stand in for A's: an ownership naming B's taxpayer in A is
    # refused while A has no such taxpayer.
    result = tax.import_registers(municipality_b, "ownerships", sample("ownerships"), partial=True)
    assert result.created == 0 and len(result.errors) == 6
    assert "1234/5" in result.errors[0].message


def test_the_command_imports_a_file_now_and_reports_errors_by_line(municipality_a, tmp_path):
    out, err = StringIO(), StringIO()
    path = str(SAMPLES / "taxpayers.csv")
    call_command(
        "import_tax_registers",
        municipality_a.slug,
        "taxpayers",
        path,
        "--now",
        "--no-progress",
        stdout=out,
        stderr=err,
    )
    assert "5 sor: 5 új" in out.getvalue()
    assert Taxpayer.objects.for_municipality(municipality_a).count() == 5
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "adóazonosító;név;irányítószám;település;cím;hatályos\n"
        "8000000017;Hibás;3300;Eger;Fő utca 1.;2020.01.01.\n",
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    enqueued = []

    def remember(sender, task_result, **kwargs):
        enqueued.append(task_result)

    # Without --now it is a task (the immediate backend of the tests runs it at once).
    task_enqueued.connect(remember)
    try:
        call_command(
            "import_tax_registers",
            municipality_a.slug,
            "taxpayers",
            str(bad),
            stdout=out,
            stderr=err,
        )
    finally:
        task_enqueued.disconnect(remember)
    (task,) = enqueued
    assert task.args[1] == {
        "municipality": municipality_a.slug,
        "kind": "taxpayers",
        "csv_file": str(bad),
        "partial": False,
        "no_progress": True,
        "in_worker": True,
    }
    assert "2. sor:" in err.getvalue() and "semmit" in out.getvalue()
    # Here and now, a failed import is also a non-zero exit.
    err = StringIO()
    with pytest.raises(CommandError, match="semmit"):
        call_command(
            "import_tax_registers", municipality_a.slug, "taxpayers", str(bad), "--now", stderr=err
        )
    assert "2. sor:" in err.getvalue()
    assert Taxpayer.objects.for_municipality(municipality_a).count() == 5
    with pytest.raises(CommandError, match="Hiányzó oszlop"):
        call_command("import_tax_registers", municipality_a.slug, "properties", path, "--now")
    with pytest.raises(CommandError):
        call_command("import_tax_registers", "nincs-ilyen", "taxpayers", path, "--now")


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (
            "taxpayers",
            "adóazonosító;név;irányítószám;település;cím;hatályos\n"
            f"8000000016;{'x' * 300};33000;Eger;Fő utca 1.;2020.01.01.\n"
            "8000000016;K\x00;3300;Eger;Fő utca 1.;2020.02.30.\n",
        ),
        (
            "properties",
            "hrsz;cím;terület;fajta;hasznosítás;hatályos\n"
            "1/2;Fő utca 1.;1e20;épület;lakás;2020.01.01.\n"
            "1/3;Fő utca 1.;99999999999999,5;épület;lakás;2020.01.01.\n",
        ),
        (
            "opening_balances",
            "adóazonosító;adónem;egyenleg;fordulónap;esedékesség;adóév\n"
            "8000000016;építményadó;99999999999999999999;2026.01.01.;2025.01.01.;2025\n"
            "8000000016;építményadó;-0,5;2026.01.01.;2025.01.01.;2025\n",
        ),
    ],
)
def test_hostile_cells_are_line_errors_not_crashes(municipality_a, kind, data):
    import_all(municipality_a, ("taxpayers",))
    before = counts(municipality_a)
    result = tax.import_registers(municipality_a, kind, data)
    assert not result.applied and [e.line for e in result.errors] == [2, 3]
    assert counts(municipality_a) == before


def test_a_share_beyond_the_whole_property_is_a_line_error(municipality_a):
    import_all(municipality_a, ("taxpayers", "properties", "ownerships"))
    data = "hrsz;jogosult;hányad;hatályos\n1234/5;8000520184;1/3;2024.01.01.\n"
    result = tax.import_registers(municipality_a, "ownerships", data)
    assert [e.line for e in result.errors] == [2] and "2024-01-01" in result.errors[0].message
