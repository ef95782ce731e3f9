"""Overpayment requests (credit to another tax type, transfer to another authority, refund):
recorded as made, the preconditions named when they fail, approval booking through the
ledger, refusal with a reason, every state change on record; and the record of who opened
whose taxpayer card, which the site admin sees."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from services.tax import services as tax
from services.tax.constants import ChargeOrigin, EntryKind, TaxType
from services.tax.models import (
    CardAccess,
    LedgerEntry,
    OverpaymentRequest,
    RequestEvent,
    RequestState,
    WrittenOnceError,
)
from sites.actor import Actor
from sites.constants import StaffRole
from tests.factories.tax import giro, person

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def tax_officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.TAX_OFFICER, username="adougyintezo_a")


@pytest.fixture
def desk(client, tax_officer_a):
    client.force_login(tax_officer_a)
    return client


@pytest.fixture
def overpaid(municipality_a):
    """Kiss Anna paid 30 000 Ft on building tax and owes nothing: an overpayment."""
    anna = person(municipality_a, "Kiss", "Anna")
    tax.book_payment(anna, TaxType.BUILDING, 30_000, paid_on=YESTERDAY)
    return anna


def _record(taxpayer, officer=None, **fields):
    values = dict(
        kind="refund",
        from_tax_type=TaxType.BUILDING,
        amount=20_000,
        received_on=TODAY,
        bank_account=giro(serial=7),
        returns_filed=True,
        no_debt_elsewhere=True,
        actor=Actor(user=officer) if officer else None,
    )
    values.update(fields)
    return tax.record_request(taxpayer, **values)


def _url(name, municipality, *args):
    return reverse(f"tax_admin:{name}", args=[municipality.pk, *args])


def test_a_refund_is_approved_and_booked_on_the_ledger(overpaid, tax_officer_a):
    request = _record(overpaid, tax_officer_a)

    approved = tax.approve_request(request, actor=Actor(user=tax_officer_a))

    assert approved.state == RequestState.BOOKED
    refund = LedgerEntry.objects.unscoped().get(pk=approved.ledger_entry_id)
    assert (refund.kind, refund.amount, refund.tax_type) == (
        EntryKind.REFUND,
        20_000,
        TaxType.BUILDING,
    )
    assert refund.reference.startswith(request.reference)
    assert tax.available(overpaid, TaxType.BUILDING, TODAY) == 10_000
    history = list(
        RequestEvent.objects.unscoped().filter(request=request).values_list("state", "by")
    )
    assert history == [
        (RequestState.RECORDED, tax_officer_a.pk),
        (RequestState.APPROVED, tax_officer_a.pk),
        (RequestState.BOOKED, tax_officer_a.pk),
    ]


def test_a_credit_moves_the_overpayment_to_the_other_tax_type(overpaid):
    request = _record(overpaid, kind="credit", to_tax_type=TaxType.LAND, amount=5_000)

    tax.approve_request(request)

    assert tax.available(overpaid, TaxType.BUILDING, TODAY) == 25_000
    assert tax.available(overpaid, TaxType.LAND, TODAY) == 5_000


def test_a_transfer_to_another_authority_leaves_the_municipality(overpaid):
    request = _record(overpaid, kind="transfer", authority="NAV", amount=30_000)

    tax.approve_request(request)

    assert tax.balance(overpaid, TaxType.BUILDING) == 0
    request.refresh_from_db()
    assert request.authority == "NAV"
    assert request.bank_account == giro(serial=7)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"amount": 40_000}, "Rendelkezésre álló túlfizetés"),
        ({"returns_filed": False}, "Minden bevallás és bejelentés benyújtva"),
        ({"no_debt_elsewhere": False}, "más hatóságnál nincs köztartozása"),
    ],
)
def test_approval_names_the_failed_precondition_and_books_nothing(overpaid, change, named):
    request = _record(overpaid, **change)
    entries = LedgerEntry.objects.unscoped().count()

    with pytest.raises(tax.TaxError, match=named):
        tax.approve_request(request)

    request.refresh_from_db()
    assert request.state == RequestState.RECORDED
    assert LedgerEntry.objects.unscoped().count() == entries
    assert list(
        RequestEvent.objects.unscoped().filter(request=request).values_list("state", flat=True)
    ) == [RequestState.RECORDED]


def test_a_debt_at_the_municipality_blocks_the_approval(overpaid):
    # given a charge of another tax type already due, beyond what netting covers
    tax.book_charge(
        overpaid,
        TaxType.COMMUNAL,
        50_000,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=YESTERDAY,
        booked_on=YESTERDAY,
    )
    request = _record(overpaid, amount=1_000)

    with pytest.raises(tax.TaxError, match="Nincs adótartozás az önkormányzatnál"):
        tax.approve_request(request)


def test_a_refusal_needs_a_reason_and_is_final(overpaid, tax_officer_a):
    request = _record(overpaid)
    with pytest.raises(tax.TaxError):
        tax.refuse_request(request, reason="  ")

    tax.refuse_request(request, reason="Köztartozás a NAV-nál", actor=Actor(user=tax_officer_a))

    request.refresh_from_db()
    assert (request.state, request.refusal_reason) == (
        RequestState.REFUSED,
        "Köztartozás a NAV-nál",
    )
    with pytest.raises(tax.TaxError):
        tax.approve_request(request)
    assert not LedgerEntry.objects.unscoped().filter(kind=EntryKind.REFUND).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"bank_account": "11773016-11111111-1"}, ""),
        ({"bank_account": ""}, "bankszámlát"),
        ({"kind": "credit", "to_tax_type": TaxType.BUILDING}, "másik adónem"),
        ({"kind": "transfer", "authority": ""}, "hatóság"),
    ],
)
def test_what_cannot_be_a_request_is_refused_when_recorded(overpaid, fields, message):
    with pytest.raises(tax.TaxError, match=message):
        _record(overpaid, **fields)
    assert not OverpaymentRequest.objects.unscoped().exists()


def test_request_history_is_written_once(overpaid):
    request = _record(overpaid)
    event = RequestEvent.objects.unscoped().get(request=request)
    with pytest.raises(WrittenOnceError):
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM tax_requestevent WHERE id = %s", [event.pk])
    assert RequestEvent.objects.unscoped().filter(pk=event.pk).exists()


# -- the screens


def test_the_officer_records_a_request_from_the_card_and_approves_it(desk, overpaid):
    municipality = overpaid.municipality
    card = desk.get(_url("taxpayer", municipality, overpaid.pk)).content.decode()
    assert _url("request_create", municipality, overpaid.pk) in card

    response = desk.post(
        _url("request_create", municipality, overpaid.pk),
        {
            "kind": "refund",
            "from_tax_type": TaxType.BUILDING,
            "amount": "12000",
            "bank_account": giro(serial=9),
            "received_on": TODAY.isoformat(),
            "returns_filed": "on",
            "no_debt_elsewhere": "on",
        },
    )
    request = OverpaymentRequest.objects.unscoped().get()
    assert response.status_code == 302
    assert response.url == _url("request", municipality, request.pk)

    desk.post(_url("request", municipality, request.pk), {"action": "approve"})

    request.refresh_from_db()
    assert request.state == RequestState.BOOKED
    page = desk.get(_url("requests", municipality), {"state": "booked"}).content.decode()
    assert request.reference in page


def test_a_bad_account_number_is_shown_in_hungarian_and_the_form_is_kept(desk, overpaid):
    response = desk.post(
        _url("request_create", overpaid.municipality, overpaid.pk),
        {
            "kind": "refund",
            "from_tax_type": TaxType.BUILDING,
            "amount": "12000",
            "bank_account": "11773016-11111111-1",
            "received_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="12000"' in page
    assert "error-message" in page
    assert not OverpaymentRequest.objects.unscoped().exists()


def test_the_approval_screen_names_the_failed_precondition(desk, overpaid):
    request = _record(overpaid, returns_filed=False)
    response = desk.post(
        _url("request", overpaid.municipality, request.pk), {"action": "approve"}, follow=True
    )
    assert "bevallás" in response.content.decode().lower()
    request.refresh_from_db()
    assert request.state == RequestState.RECORDED


# -- tax secrecy: who opened whose card


def test_opening_a_card_is_recorded_and_the_tax_office_sees_it(
    desk, overpaid, tax_officer_a, make_staff
):
    municipality = overpaid.municipality
    desk.get(_url("taxpayer", municipality, overpaid.pk))
    desk.get(_url("taxpayer", municipality, overpaid.pk))

    accesses = CardAccess.objects.unscoped().filter(taxpayer=overpaid)
    assert accesses.count() == 2
    assert {a.user_id_kept for a in accesses} == {tax_officer_a.pk}

    page = desk.get(_url("card_accesses", municipality)).content.decode()
    assert "Kiss Anna" in page
    assert tax_officer_a.get_username() in page or tax_officer_a.get_full_name() in page
    # The record names taxpayers: a tax secret, so the site admin (a website role) sees
    # neither it nor the card.
    site_admin = make_staff(municipality, StaffRole.SITE_ADMIN, username="webmester_a")
    client = Client()
    client.force_login(site_admin)
    assert client.get(_url("card_accesses", municipality)).status_code == 404
    assert client.get(_url("taxpayer", municipality, overpaid.pk)).status_code == 404


def test_the_access_record_is_written_once(desk, overpaid):
    desk.get(_url("taxpayer", overpaid.municipality, overpaid.pk))
    access = CardAccess.objects.unscoped().get()
    with pytest.raises(WrittenOnceError):
        access.delete()
