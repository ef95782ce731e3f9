"""Tax certificates (adóigazolás): issued as of the day of issue from the taxpayer account
(nil when nothing is due and unpaid, else the debt per tax type), registered as an
outgoing PDF with a verification code whose digest alone is kept, delivered to the
mailbox; requested on the portal with ADO-007 (issued at once when the submitter is the
taxpayer, else queued for the officer); refused with a reason; history kept."""

import datetime

import pytest
from django.utils import timezone

from portal.affairs.models import MailboxMessage
from services.documents.constants import Direction
from services.documents.models import Case, Document, DocumentFile
from services.forms import services as forms
from services.tax import services as tax
from services.tax.constants import ChargeOrigin, TaxType
from services.tax.models import (
    CertificateEvent,
    CertificateOrigin,
    CertificateState,
    TaxCertificate,
    WrittenOnceError,
)
from services.tax.services import certificate_pdf, certificates
from sites.actor import Actor
from tests.factories.intake import submit_form
from tests.factories.tax import person, tax_id_born
from tests.services.forms.conftest import load
from tests.services.tax.test_portal_links import BORN, citizen

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def officer(officer_a, municipality_a):
    return Actor(user=officer_a, municipality=municipality_a, channel="admin")


@pytest.fixture
def anna(municipality_a):
    return person(municipality_a, "Albert", "Anna", identifier=tax_id_born(BORN, 1))


def charge(taxpayer, tax_type, amount, due_on, key):
    tax.book_charge(
        taxpayer,
        tax_type,
        amount,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=due_on,
        booked_on=min(due_on, timezone.localdate()),
        period_year=due_on.year,
        instalment=1,
        idempotency_key=key,
    )


def test_a_nil_certificate_when_nothing_is_due_and_unpaid(
    municipality_a, anna, officer, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    # A charge not yet due is no debt on the day.
    charge(anna, TaxType.BUILDING, 40_000, today + datetime.timedelta(days=30), "future")

    with django_capture_on_commit_callbacks(execute=True):
        certificate, code = tax.issue_at_desk(anna, actor=officer)

    assert certificate.state == CertificateState.ISSUED
    assert certificate.issued_on == today
    assert certificate.debt == 0 and certificate.is_nil
    assert certificate.debt_lines == []
    assert certificate.taxpayer_name == "Albert Anna"
    assert certificate.taxpayer_identifier == anna.tax_id
    assert certificate.issued_by == officer.user
    assert tax.verify(code) == certificate


def test_a_certificate_states_each_tax_types_debt_due_on_the_day(municipality_a, anna, officer):
    today = timezone.localdate()
    charge(anna, TaxType.BUILDING, 40_000, today - datetime.timedelta(days=60), "b1")
    charge(anna, TaxType.COMMUNAL, 12_000, today - datetime.timedelta(days=60), "c1")
    charge(anna, TaxType.COMMUNAL, 12_000, today + datetime.timedelta(days=10), "c2")
    tax.book_payment(anna, TaxType.BUILDING, 15_000, paid_on=today - datetime.timedelta(days=5))

    certificate, _code = tax.issue_at_desk(anna, actor=officer)

    assert certificate.debt == 25_000 + 12_000
    assert [(line["tax_type"], line["amount"]) for line in certificate.debt_lines] == [
        ("building", 25_000),
        ("communal", 12_000),
    ]
    assert certificate.debt_lines[0]["label"] == "Építményadó"
    assert not certificate.is_nil
    # A payment later does not change what was certified on the day.
    tax.book_payment(anna, TaxType.BUILDING, 25_000, paid_on=today)
    certificate.refresh_from_db()
    assert certificate.debt == 37_000


def test_the_certificate_is_a_registered_pdf_with_only_the_codes_digest_kept(
    municipality_a, anna, officer
):
    certificate, code = tax.issue_at_desk(anna, actor=officer, purpose="Hitelügyintézés")

    document = Document.objects.for_municipality(municipality_a).get(pk=certificate.document_id)
    assert document.direction == Direction.OUTGOING
    assert document.case.case_type.code == "D-410"
    assert "Albert Anna" in document.subject
    stored = DocumentFile.objects.for_municipality(municipality_a).get(document=document)
    assert stored.original_name.endswith(".pdf")
    with stored.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert b"/Subtype /Image" in content  # the QR code of the check page's address
    # 16 characters in four groups; the record keeps the digest, never the code.
    assert len(code) == 19 and code.count("-") == 3
    row = (
        TaxCertificate.objects.for_municipality(municipality_a)
        .filter(pk=certificate.pk)
        .values()[0]
    )
    assert code not in str(row) and code.replace("-", "") not in str(row)
    assert row["code_digest"] == certificate.code_digest and len(row["code_digest"]) == 64


def test_the_qr_code_encodes_the_check_pages_address_with_the_code(settings):
    settings.PORTAL_URL = "https://e-ugyintezes.example.hu"
    settings.TAX_CERTIFICATE_CHECK_URL = ""

    url = certificates.check_url("ABCD-EFGH-JKMN-PQRS")

    assert url == (
        "https://e-ugyintezes.example.hu/e-ugyintezes/adoigazolas-ellenorzes/"
        "?kod=ABCD-EFGH-JKMN-PQRS"
    )
    assert certificate_pdf.qr_data_uri(url).startswith("data:image/png;base64,")


def test_codes_are_read_as_typed_and_a_wrong_one_finds_nothing(anna, officer):
    certificate, code = tax.issue_at_desk(anna, actor=officer)
    typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")

    assert tax.verify(typed) == certificate
    assert tax.verify("") is None
    assert tax.verify(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    assert tax.verify("x" * 5000) is None
    assert tax.verify("ÁÉŐŰ-\x00-💥") is None


def test_the_desk_certificate_goes_to_the_linked_accounts_mailbox(
    municipality_a, anna, officer, django_user_model, django_capture_on_commit_callbacks
):
    user = citizen(django_user_model, "albert.anna")
    tax.link_taxpayer(anna, user, actor=officer)

    with django_capture_on_commit_callbacks(execute=True):
        certificate, _code = tax.issue_at_desk(anna, actor=officer)

    message = MailboxMessage.objects.for_recipient(user).get()
    assert message.document_id == certificate.document_id


def test_a_refusal_needs_a_reason_and_the_history_is_written_once(municipality_a, anna, officer):
    certificate = tax.request_certificate(municipality_a, taxpayer=anna, actor=officer)

    with pytest.raises(tax.TaxError, match="okát"):
        tax.refuse_certificate(certificate, reason="  ", actor=officer)
    tax.refuse_certificate(certificate, reason="Nem az adózó kérte.", actor=officer)
    with pytest.raises(tax.TaxError):
        tax.issue_certificate(certificate, actor=officer)

    events = list(tax.certificate_history(certificate))
    assert [e.state for e in events] == [CertificateState.REQUESTED, CertificateState.REFUSED]
    assert events[1].note == "Nem az adózó kérte." and events[1].by == officer.user
    with pytest.raises(WrittenOnceError):
        events[0].save()
    assert CertificateEvent.objects.for_municipality(municipality_a).count() == 2


def test_another_municipalitys_taxpayer_is_refused(municipality_a, municipality_b, officer):
    stranger = person(municipality_b, "Bíró", "Béla")
    with pytest.raises(tax.TaxError):
        tax.request_certificate(municipality_a, taxpayer=stranger, actor=officer)


# -- the portal's request (ADO-007)


def certificate_answers(identifier, **changes):
    answers = {
        "kerelmezo_tipusa": "maganszemely",
        "kerelmezo_neve": "Albert Anna",
        "kerelmezo_adoazonosito_jel": identifier,
        "kerelmezo_cime": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Dobó tér",
            "house_number": "1",
        },
        "igazolas_celja": "hitel",
        "peldanyszam": 1,
        "kezbesites": "elektronikus",
        "nyilatkozat": True,
        "kelt_helye": "Eger",
    }
    answers.update(changes)
    return answers


@pytest.fixture
def request_form(municipality_a):
    form = forms.adopt(municipality_a, load("ADO-007"))
    forms.publish(form)
    return form


def test_the_form_has_its_receiver():
    assert "ADO-007" in forms.submission_receivers


def test_the_taxpayers_own_request_is_issued_at_once_into_the_mailbox(
    municipality_a,
    anna,
    officer,
    request_form,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    user = citizen(django_user_model, "albert.anna")
    tax.link_taxpayer(anna, user, actor=officer)

    with django_capture_on_commit_callbacks(execute=True):
        submission = submit_form(request_form, certificate_answers(anna.tax_id), user=user)

    certificate = TaxCertificate.objects.for_municipality(municipality_a).get()
    assert certificate.state == CertificateState.ISSUED
    assert certificate.origin == CertificateOrigin.PORTAL
    assert certificate.taxpayer == anna and certificate.requester == user
    assert certificate.purpose == "Hitelügyintézés"
    case = Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk)
    assert certificate.case == case and certificate.document.case == case
    message = MailboxMessage.objects.for_recipient(user).get(document_id=certificate.document_id)
    assert message is not None


@pytest.mark.parametrize(
    "linked, changes, reason",
    [
        (False, {}, "nincs összekapcsolva"),
        (True, {"kezbesites": "postai"}, "kézbesítést"),
        (True, {"kerelmezo_adoazonosito_jel": tax_id_born(BORN, 5)}, "egyik adózójának sincs"),
    ],
)
def test_an_unclear_request_waits_for_the_officer_with_the_reason(
    municipality_a, anna, officer, request_form, django_user_model, linked, changes, reason
):
    user = citizen(django_user_model, "albert.anna")
    if linked:
        tax.link_taxpayer(anna, user, actor=officer)
    answers = certificate_answers(anna.tax_id)
    answers.update(changes)

    submission = submit_form(request_form, answers, user=user)

    assert submission.registry_number
    certificate = TaxCertificate.objects.for_municipality(municipality_a).get()
    assert certificate.state == CertificateState.REQUESTED
    assert reason in certificate.waiting_reason
    assert tax.deadline(certificate) == timezone.localdate() + datetime.timedelta(days=8)
    assert list(tax.certificates_of(municipality_a, state="requested")) == [certificate]
    # The officer issues it; the case of the request holds the certificate.
    if certificate.taxpayer is None:
        tax.assign_taxpayer(certificate, anna, actor=officer)
    code = tax.issue_certificate(certificate, actor=officer)
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.ISSUED
    assert certificate.case.submission_id == submission.pk
    assert tax.verify(code) == certificate


def test_the_rules_carry_their_sources():
    rules = certificates.certificate_rules()
    for key in ("as_of", "deadline_days", "validity_days", "automatic_issue"):
        assert rules[key]["status"] and rules[key]["source"]
