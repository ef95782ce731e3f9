"""The officer's bank statement screens and late-interest runs: a statement uploaded and
booked, the same file again booking nothing, a wrong or broken file refused in Hungarian
with nothing booked, the unmatched queue's three decisions (asked before done, recorded),
and the interest run that books once."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services.tax import services as tax
from services.tax.constants import ChargeOrigin, StatementItemState, TaxType
from services.tax.models import InterestRun, LedgerEntry, StatementImport, StatementItem
from sites.constants import StaffRole

from .test_statements import CAMT_SAMPLE, MT940_SAMPLE, mt940, sample, set_up

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def tax_officer_a(make_staff, municipality_a):
    return make_staff(
        municipality_a,
        StaffRole.TAX_OFFICER,
        username="adougyintezo_a",
        first_name="Ágnes",
        last_name="Adós",
    )


@pytest.fixture
def desk(client, tax_officer_a):
    client.force_login(tax_officer_a)
    return client


@pytest.fixture
def eger(municipality_a):
    return set_up(municipality_a)


def url(name, municipality, *args):
    return reverse(f"tax_admin:{name}", args=[municipality.pk, *args])


def upload(desk, municipality, content, name):
    return desk.post(
        url("statement_upload", municipality), {"file": SimpleUploadedFile(name, content)}
    )


# -- the import


def test_an_uploaded_statement_is_booked_and_its_result_shown(
    desk, municipality_a, eger, tax_officer_a
):
    response = upload(desk, municipality_a, sample(MT940_SAMPLE), MT940_SAMPLE)

    record = StatementImport.objects.unscoped().get()
    assert response.status_code == 302
    assert response["Location"] == url("statement", municipality_a, record.pk)
    assert (record.item_count, record.booked_count, record.queued_count) == (7, 3, 4)
    assert record.imported_by == tax_officer_a
    assert LedgerEntry.objects.unscoped().filter(kind="payment").count() == 3
    page = desk.get(response["Location"]).content.decode()
    assert 'id="count-booked">3<' in page and 'id="count-queued">4 (' in page
    assert 'id="count-debits">1<' in page  # the bank's fee
    assert "Adós Ágnes" in page  # who imported it, family name first
    listing = desk.get(url("statements", municipality_a)).content.decode()
    assert MT940_SAMPLE in listing and "Adós Ágnes" in listing


def test_the_same_statement_again_books_nothing_and_says_so(desk, municipality_a, eger):
    upload(desk, municipality_a, sample(MT940_SAMPLE), MT940_SAMPLE)
    entries = LedgerEntry.objects.unscoped().count()

    response = upload(desk, municipality_a, sample(MT940_SAMPLE), "ujra.sta")

    second = StatementImport.objects.unscoped().order_by("-pk").first()
    assert (second.booked_count, second.queued_count, second.duplicate_count) == (0, 0, 7)
    assert LedgerEntry.objects.unscoped().count() == entries
    page = desk.get(response["Location"]).content.decode()
    assert "már beolvasták" in page
    assert url("statement", municipality_a, second.pk - 1) in page  # the earlier import


def test_a_camt053_statement_is_imported_and_xml_with_a_doctype_refused(desk, municipality_a, eger):
    response = upload(desk, municipality_a, sample(CAMT_SAMPLE), CAMT_SAMPLE)
    record = StatementImport.objects.unscoped().get()
    assert response.status_code == 302 and record.format == "camt053"
    assert record.booked_count == 3

    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Document>&a;</Document>'
    refused = upload(desk, municipality_a, entity, "bomba.xml")
    assert refused.status_code == 400
    assert StatementImport.objects.unscoped().count() == 1


BROKEN_MT940 = mt940(("C1000,50NTRFNONREF", "8000001012"))  # a fraction of a forint


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "ures.sta", "üres"),
        (b"%PDF-1.4 not a statement", "kivonat.pdf", "Ez nem bankszámlakivonat-fájl"),
        (b"\x00\x01\x02:20:binary", "kivonat.sta", "Ez nem bankszámlakivonat-fájl"),
        (sample(MT940_SAMPLE), "kivonat.xml", "Ez nem bankszámlakivonat-fájl"),
        (b"<?xml version='1.0'?><Document><x/></Document>", "k.xml", "camt.053"),
        (BROKEN_MT940, "tort.sta", "fillért tartalmaz"),
        (b":20:X\n:25:HU65100320000000000000610018\n:61:garbage\n-", "k.sta", "sor"),
    ],
)
def test_a_wrong_or_broken_file_is_refused_in_hungarian_and_books_nothing(
    desk, municipality_a, eger, content, name, message
):
    response = upload(desk, municipality_a, content, name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StatementImport.objects.unscoped().exists()
    assert not LedgerEntry.objects.unscoped().exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(desk, municipality_a, eger, settings):
    settings.TAX_STATEMENT_MAX_BYTES = 1024 * 1024
    response = upload(desk, municipality_a, b":20:X\n" + b" " * (1024 * 1024), "nagy.sta")
    assert response.status_code == 400
    assert "legfeljebb 1 MB" in response.content.decode()
    assert not StatementImport.objects.unscoped().exists()


def test_only_an_officer_with_the_import_permission_may_upload(
    client, make_staff, municipality_a, eger
):
    client.force_login(make_staff(municipality_a, StaffRole.OFFICER, username="masik"))
    response = upload(client, municipality_a, sample(MT940_SAMPLE), MT940_SAMPLE)
    assert response.status_code == 404  # the registry's officer does not see the tax office
    assert not StatementImport.objects.unscoped().exists()


# -- the unmatched queue


@pytest.fixture
def queued(desk, municipality_a, eger):
    upload(desk, municipality_a, sample(MT940_SAMPLE), MT940_SAMPLE)
    waiting = StatementItem.objects.unscoped().filter(state=StatementItemState.WAITING)
    return {item.remark: item for item in waiting}


def _item(queued, words):
    return next(item for remark, item in queued.items() if words in remark)


def test_the_queue_lists_the_waiting_items_with_why(desk, municipality_a, queued):
    page = desk.get(url("unmatched", municipality_a)).content.decode()
    for item in queued.values():
        assert url("statement_item", municipality_a, item.pk) in page
    assert "A közleményben nincs adóazonosító" in page
    assert "Terhelés" in page  # the bank's fee, money going out


def test_assigning_asks_first_then_books_and_records_who(
    desk, municipality_a, eger, queued, tax_officer_a
):
    item = _item(queued, "Dobó tér")
    kovacs = eger["8000001012"]
    item_url = url("statement_item", municipality_a, item.pk)
    # the officer finds the taxpayer on the item's page
    page = desk.get(item_url, {"q": "Kovács János"}).content.decode()
    assert f'value="{kovacs.pk}"' in page
    before = tax.balance(kovacs, TaxType.BUILDING)
    post = {"action": "assign", "taxpayer": kovacs.pk, "tax_type": TaxType.BUILDING}

    asked = desk.post(item_url, post)

    assert asked.status_code == 200 and 'name="confirmed" value="yes"' in asked.content.decode()
    item.refresh_from_db()
    assert item.state == StatementItemState.WAITING  # nothing done yet

    done = desk.post(item_url, {**post, "confirmed": "yes"})

    assert done.status_code == 302
    item.refresh_from_db()
    assert item.state == StatementItemState.ASSIGNED
    assert (item.taxpayer, item.decided_by) == (kovacs, tax_officer_a)
    assert tax.balance(kovacs, TaxType.BUILDING) == before - item.amount
    assert (
        url("statement_item", municipality_a, item.pk)
        not in desk.get(url("unmatched", municipality_a)).content.decode()
    )
    # deciding again is refused in words, not a 500
    again = desk.post(item_url, {**post, "confirmed": "yes"}, follow=True)
    assert "már nem vár" in again.content.decode()


def test_a_taxpayer_of_another_municipality_cannot_be_assigned(
    desk, municipality_a, municipality_b, queued
):
    stranger = set_up(municipality_b)["8000001012"]
    item = _item(queued, "Dobó tér")
    response = desk.post(
        url("statement_item", municipality_a, item.pk),
        {"action": "assign", "taxpayer": stranger.pk, "tax_type": "building", "confirmed": "yes"},
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.state == StatementItemState.WAITING


def test_return_and_close_need_a_note_ask_first_and_record_it(
    desk, municipality_a, queued, tax_officer_a
):
    credit = _item(queued, "8000001055")
    fee = next(item for item in queued.values() if not item.credit)
    credit_url = url("statement_item", municipality_a, credit.pk)

    no_note = desk.post(credit_url, {"action": "return", "return-note": " "})
    assert no_note.status_code == 400 and "Írja le" in no_note.content.decode()
    asked = desk.post(credit_url, {"action": "return", "return-note": "Nem egri adózó"})
    assert "Nem egri adózó" in asked.content.decode()
    desk.post(credit_url, {"action": "return", "return-note": "Nem egri adózó", "confirmed": "yes"})
    desk.post(
        url("statement_item", municipality_a, fee.pk),
        {"action": "close", "close-note": "Banki díj", "confirmed": "yes"},
    )

    credit.refresh_from_db()
    fee.refresh_from_db()
    assert (credit.state, credit.note, credit.decided_by) == (
        StatementItemState.RETURNED,
        "Nem egri adózó",
        tax_officer_a,
    )
    assert (fee.state, fee.note) == (StatementItemState.DISMISSED, "Banki díj")
    page = desk.get(credit_url).content.decode()
    assert "Adós Ágnes" in page and "Nem egri adózó" in page
    assert not LedgerEntry.objects.unscoped().filter(kind="payment", amount=credit.amount).exists()


def test_a_get_changes_nothing(desk, municipality_a, queued):
    item = _item(queued, "Dobó tér")
    desk.get(
        url("statement_item", municipality_a, item.pk),
        {"action": "close", "close-note": "x", "confirmed": "yes"},
    )
    item.refresh_from_db()
    assert item.state == StatementItemState.WAITING


# -- the late-interest run


@pytest.fixture
def late_charge(municipality_a):
    from tests.factories.tax import person

    debtor = person(municipality_a, "Késő", "Károly")
    tax.book_charge(
        debtor,
        TaxType.BUILDING,
        100_000,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=TODAY - datetime.timedelta(days=60),
        booked_on=TODAY - datetime.timedelta(days=90),
    )
    return debtor


def test_the_interest_run_books_once_and_a_rerun_says_nothing_is_new(
    desk, municipality_a, late_charge, tax_officer_a
):
    day = TODAY.isoformat()
    first = desk.post(url("interest_run_start", municipality_a), {"until": day})

    run = InterestRun.objects.unscoped().get()
    assert first["Location"] == url("interest_run", municipality_a, run.pk)
    assert (run.state, run.entries_booked, run.started_by) == ("done", 1, tax_officer_a)
    assert run.amount > 0
    booked = tax.balance(late_charge, TaxType.LATE_INTEREST)
    assert booked == run.amount
    page = desk.get(first["Location"]).content.decode()
    assert 'id="run-booked">1<' in page

    second = desk.post(url("interest_run_start", municipality_a), {"until": day})

    assert tax.balance(late_charge, TaxType.LATE_INTEREST) == booked
    page = desk.get(second["Location"]).content.decode()
    assert 'id="run-booked">0<' in page and "korábbi futás" in page
    listing = desk.get(url("interest_runs", municipality_a)).content.decode()
    assert listing.count(url("interest_run", municipality_a, run.pk)) == 1
    assert "Adós Ágnes" in listing


def test_an_interest_run_for_a_future_day_is_refused(desk, municipality_a, late_charge):
    later = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = desk.post(url("interest_run_start", municipality_a), {"until": later}, follow=True)
    assert "legfeljebb mára" in response.content.decode()
    assert not InterestRun.objects.unscoped().exists()
    garbage = desk.post(url("interest_run_start", municipality_a), {"until": "holnap"})
    assert garbage.status_code == 302 and not InterestRun.objects.unscoped().exists()
