"""The officers' Befizetések: their own municipality only, filters, refunds, the report."""

import csv
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from services.payments import services
from services.payments.constants import PaymentStatus
from services.payments.models import Payment, PaymentEvent, Refund
from services.payments.views import _status_page
from sites.actor import Channel

from .conftest import FEE, HOST_A, HOST_B, only_submission, submit_form

pytestmark = pytest.mark.django_db


def paid_payment(client, municipality, host=HOST_A, **answers):
    started = submit_form(client, host=host, **answers)
    path = started.url.split("localhost", 1)[1]
    client.post(path, {"card_number": "4242424242424242", "action": "pay"}, HTTP_HOST=host)
    return Payment.objects.for_municipality(municipality).get(redirect_url=started.url)


@pytest.fixture
def payment_a(client, fee_form_a, municipality_a):
    return paid_payment(client, municipality_a)


@pytest.fixture
def payment_b(client, fee_form_b, municipality_b):
    from django.test import Client

    return paid_payment(Client(), municipality_b, host=HOST_B, kelt_helye="Felsővár")


def test_the_officer_sees_the_paid_case_and_refunds_part_of_it(client, payment_a, officer_a):
    client.force_login(officer_a)

    listing = client.get(reverse("payments_admin:index"), follow=True).content.decode()
    assert payment_a.reference in listing and "Fizetve" in listing
    detail_url = reverse("payments_admin:detail", args=[payment_a.municipality_id, payment_a.pk])
    detail = client.get(detail_url).content.decode()
    submission = only_submission(payment_a.municipality)
    assert submission.registry_number in detail
    assert (
        reverse("forms_admin:submission", args=[submission.municipality_id, submission.pk])
        in detail
    )
    response = client.post(detail_url, {"amount": "1000", "reason": "Téves díjtétel"})

    assert response.status_code == 302
    payment_a.refresh_from_db()
    assert payment_a.status == PaymentStatus.PARTIALLY_REFUNDED
    assert payment_a.refunded_amount == 1000
    refund = Refund.objects.for_municipality(payment_a.municipality).get()
    assert (refund.requested_by, refund.reason) == (officer_a, "Téves díjtétel")
    event = PaymentEvent.objects.for_municipality(payment_a.municipality).latest("pk")
    assert (event.actor, event.detail["channel"]) == (officer_a, Channel.ADMIN)
    history = client.get(detail_url).content.decode()
    assert "Téves díjtétel" in history and "Részben visszatérítve" in history


def test_the_payment_pages_name_statuses_and_the_provider_in_hungarian(
    client, payment_a, officer_a
):
    client.force_login(officer_a)
    detail_url = reverse("payments_admin:detail", args=[payment_a.municipality_id, payment_a.pk])
    listing_url = reverse("payments_admin:list", args=[payment_a.municipality_id])

    detail = client.get(detail_url).content.decode()
    listing = client.get(listing_url).content.decode()

    assert "Létrehozva → Folyamatban" in detail
    assert "created →" not in detail and "→ pending" not in detail
    assert "Szimulált VPOS" in detail and "Szimulált VPOS" in listing
    assert "simulated" not in listing


def test_the_case_shows_that_the_fee_was_paid(client, payment_a, officer_a):
    from services.documents.models import Case

    submission = only_submission(payment_a.municipality)
    case = Case.objects.for_municipality(payment_a.municipality).get(submission_id=submission.pk)
    assert (case.fee, case.fee_paid) == (FEE, FEE)
    assert case.fee_paid_at == payment_a.paid_at

    client.force_login(officer_a)
    page = client.get(reverse("documents_admin:case", args=[case.municipality_id, case.pk]))
    assert '<span class="status-tag primary">befizetve</span>' in page.content.decode()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (str(FEE + 1), "legfeljebb 3\u00a0000 Ft"),
        ("abc", "egész forintban"),
        ("0", ""),
        ("-5", ""),
        ("10.5", "egész forintban"),
    ],
)
def test_a_refund_above_the_rest_or_malformed_is_refused_in_hungarian(
    client, payment_a, officer_a, amount, message
):
    client.force_login(officer_a)
    url = reverse("payments_admin:detail", args=[payment_a.municipality_id, payment_a.pk])

    response = client.post(url, {"amount": amount, "reason": "x"})

    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    payment_a.refresh_from_db()
    assert payment_a.status == PaymentStatus.PAID and payment_a.refunded_amount == 0


def test_a_refund_without_a_reason_is_refused(client, payment_a, officer_a):
    client.force_login(officer_a)
    url = reverse("payments_admin:detail", args=[payment_a.municipality_id, payment_a.pk])

    response = client.post(url, {"amount": "100", "reason": "  "})

    assert response.status_code == 400
    assert not Refund.objects.for_municipality(payment_a.municipality).exists()


def test_officers_of_another_municipality_see_and_change_nothing(
    client, payment_a, payment_b, officer_b
):
    client.force_login(officer_b)
    a = payment_a.municipality_id

    assert client.get(reverse("payments_admin:list", args=[a])).status_code == 404
    detail = reverse("payments_admin:detail", args=[a, payment_a.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"amount": "100", "reason": "x"}).status_code == 404
    assert client.get(reverse("payments_admin:receipt", args=[a, payment_a.pk])).status_code == 404
    assert (
        client.get(reverse("payments_admin:report", args=[a]), {"day": "2026-01-01"}).status_code
        == 404
    )
    # A's payment addressed through B's municipality is not found either
    b = payment_b.municipality_id
    assert client.get(reverse("payments_admin:detail", args=[b, payment_a.pk])).status_code == 404
    own = client.get(reverse("payments_admin:list", args=[b])).content.decode()
    assert payment_b.reference in own and payment_a.reference not in own
    payment_a.refresh_from_db()
    assert payment_a.refunded_amount == 0


def test_editors_without_the_officer_role_have_no_payments(client, payment_a, editor_a):
    client.force_login(editor_a)

    refused = client.get(reverse("payments_admin:index"))
    # Wagtail answers a PermissionDenied with a message on the dashboard.
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    list_url = reverse("payments_admin:list", args=[payment_a.municipality_id])
    assert client.get(list_url).status_code == 404


def test_filters_by_status_purpose_and_period(client, fee_form_a, municipality_a, officer_a):
    paid = paid_payment(client, municipality_a)
    from django.test import Client

    other = Client()
    submit_form(other, targy="Másik")
    open_payment = Payment.objects.for_municipality(municipality_a).exclude(pk=paid.pk).get()
    client.force_login(officer_a)
    url = reverse("payments_admin:list", args=[municipality_a.pk])
    today = timezone.localdate().isoformat()

    only_paid = client.get(url, {"status": "paid"}).content.decode()
    only_pending = client.get(url, {"status": "pending", "purpose": "form_fee"}).content.decode()
    in_period = client.get(url, {"since": today, "until": today}).content.decode()
    before = client.get(url, {"since": "2020-01-01", "until": "2020-01-31"}).content.decode()
    backwards = client.get(url, {"since": today, "until": "2020-01-01"})
    other_purpose = client.get(url, {"purpose": "tax_balance"}).content.decode()

    assert paid.reference in only_paid and open_payment.reference not in only_paid
    assert open_payment.reference in only_pending and paid.reference not in only_pending
    assert paid.reference in in_period and open_payment.reference in in_period
    assert paid.reference not in before
    assert backwards.status_code == 200 and "vége utánra esik" in backwards.content.decode()
    assert paid.reference not in other_purpose


def test_the_daily_report_lists_payments_and_refunds_of_the_day(
    client, payment_a, payment_b, officer_a
):
    services.refund(payment_a, 500, '=HYPERLINK("http://x")', user=officer_a)
    client.force_login(officer_a)
    url = reverse("payments_admin:report", args=[payment_a.municipality_id])

    response = client.get(url, {"day": timezone.localdate().isoformat()})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["datum", "tetel"]
    kinds = [(row[1], row[2], row[5]) for row in rows[1:]]
    assert kinds == [
        ("befizetes", payment_a.reference, str(FEE)),
        ("visszaterites", payment_a.reference, "-500"),
    ]
    assert rows[2][-1].startswith("'=")  # a formula in a reason is shown as text
    assert payment_b.reference not in response.content.decode()


def test_the_report_without_a_day_is_an_error_next_to_the_field(client, payment_a, officer_a):
    client.force_login(officer_a)

    response = client.get(
        reverse("payments_admin:report", args=[payment_a.municipality_id]),
        {"day": "tegnap"},
        follow=True,
    )

    assert response.redirect_chain[0][1] == 302
    page = response.content.decode()
    assert 'id="report-day-error"' in page
    assert 'value="tegnap"' in page


def test_the_report_day_is_offered_as_an_iso_date_the_browser_accepts(client, payment_a, officer_a):
    client.force_login(officer_a)

    response = client.get(reverse("payments_admin:list", args=[payment_a.municipality_id]))

    today = timezone.localdate()
    assert f'type="date" name="day" value="{today.isoformat()}"' in response.content.decode()


def test_the_report_reads_a_hungarian_date_too(client, payment_a, officer_a):
    client.force_login(officer_a)
    url = reverse("payments_admin:report", args=[payment_a.municipality_id])

    response = client.get(url, {"day": timezone.localdate().strftime("%Y.%m.%d.")})

    assert response["Content-Type"].startswith("text/csv")


def test_the_officers_receipt_is_a_pdf(client, payment_a, officer_a):
    client.force_login(officer_a)

    response = client.get(
        reverse("payments_admin:receipt", args=[payment_a.municipality_id, payment_a.pk])
    )

    assert response.content.startswith(b"%PDF")


def test_the_submission_is_registered_when_paid(payment_a, municipality_a):
    assert only_submission(municipality_a).registry_number


def test_the_forms_admin_tells_the_officer_whether_the_fee_is_paid(
    client, fee_form_a, municipality_a, officer_a
):
    # given a fee form sent and not yet paid
    started = submit_form(client)
    submission = only_submission(municipality_a)
    listing = reverse("forms_admin:submissions", args=[municipality_a.pk])
    detail = reverse("forms_admin:submission", args=[municipality_a.pk, submission.pk])
    export = reverse("forms_admin:export_submissions", args=[municipality_a.pk])
    officer = type(client)()
    officer.force_login(officer_a)

    # then the list, the submission and the CSV say it waits for its fee
    for url in (listing, detail, export):
        assert "Beküldve, a díj fizetendő" in officer.get(url).content.decode(), url

    # and once it is paid, that it is registered
    path = started.url.split("localhost", 1)[1]
    client.post(path, {"card_number": "4242424242424242", "action": "pay"}, HTTP_HOST=HOST_A)
    for url in (listing, detail, export):
        page = officer.get(url).content.decode()
        assert "Iktatva" in page and "Beküldve, a díj fizetendő" not in page, url


def test_a_failed_attempt_of_a_paid_target_offers_no_pay_again(rf, payment_a):
    payments = Payment.objects.for_municipality(payment_a.municipality)
    failed = payments.get(pk=payment_a.pk)
    failed.pk, failed.uuid, failed.status = None, uuid.uuid4(), PaymentStatus.FAILED
    failed.idempotency_key = "masik-kiserlet"
    failed.save()
    failed = payments.get(pk=failed.pk)

    page = _status_page(rf.get("/"), failed).content.decode()

    assert "Nincs több fizetnivaló" in page
    assert "Újra fizetek" not in page
