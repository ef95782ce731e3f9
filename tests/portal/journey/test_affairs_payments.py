"""Ügyeim (portal.affairs): the citizen's payments and what is still to be paid. Here for
the journey's fixtures: the payments come from forms submitted through the wizard."""

import pytest

from services.payments.models import Payment

from .conftest import (
    DECLINED_CARD,
    fill_all,
    pay_at_simulator,
    reference_of,
    start,
    submit,
    summary_url,
)

pytestmark = pytest.mark.django_db

PAYMENTS = "/ugyeim/befizetesek/"


def test_an_open_amount_has_a_pay_button_that_starts_the_payment(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference)
    submit(citizen_client, wizard_form, reference, pay=False)

    page = citizen_client.get(PAYMENTS).content.decode()
    pay_url = f"/beadvany/{wizard_form.municipality.slug}/{reference}/fizetes/"
    assert f'action="{pay_url}"' in page
    assert "1\u00a0000\u00a0Ft" in page  # 1 000 Ft, on one line

    response = citizen_client.post(pay_url)
    paid = pay_at_simulator(citizen_client, response["Location"])
    assert paid.status_code == 302

    page = citizen_client.get(PAYMENTS).content.decode()
    payment = Payment.objects.for_municipality(wizard_form.municipality).get()
    assert f'action="{pay_url}"' not in page  # nothing left to pay
    assert f"/fizetes/{payment.uuid}/nyugta/" in page
    assert f"/beadvany/{wizard_form.municipality.slug}/{reference}/nyugta/" in page
    assert str(payment.get_status_display()) in page


def test_the_history_is_the_citizens_own(citizen_client, other_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference)
    submit(citizen_client, wizard_form, reference)

    assert reference in citizen_client.get(PAYMENTS).content.decode()
    other = other_client.get(PAYMENTS)
    assert other.status_code == 200
    assert reference not in other.content.decode()


def test_the_payments_page_needs_a_login(client):
    response = client.get(PAYMENTS)
    assert response.status_code == 302
    assert "/fiok/" in response["Location"]


def test_a_failed_attempt_of_a_paid_fee_offers_no_pay_again(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference)
    declined = citizen_client.post(summary_url(wizard_form, reference), {"declaration": "on"})
    pay_at_simulator(citizen_client, declined["Location"], card=DECLINED_CARD)
    pay_url = f"/beadvany/{wizard_form.municipality.slug}/{reference}/fizetes/"

    before = citizen_client.get(PAYMENTS).content.decode()
    pay_at_simulator(citizen_client, citizen_client.post(pay_url)["Location"])
    after = citizen_client.get(PAYMENTS).content.decode()

    assert "Újra fizetek" in before  # the declined attempt, while the fee is open
    assert "Újra fizetek" not in after  # the same attempt once another one paid it
    assert after.count("Az űrlap nyugtája") == 2
