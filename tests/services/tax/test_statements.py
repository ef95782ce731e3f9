"""Bank transfers from statement files: MT940 and camt.053, matching, the unmatched queue,
idempotent re-import, refused files and isolation between municipalities."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from services.tax import services as tax
from services.tax.constants import (
    ChargeOrigin,
    StatementFormat,
    StatementItemState,
    TaxpayerKind,
    TaxType,
    UnmatchedReason,
)
from services.tax.models import LedgerEntry, StatementImport, StatementItem

D = datetime.date
SAMPLES = Path(settings.BASE_DIR) / "data" / "tax" / "samples"
MT940_SAMPLE = "eger_epitmenyado_20260317.sta"
CAMT_SAMPLE = "eger_kommunalis_20260317.camt053.xml"
BUILDING_ACCOUNT = "HU65100320000000000000610018"


def sample(name):
    return (SAMPLES / name).read_bytes()


def set_up(municipality):
    """The collection accounts and taxpayers the sample statements name."""
    setup = json.loads((SAMPLES / "demo_setup.json").read_text())
    for account in setup["collection_accounts"]:
        tax.set_collection_account(
            municipality,
            account["tax_type"],
            giro=account["giro"],
            iban=account["iban"],
            holder_name=account["holder_name"],
        )
    taxpayers = {}
    for person in setup["taxpayers"]:
        taxpayers[person["identifier"]] = tax.register_taxpayer(
            municipality,
            kind=person["kind"],
            identifier=person["identifier"],
            valid_from=D(2020, 1, 1),
            family_name=person["family_name"],
            given_names=person["given_names"],
            postal_code="3300",
            settlement="Eger",
            address_line=person["address_line"],
            delivery_channel="post",
        )
    return taxpayers


@pytest.fixture
def eger(municipality_a):
    return set_up(municipality_a)


def mt940(*items, account=BUILDING_ACCOUNT, currency="HUF"):
    """A small MT940 statement; each item is (line 61 after the date, line 86)."""
    lines = [":20:TEST1", f":25:{account}", ":28C:1/1", f":60F:C260316{currency}0,00"]
    for statement_line, details in items:
        lines += [f":61:2603170317{statement_line}", f":86:{details}"]
    lines += [f":62F:C260317{currency}0,00", "-"]
    return "\n".join(lines).encode()


def by_number(record):
    return {item.number: item for item in tax.statement_items(record)}


# -- both formats, matched and booked through the ledger


def test_an_mt940_statement_books_the_matched_transfers_and_queues_the_rest(
    municipality_a, eger, officer_a
):
    kovacs, borhaz = eger["8000001012"], eger["10002010-2-41"]
    tax.book_charge(
        kovacs,
        TaxType.BUILDING,
        45000,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=D(2026, 3, 16),
        booked_on=D(2026, 2, 1),
    )
    assert tax.balance(kovacs, TaxType.BUILDING, on=D(2026, 3, 17)) == 45000

    record = tax.import_statement(
        municipality_a, sample(MT940_SAMPLE), file_name=MT940_SAMPLE, actor=_actor(officer_a)
    )

    assert (record.format, record.item_count, record.booked_count, record.queued_count) == (
        StatementFormat.MT940,
        7,
        3,
        4,
    )
    assert record.imported_by == officer_a
    assert tax.balance(kovacs, TaxType.BUILDING, on=D(2026, 3, 17)) == 0
    assert tax.balance(borhaz, TaxType.BUILDING, on=D(2026, 3, 17)) == -120000
    # the spaced identifier "8000 0010 20" found Nagy Éva
    assert tax.balance(eger["8000001020"], TaxType.BUILDING, on=D(2026, 3, 17)) == -30000
    # the payment was allocated to the charge
    state = tax.account_state(kovacs)
    assert [state.open_amount(c) for c in state.open_charges()] == []
    items = by_number(record)
    assert items[1].state == StatementItemState.BOOKED and items[1].taxpayer == kovacs
    assert items[1].payment.amount == 45000 and items[1].payment.booked_on == D(2026, 3, 17)
    assert {n: items[n].reason for n in (4, 5, 6, 7)} == {
        4: UnmatchedReason.NO_IDENTIFIER,
        5: UnmatchedReason.INVALID_IDENTIFIER,
        6: UnmatchedReason.UNKNOWN_IDENTIFIER,
        7: UnmatchedReason.DEBIT,
    }
    assert items[7].credit is False and items[7].amount == 1500
    assert list(tax.unmatched_queue(municipality_a)) == [items[n] for n in (4, 5, 6, 7)]


def test_a_camt053_statement_books_batch_entries_and_structured_references(municipality_a, eger):
    record = tax.import_statement(municipality_a, sample(CAMT_SAMPLE), file_name=CAMT_SAMPLE)

    assert (record.format, record.item_count, record.booked_count, record.queued_count) == (
        StatementFormat.CAMT053,
        4,
        3,
        1,
    )
    on = D(2026, 3, 17)
    assert tax.balance(eger["8000001039"], TaxType.COMMUNAL, on=on) == -12000
    # one entry of 24,000 with two transactions: each is its own payment
    assert tax.balance(eger["8000001047"], TaxType.COMMUNAL, on=on) == -12000
    kovacs = by_number(record)[3]
    assert kovacs.taxpayer == eger["8000001012"]  # <Strd><Ref>8000-0010-12</Ref>
    assert kovacs.value_date == D(2026, 3, 16)
    assert kovacs.payment.booked_on == D(2026, 3, 16)  # paid on the value date
    ambiguous = by_number(record)[4]
    assert (ambiguous.state, ambiguous.reason) == (
        StatementItemState.WAITING,
        UnmatchedReason.AMBIGUOUS,
    )
    assert ambiguous.payer_name == "Kovács János"


@pytest.mark.parametrize("version", ["02", "04", "13"])
def test_camt053_versions_from_02_on_are_read(municipality_a, eger, version):
    content = sample(CAMT_SAMPLE).replace(b"camt.053.001.08", f"camt.053.001.{version}".encode())
    record = tax.import_statement(municipality_a, content, file_name="x.xml")
    assert record.booked_count == 3


@pytest.mark.parametrize(
    "remark",
    [
        "ADÓAZ:8000001012",
        "adoaz. 8000 001 012 építményadó",
        "8000-0010-12 Kovács",
        "Építményadó 2026 I. félév AAJ8000001012 köszönöm",
    ],
)
def test_the_identifier_is_found_however_the_payer_wrote_it(municipality_a, eger, remark):
    record = tax.import_statement(
        municipality_a, mt940(("C5000,00NTRFNONREF//X1", remark)), file_name="a.sta"
    )
    assert by_number(record)[1].taxpayer == eger["8000001012"]


# -- the unmatched queue


def test_an_unknown_account_and_another_municipalitys_account_wait_in_the_queue(
    municipality_a, municipality_b, eger
):
    other = "10032000-00000000-00620017"
    tax.set_collection_account(municipality_b, TaxType.BUILDING, giro=other)
    record = tax.import_statement(
        municipality_a,
        mt940(("C5000,00NTRFNONREF//X1", "ADÓAZ 8000001012"), account=other),
        file_name="b.sta",
    )
    assert by_number(record)[1].reason == UnmatchedReason.OTHER_MUNICIPALITY
    record = tax.import_statement(
        municipality_a,
        mt940(("C5000,00NTRFNONREF//X1", "ADÓAZ 8000001012"), account="11773016-00000000-00005555"),
        file_name="c.sta",
    )
    assert by_number(record)[1].reason == UnmatchedReason.UNKNOWN_ACCOUNT
    assert LedgerEntry.objects.for_municipality(municipality_a).count() == 0


def test_the_officer_assigns_a_queued_transfer_and_it_is_booked(municipality_a, eger, officer_a):
    record = tax.import_statement(municipality_a, sample(MT940_SAMPLE), file_name=MT940_SAMPLE)
    waiting = by_number(record)[4]  # "Építményadó befizetés Dobó tér 5." — no identifier
    toth = eger["8000001047"]

    item = tax.assign_statement_item(
        waiting, taxpayer=toth, tax_type=TaxType.BUILDING, actor=_actor(officer_a)
    )

    assert (item.state, item.taxpayer, item.decided_by) == (
        StatementItemState.ASSIGNED,
        toth,
        officer_a,
    )
    assert item.decided_at is not None
    assert tax.balance(toth, TaxType.BUILDING, on=D(2026, 3, 17)) == -15000
    assert waiting not in tax.unmatched_queue(municipality_a)
    with pytest.raises(tax.TaxError, match="már nem vár"):
        tax.assign_statement_item(waiting, taxpayer=toth, tax_type=TaxType.BUILDING)
    # Re-importing the statement leaves the officer's booking alone.
    again = tax.import_statement(municipality_a, sample(MT940_SAMPLE), file_name=MT940_SAMPLE)
    assert again.duplicate_count == 7
    assert tax.balance(toth, TaxType.BUILDING, on=D(2026, 3, 17)) == -15000


def test_a_debit_cannot_be_assigned_but_can_be_closed_and_a_credit_returned(
    municipality_a, eger, officer_a
):
    record = tax.import_statement(municipality_a, sample(MT940_SAMPLE), file_name=MT940_SAMPLE)
    items = by_number(record)
    with pytest.raises(tax.TaxError, match="jóváírás"):
        tax.assign_statement_item(items[7], taxpayer=eger["8000001012"], tax_type=TaxType.BUILDING)
    with pytest.raises(tax.TaxError):
        tax.close_statement_item(items[7], note=" ")
    closed = tax.close_statement_item(items[7], note="Bankköltség", actor=_actor(officer_a))
    assert (closed.state, closed.note, closed.decided_by) == (
        StatementItemState.DISMISSED,
        "Bankköltség",
        officer_a,
    )
    returned = tax.return_statement_item(items[6], note="Nem egri adózó", actor=_actor(officer_a))
    assert returned.state == StatementItemState.RETURNED
    assert returned.payment is None


def test_an_officer_cannot_assign_to_another_municipalitys_taxpayer(
    municipality_a, municipality_b, eger
):
    record = tax.import_statement(municipality_a, sample(MT940_SAMPLE), file_name=MT940_SAMPLE)
    stranger = tax.register_taxpayer(
        municipality_b,
        kind=TaxpayerKind.PERSON,
        identifier="8000001055",
        valid_from=D(2020, 1, 1),
        family_name="Tóth",
        given_names="Gábor",
        postal_code="3300",
        settlement="Felsővár",
        address_line="Fő utca 1.",
        delivery_channel="post",
    )
    with pytest.raises(tax.TaxError, match="másik önkormányzat"):
        tax.assign_statement_item(
            by_number(record)[6], taxpayer=stranger, tax_type=TaxType.BUILDING
        )
    assert LedgerEntry.objects.for_municipality(municipality_b).count() == 0


# -- idempotency


def test_re_importing_a_statement_books_nothing_twice(municipality_a, eger):
    first = tax.import_statement(municipality_a, sample(CAMT_SAMPLE), file_name=CAMT_SAMPLE)
    entries = LedgerEntry.objects.for_municipality(municipality_a).count()

    second = tax.import_statement(municipality_a, sample(CAMT_SAMPLE), file_name="again.xml")

    assert (second.booked_count, second.queued_count, second.duplicate_count) == (0, 0, 4)
    assert second.sha256 == first.sha256
    assert LedgerEntry.objects.for_municipality(municipality_a).count() == entries
    assert StatementItem.objects.for_municipality(municipality_a).count() == 4
    assert StatementImport.objects.for_municipality(municipality_a).count() == 2


def test_an_overlapping_statement_books_only_its_new_items(municipality_a, eger):
    day_one = ("C5000,00NTRFNONREF//B1", "ADÓAZ 8000001012")
    day_two = ("C7000,00NTRFNONREF//B2", "ADÓAZ 8000001012")
    tax.import_statement(municipality_a, mt940(day_one), file_name="1.sta")
    record = tax.import_statement(municipality_a, mt940(day_one, day_two), file_name="2.sta")
    assert (record.booked_count, record.duplicate_count) == (1, 1)
    assert tax.balance(eger["8000001012"], TaxType.BUILDING, on=D(2026, 3, 17)) == -12000


def test_two_identical_transfers_on_the_same_day_are_both_booked(municipality_a, eger):
    same = ("C5000,00NTRFNONREF", "ADÓAZ 8000001012 építményadó")
    record = tax.import_statement(municipality_a, mt940(same, same), file_name="1.sta")
    assert record.booked_count == 2
    again = tax.import_statement(municipality_a, mt940(same, same), file_name="1.sta")
    assert (again.booked_count, again.duplicate_count) == (0, 2)
    assert tax.balance(eger["8000001012"], TaxType.BUILDING, on=D(2026, 3, 17)) == -10000


# -- refused files: a message, nothing imported


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "sem MT940"),
        (b"hello, this is not a statement", "sem MT940"),
        (b"<html><body>bank</body></html>", "camt.053"),
        (b"<?xml version='1.0'?><Document", "XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&a;</Document>',
            "XML",
        ),
        (b":20:X\n:25:HU65100320000000000000610018\n:61:2613XXC5000,00NTRF\n", "sor"),
    ],
)
def test_a_malformed_file_is_refused_with_a_message(municipality_a, eger, content, message):
    with pytest.raises(tax.StatementError, match=message):
        tax.import_statement(municipality_a, content, file_name="bad")
    assert StatementImport.objects.for_municipality(municipality_a).count() == 0


def test_a_fractional_forint_amount_refuses_the_whole_file_naming_the_item(municipality_a, eger):
    content = mt940(
        ("C5000,00NTRFNONREF//B1", "ADÓAZ 8000001012"),
        ("C5000,50NTRFNONREF//B2", "ADÓAZ 8000001020"),
    )
    with pytest.raises(tax.StatementError) as refused:
        tax.import_statement(municipality_a, content, file_name="f.sta")
    assert refused.value.errors == [
        "2. tétel (7. sor): az összeg (5000.50 HUF) fillért tartalmaz; a forintösszeg egész "
        "szám. Kérjen javított kivonatot a banktól."
    ]
    # nothing from the file was booked, the good first item neither
    assert LedgerEntry.objects.for_municipality(municipality_a).count() == 0
    assert StatementItem.objects.for_municipality(municipality_a).count() == 0


def test_a_camt053_in_another_currency_is_refused(municipality_a, eger):
    content = sample(CAMT_SAMPLE).replace(b'Ccy="HUF">12000.00', b'Ccy="EUR">12000.00', 1)
    with pytest.raises(tax.StatementError, match="1. tétel.*EUR"):
        tax.import_statement(municipality_a, content, file_name="eur.xml")


# -- isolation


def test_a_statement_of_one_municipality_never_books_to_anothers_taxpayers(
    municipality_a, municipality_b, eger
):
    # Felsővár has a taxpayer with the same identifier, and its own building tax account.
    twin = tax.register_taxpayer(
        municipality_b,
        kind=TaxpayerKind.PERSON,
        identifier="8000001012",
        valid_from=D(2020, 1, 1),
        family_name="Kovács",
        given_names="János",
        postal_code="3300",
        settlement="Felsővár",
        address_line="Fő utca 2.",
        delivery_channel="post",
    )
    tax.set_collection_account(municipality_b, TaxType.BUILDING, giro="10032000-00000000-00620017")

    tax.import_statement(municipality_a, sample(MT940_SAMPLE), file_name=MT940_SAMPLE)
    assert (
        by_number(StatementImport.objects.for_municipality(municipality_a).get())[1].taxpayer
        == (eger["8000001012"])
    )
    # Alsóvár's statement imported at Felsővár: its account is not Felsővár's.
    record = tax.import_statement(municipality_b, sample(MT940_SAMPLE), file_name=MT940_SAMPLE)

    assert record.booked_count == 0
    assert {item.reason for item in tax.statement_items(record)} == {
        UnmatchedReason.OTHER_MUNICIPALITY
    }
    assert tax.balance(twin, on=D(2026, 3, 17)) == 0
    assert LedgerEntry.objects.for_municipality(municipality_b).count() == 0
    assert tax.unmatched_queue(municipality_a).count() == 4


def _actor(user):
    from sites.actor import Actor, Channel

    return Actor(user=user, channel=Channel.ADMIN)


# -- the bulk booking of a large statement allocates as the ledger does one by one


def _entries_of(taxpayer):
    """Every entry but the charges, with what it links (the order of insertion differs)."""

    def describe(entry):
        if entry is None:
            return None
        return (entry.kind, entry.tax_type, entry.amount, entry.booked_on, entry.due_on)

    return sorted(
        (
            describe(e),
            e.counter_tax_type,
            e.signed_amount,
            describe(e.source),
            describe(e.target),
        )
        for e in LedgerEntry.objects.for_municipality(taxpayer.municipality_id)
        .filter(taxpayer=taxpayer)
        .exclude(kind="charge")
        .select_related("source", "target")
    )


@pytest.mark.parametrize(
    ("payments", "land_debt"),
    [
        # oldest due first, interest last, then the next charge; an overpayment is kept
        (
            [(TaxType.BUILDING, 12000, D(2026, 3, 17)), (TaxType.BUILDING, 30000, D(2026, 3, 20))],
            False,
        ),
        # an overpayment netted against the land tax debt: the ledger's settle does it
        ([(TaxType.BUILDING, 25000, D(2026, 3, 17))], True),
    ],
)
def test_bulk_booking_allocates_exactly_as_booking_one_by_one(municipality_a, payments, land_debt):
    from tests.factories.tax import person

    def account():
        taxpayer = person(municipality_a)
        for tax_type, amount, due_on, origin in (
            (TaxType.BUILDING, 10000, D(2026, 3, 16), ChargeOrigin.ASSESSMENT),
            (TaxType.BUILDING, 1500, D(2025, 12, 1), ChargeOrigin.INTEREST),
            (TaxType.BUILDING, 10000, D(2026, 9, 15), ChargeOrigin.ASSESSMENT),
            (TaxType.LAND, 8000, D(2026, 3, 16), ChargeOrigin.ASSESSMENT),
        )[: 4 if land_debt else 3]:
            tax.book_charge(
                taxpayer, tax_type, amount, origin=origin, due_on=due_on, booked_on=D(2026, 2, 1)
            )
        return taxpayer

    one_by_one, in_bulk = account(), account()
    for number, (tax_type, amount, paid_on) in enumerate(payments):
        tax.book_payment(
            one_by_one, tax_type, amount, paid_on=paid_on, idempotency_key=f"one-{number}"
        )
    tax.book_payments_in_bulk(
        municipality_a,
        [
            tax.BulkPayment(in_bulk.pk, tax_type, amount, paid_on, "", f"bulk-{number}")
            for number, (tax_type, amount, paid_on) in enumerate(payments)
        ],
    )

    assert _entries_of(in_bulk) == _entries_of(one_by_one)
    assert len(_entries_of(in_bulk)) > len(payments)  # something was allocated
    netted = [e for e in _entries_of(in_bulk) if e[0][0] == "transfer"]
    assert bool(netted) == land_debt
    on = D(2026, 12, 31)
    assert tax.balances(in_bulk, on=on) == tax.balances(one_by_one, on=on)
    state_bulk, state_one = tax.account_state(in_bulk), tax.account_state(one_by_one)
    assert [state_bulk.open_amount(c) for c in state_bulk.open_charges()] == [
        state_one.open_amount(c) for c in state_one.open_charges()
    ]


@pytest.mark.parametrize(
    "written",
    [
        "10032000-00000000-00610018/HUF",
        "HU65 1003 2000 0000 0000 0061 0018",
        "100320000000000000610018",
    ],
)
def test_the_statement_account_is_read_however_the_bank_writes_it(municipality_a, eger, written):
    record = tax.import_statement(
        municipality_a,
        mt940(("C5000,00NTRFNONREF//X1", "ADÓAZ 8000001012"), account=written),
        file_name="a.sta",
    )
    assert record.booked_count == 1


def test_a_reversal_and_an_item_the_bank_has_not_booked_wait_for_the_officer(municipality_a, eger):
    record = tax.import_statement(
        municipality_a,
        mt940(("RC5000,00NTRFNONREF//X9", "ADÓAZ 8000001012 visszahívás")),
        file_name="r.sta",
    )
    assert by_number(record)[1].reason == UnmatchedReason.REVERSAL
    pending = sample(CAMT_SAMPLE).replace(
        b"<Sts><Cd>BOOK</Cd></Sts>", b"<Sts><Cd>PDNG</Cd></Sts>", 1
    )
    record = tax.import_statement(municipality_a, pending, file_name="p.xml")
    assert by_number(record)[1].reason == UnmatchedReason.NOT_BOOKED
    assert record.booked_count == 2  # the batch entry's two transfers


@pytest.mark.parametrize(
    ("details", "name"),
    [
        ("KOVACS JANOS ADOAZ: 8000001012 EPITMENYADO 2026 I. FELEV", "KOVACS JANOS"),
        ("Tóth Gábor ADOAZ:8000001055 építményadó 2026", "Tóth Gábor"),
        ("Nagy Éva építményadó, adóazonosító jel 8000 0010 20", "Nagy Éva"),
        ("Egri Borház Kft. adószám 10002010-2-41 építményadó 2026/1", "Egri Borház Kft."),
        ("/ORDP/Kiss Anna/REMI/8000001012 epitmenyado", "Kiss Anna"),
        ("166?00GUTSCHRIFT?20ADOAZ 8000001012?32Szabó Péter", "Szabó Péter"),
        ("Befizető: Varga Ilona, építményadó 2026", "Varga Ilona"),
        # Names nobody: no label, nothing name-like before an identifier.
        ("Építményadó befizetés Dobó tér 5.", ""),
        ("ADÓAZ 8000001013 ÉPÍTMÉNYADÓ", ""),
        ("Számlavezetési díj 2026. február", ""),
        ("", ""),
    ],
)
def test_the_payer_name_is_read_from_an_unstructured_86_field(details, name):
    from services.tax.services.statement_mt940 import payer_name_from_details

    assert payer_name_from_details(details) == name


def test_an_mt940_import_records_the_payer_named_in_the_remark(municipality_a):
    set_up(municipality_a)
    record = tax.import_statement(municipality_a, sample(MT940_SAMPLE), file_name="a.sta")
    names = dict(
        StatementItem.objects.for_municipality(municipality_a)
        .filter(statement_import=record)
        .values_list("number", "payer_name")
    )
    assert names[1] == "KOVACS JANOS"
    assert names[6] == "Tóth Gábor"
    assert names[4] == ""  # "Építményadó befizetés Dobó tér 5." names nobody
