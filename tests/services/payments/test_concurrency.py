"""The same confirmation arriving twice at the same moment is applied once."""

import threading

import pytest
from django.db import connection

from services.payments import services
from services.payments.constants import Outcome, PaymentStatus
from services.payments.models import Payment, PaymentEvent
from services.payments.providers import Update

from .conftest import FEE, only_submission, submit_form

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("same_event", [True, False])
def test_simultaneous_confirmations_credit_once(client, fee_form_a, municipality_a, same_event):
    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    barrier = threading.Barrier(4)
    errors = []

    def deliver(number):
        try:
            barrier.wait()
            event_id = "simevt_same" if same_event else f"simevt_{number}"
            services.apply_update(
                Update(
                    outcome=Outcome.PAID,
                    payment_uuid=str(payment.uuid),
                    amount=FEE,
                    event_id=event_id,
                ),
                "simulated",
            )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    paid = PaymentEvent.objects.for_municipality(municipality_a).filter(to_status="paid")
    assert paid.count() == 1
    submission = only_submission(municipality_a)
    assert submission.state == "registered"
    from services.documents.models import Case

    assert (
        Case.objects.for_municipality(municipality_a).filter(submission_id=submission.pk).count()
        == 1
    )


def test_a_citizen_sees_only_their_own_payments(client, fee_form_a, municipality_a):
    from tests.factories.municipalities import UserFactory

    citizen, other = UserFactory(), UserFactory()
    client.force_login(citizen)
    submit_form(client)

    mine = list(services.payments_of_payer(citizen))
    assert [p.payer for p in mine] == [citizen]
    assert list(services.payments_of_payer(other)) == []


def test_simultaneous_refunds_never_exceed_the_payment(client, fee_form_a, municipality_a):
    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    services.apply_update(
        Update(outcome=Outcome.PAID, payment_uuid=str(payment.uuid), amount=FEE, event_id="p"),
        "simulated",
    )
    barrier = threading.Barrier(3)
    outcomes = []

    def refund_two_thirds():
        try:
            barrier.wait()
            services.refund(payment, 2000, "Egyszerre két ügyintéző")
            outcomes.append("refunded")
        except services.PaymentError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=refund_two_thirds) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    payment.refresh_from_db()
    assert sorted(outcomes) == ["refunded", "refused", "refused"]
    assert payment.refunded_amount == 2000
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED


def test_the_same_notification_delivered_at_once_is_stored_and_applied_once(
    client, fee_form_a, municipality_a
):
    import json

    from django.conf import settings as django_settings

    from services.payments.models import ProviderMessage
    from services.payments.providers import providers
    from services.payments.providers.signing import sign

    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    body = json.dumps(
        {
            "id": "simevt_twice",
            "payment": str(payment.uuid),
            "outcome": "paid",
            "amount": FEE,
            "currency": "HUF",
        }
    ).encode()
    signature = sign(body, django_settings.PAYMENT_SIMULATOR_SECRET)
    barrier = threading.Barrier(4)
    errors = []

    def deliver():
        try:
            barrier.wait()
            services.receive_notification(providers["simulated"](), body=body, signature=signature)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    (message,) = ProviderMessage.objects.for_municipality(municipality_a)
    assert (message.status, message.payment_id) == ("applied", payment.pk)
    paid = PaymentEvent.objects.for_municipality(municipality_a).filter(to_status="paid")
    assert paid.count() == 1
