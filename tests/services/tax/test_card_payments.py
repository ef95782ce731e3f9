"""Paying local taxes by card through the payments service (the ``tax_balance`` purpose):
exactly the open amount of the chosen charges or of a balance, booked once on the
provider's confirmation to the chosen charges first, refunds booked back, isolation."""

import datetime

import pytest
from django.utils import timezone

from services.payments import services as payments
from services.payments.constants import PaymentStatus
from services.payments.models import Payment
from services.payments.providers import Update
from services.tax import services as tax
from services.tax.constants import ChargeOrigin, EntryKind, TaxType
from services.tax.models import CardPaymentOrder, LedgerEntry
from tests.factories.tax import person
from tests.services.payments import conftest as payments_setup
from tests.services.payments.stripe_double import event

pytestmark = pytest.mark.django_db

# The payments' fixtures (the local Stripe double, Alsóvár's connected account).
stripe_api = payments_setup.stripe_api
connected_a = payments_setup.connected_a
post_webhook = payments_setup.post_webhook
stripe_event = payments_setup.stripe_event

D = datetime.date
BASE_URL = "http://alsovar.localhost"


def charge(taxpayer, amount, due_on, tax_type=TaxType.BUILDING, instalment=1):
    return tax.book_charge(
        taxpayer,
        tax_type,
        amount,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=due_on,
        booked_on=D(2025, 2, 1),
        period_year=due_on.year,
        instalment=instalment,
    )


def open_amount(taxpayer, entry):
    return tax.account_state(taxpayer).open_amount(entry)


def card_entries(taxpayer):
    return LedgerEntry.objects.filter(
        municipality=taxpayer.municipality_id, taxpayer=taxpayer, kind=EntryKind.PAYMENT
    )


def confirm(payment, event_id="evt_sim_1", amount=None):
    """The simulated bank's signed confirmation, as the webhook applies it."""
    return payments.apply_update(
        Update(
            outcome="paid",
            payment_uuid=str(payment.uuid),
            amount=payment.amount if amount is None else amount,
            currency="HUF",
            event_id=event_id,
        ),
        payment.provider,
    )


@pytest.fixture
def anna(municipality_a):
    return person(municipality_a, "Albert", "Anna")


@pytest.fixture
def debts(anna):
    older = charge(anna, 30_000, D(2025, 3, 17))
    newer = charge(anna, 30_000, D(2025, 9, 15), instalment=2)
    land = charge(anna, 8_000, D(2025, 9, 15), tax_type=TaxType.LAND, instalment=2)
    return older, newer, land


def test_an_order_for_chosen_charges_is_exactly_their_open_amount_and_names_them(anna, debts):
    older, newer, land = debts
    tax.book_payment(anna, TaxType.LAND, 3_000, paid_on=D(2025, 10, 1))

    order = tax.create_card_payment(anna, charges=[newer.pk, land.pk])

    assert order.amount == 30_000 + 5_000
    assert order.parts == [[TaxType.BUILDING, 30_000], [TaxType.LAND, 5_000]]
    assert tax.receipt_lines(order) == [
        ("Építményadó 2025, 2. részlet", 30_000),
        ("Telekadó 2025, 2. részlet", 5_000),
    ]
    assert order.description.endswith("Építményadó 2025, 2. részlet; Telekadó 2025, 2. részlet")
    assert order.reference.startswith("ADO-") and order.reference in str(order)
    assert isinstance(order.amount, int)


def test_the_whole_balance_of_one_tax_type_or_of_all_less_the_money_kept(anna, debts):
    older, newer, land = debts
    tax.book_payment(anna, TaxType.BUILDING, 10_000, paid_on=D(2025, 10, 1))

    building = tax.create_card_payment(anna, tax_type=TaxType.BUILDING)
    everything = tax.create_card_payment(anna)

    assert building.amount == 50_000 and building.parts == [[TaxType.BUILDING, 50_000]]
    assert everything.amount == 58_000
    assert dict(everything.parts) == {TaxType.BUILDING: 50_000, TaxType.LAND: 8_000}


def test_nothing_open_a_paid_charge_or_another_taxpayers_charge_is_refused(
    anna, debts, municipality_a, municipality_b
):
    older, newer, land = debts
    other = person(municipality_a, "Balogh", "Béla")
    stranger = person(municipality_b, "Albert", "Anna")
    tax.book_payment(anna, TaxType.BUILDING, 30_000, paid_on=D(2025, 10, 1))

    with pytest.raises(tax.TaxError, match="már ki van fizetve"):
        tax.create_card_payment(anna, charges=[older.pk])
    with pytest.raises(tax.TaxError, match="nem az adózó előírása"):
        tax.create_card_payment(other, charges=[newer.pk])
    with pytest.raises(tax.TaxError, match="nem az adózó előírása"):
        tax.create_card_payment(stranger, charges=[newer.pk])
    with pytest.raises(tax.TaxError, match="Nincs mit fizetni"):
        tax.create_card_payment(other)
    with pytest.raises(tax.TaxError, match="Nincs mit fizetni"):
        tax.create_card_payment(anna, tax_type=TaxType.COMMUNAL)
    assert not CardPaymentOrder.objects.for_municipality(municipality_a).exists()


def test_the_confirmation_books_the_payment_to_the_chosen_charge_first_once(anna, debts):
    older, newer, land = debts
    order = tax.create_card_payment(anna, charges=[newer.pk])
    payment, url = tax.start_card_payment(order, base_url=BASE_URL)
    assert payment.amount == 30_000 and payment.purpose == "tax_balance"
    assert payment.reference == order.reference and url

    confirm(payment)

    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert order.booked_at is not None and order.payment_uuid == str(payment.uuid)
    # The chosen (newer) charge is paid, although the older one is due first.
    assert (open_amount(anna, newer), open_amount(anna, older)) == (0, 30_000)
    (entry,) = card_entries(anna)
    assert (entry.tax_type, entry.amount, entry.reference) == (
        TaxType.BUILDING,
        30_000,
        order.reference,
    )
    assert entry.booked_on == timezone.localdate(payment.paid_at)

    # The same message again, another message saying the same, a direct call: nothing more.
    confirm(payment)
    confirm(payment, event_id="evt_sim_2")
    assert tax.book_card_payment(order, payment) == []
    payments.settle_target(payment)
    assert card_entries(anna).count() == 1
    assert tax.balance(anna) == 38_000


def test_an_order_whose_debt_changed_meanwhile_is_not_sent_to_the_bank(anna, debts):
    older, newer, land = debts
    order = tax.create_card_payment(anna, charges=[older.pk])
    tax.book_payment(anna, TaxType.BUILDING, 1_000, paid_on=D(2025, 10, 1))

    with pytest.raises(tax.TaxError, match="megváltozott"):
        tax.start_card_payment(order, base_url=BASE_URL)
    assert not Payment.objects.for_municipality(anna.municipality_id).exists()
    assert tax.still_open(order) == 29_000


def test_money_beyond_the_chosen_charges_follows_the_normal_order(anna, debts):
    older, newer, land = debts
    tax.book_payment(anna, TaxType.BUILDING, 30_000, paid_on=D(2025, 10, 1))
    later = charge(anna, 30_000, D(2026, 3, 16))
    order = tax.create_card_payment(anna, charges=[newer.pk])
    payment, _url = tax.start_card_payment(order, base_url=BASE_URL)
    # Meanwhile a bank transfer paid part of the chosen charge: the card brings more than
    # it still needs, and the rest goes where the ledger's order puts it (the next charge
    # of the same tax type), not back to the payer.
    tax.book_payment(anna, TaxType.BUILDING, 5_000, paid_on=timezone.localdate())
    assert open_amount(anna, newer) == 25_000

    confirm(payment)

    assert (open_amount(anna, older), open_amount(anna, newer)) == (0, 0)
    assert open_amount(anna, later) == 25_000
    assert tax.balance(anna, TaxType.BUILDING, on=D(2026, 12, 31)) == 25_000


def test_a_refund_of_the_card_payment_is_booked_back_once(anna, debts, officer_a):
    older, newer, land = debts
    order = tax.create_card_payment(anna, charges=[newer.pk, land.pk])
    payment, _url = tax.start_card_payment(order, base_url=BASE_URL)
    confirm(payment)
    assert tax.balance(anna) == 30_000

    payments.refund(payment, 5_000, "Téves összeg", user=officer_a)

    order.refresh_from_db()
    assert order.refunded_booked == 5_000
    assert tax.balance(anna) == 35_000
    # The refund came off the last-applied part (land); the building charge stays paid
    # from the day the card was charged.
    assert (open_amount(anna, newer), open_amount(anna, land)) == (0, 5_000)
    live = [
        e
        for e in card_entries(anna)
        if e.pk not in tax.account_state(anna).reversed and e.reference == order.reference
    ]
    assert sorted((e.tax_type, e.amount) for e in live) == [
        (TaxType.BUILDING, 30_000),
        (TaxType.LAND, 3_000),
    ]
    assert {e.booked_on for e in live} == {order.paid_on}

    payment.refresh_from_db()
    assert tax.record_card_refund(order, payment) is False  # told again: nothing more
    assert tax.balance(anna) == 35_000

    payments.refund(payment, payment.refundable, "A maradék", user=officer_a)
    assert tax.balance(anna) == 68_000
    assert open_amount(anna, newer) == 30_000


def test_an_order_belongs_to_its_payer_and_is_found_only_in_its_municipality(
    anna, debts, municipality_a, municipality_b, django_user_model
):
    from services.payments.services import purposes

    payer = django_user_model.objects.create_user("fizeto", password="x")
    somebody = django_user_model.objects.create_user("masvalaki", password="x")
    order = tax.create_card_payment(anna, payer=payer)
    handler = purposes["tax_balance"]()

    assert handler.belongs_to(order, payer) and not handler.belongs_to(order, somebody)
    assert handler.find(municipality_a, order.reference) == order
    assert handler.find(municipality_b, order.reference) is None
    assert tax.find_order(municipality_b, order.reference) is None


def test_paying_with_stripe_end_to_end_webhooks_twice_and_a_dashboard_refund(
    client,
    stripe_api,
    connected_a,
    anna,
    debts,
):
    older, newer, land = debts
    order = tax.create_card_payment(anna, tax_type=TaxType.BUILDING)
    payment, url = tax.start_card_payment(order, base_url=BASE_URL)
    assert url.startswith("https://checkout.stripe.com/")
    (request,) = stripe_api.requests
    price = request["params"]["line_items"][0]["price_data"]
    assert (price["currency"], int(price["unit_amount"])) == ("huf", 60_000 * 100)

    session = stripe_api.complete(stripe_api.only_session())
    completed = stripe_event(stripe_api, "checkout.session.completed", session)
    assert post_webhook(client, completed).status_code == 200
    assert post_webhook(client, completed).status_code == 200

    assert tax.balance(anna) == 8_000
    assert card_entries(anna).count() == 1

    stripe_api.refund_in_dashboard(session["payment_intent"], 1_000 * 100)
    charge_object = {
        "id": "ch_tax_1",
        "object": "charge",
        "payment_intent": session["payment_intent"],
        "amount": 60_000 * 100,
        "amount_refunded": 1_000 * 100,
        "currency": "huf",
    }
    refunded = event("charge.refunded", charge_object, stripe_api.account_of(session["id"]))
    post_webhook(client, refunded)
    post_webhook(client, refunded)

    payment = Payment.objects.for_municipality(anna.municipality_id).get()
    assert payment.refunded_amount == 1_000
    assert tax.balance(anna) == 9_000
