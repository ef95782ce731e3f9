"""The portal mailbox: an officer's reply lands as a message, with a read receipt the
officer sees, an unread counter and a notice by e-mail that says nothing personal."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.affairs.constants import NotificationOutcome
from portal.affairs.models import MailboxMessage, Notification
from portal.affairs.services import set_email_notifications, unread_count
from services.documents import delivery
from services.documents import services as registry
from services.documents.constants import AuditAction, DeliveryStatus
from services.documents.models import AuditEvent, DeliveryAttempt

from .conftest import open_citizen_case, pdf

pytestmark = pytest.mark.django_db


def reply(run_on_commit, case, officer, **fields):
    if case.officer_id is None:
        run_on_commit(registry.assign, case, officer)
    values = {"subject": "Tájékoztatás", "text": "Kérelmét megkaptuk, a helyszínt megnézzük."}
    values.update(fields)
    return run_on_commit(registry.reply, case, user=officer, **values)


def message_for(document):
    return MailboxMessage.objects.for_municipality(document.municipality_id).get(document=document)


def test_a_reply_lands_in_the_mailbox_with_its_attachment(
    client, run_on_commit, case_a, citizen, officer_a
):
    mail.outbox.clear()
    document = reply(run_on_commit, case_a, officer_a, files=[pdf("valasz.pdf", b"valasz")])

    message = message_for(document)
    assert message.recipient == citizen and message.case == case_a and not message.is_read
    attempts = DeliveryAttempt.objects.for_municipality(case_a.municipality).filter(
        document=document
    )
    assert [(a.channel, a.status) for a in attempts] == [
        ("portal_mailbox", DeliveryStatus.DELIVERED)
    ]
    client.force_login(citizen)
    response = client.get(reverse("affairs:message", args=[message.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kérelmét megkaptuk, a helyszínt megnézzük." in page
    assert "valasz.pdf" in page and document.registry_number in page


def test_the_notice_names_nothing_but_the_mailbox_and_goes_to_the_verified_address(
    run_on_commit, case_a, citizen, officer_a
):
    run_on_commit(registry.assign, case_a, officer_a)
    mail.outbox.clear()
    document = reply(run_on_commit, case_a, officer_a)

    # one e-mail: the portal's notice, not the registry's own (which names the case) as well
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["kiss.anna@example.hu"]
    assert notice.subject == "Új üzenet az Ügyeimben"
    text = notice.subject + notice.body
    for personal in (
        case_a.subject,
        case_a.registry_number,
        document.registry_number,
        case_a.client_name,
        "Kiss",
        case_a.municipality.name,
        "helyszín",
    ):
        assert personal not in text
    message = message_for(document)
    assert f"http://localhost/ugyeim/postafiok/{message.pk}/" in notice.body


def test_an_unverified_address_or_notices_turned_off_send_nothing(
    run_on_commit, municipality_a, officer_a, citizen
):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=citizen).update(verified=False)
    case = open_citizen_case(municipality_a, citizen)
    mail.outbox.clear()
    reply(run_on_commit, case, officer_a)
    assert mail.outbox == []
    assert Notification.objects.for_recipient(citizen).last().outcome == (
        NotificationOutcome.NO_ADDRESS
    )

    EmailAddress.objects.filter(user=citizen).update(verified=True)
    set_email_notifications(citizen, False)
    reply(run_on_commit, case, officer_a, subject="Második válasz")
    assert mail.outbox == []
    assert Notification.objects.for_recipient(citizen).last().outcome == (
        NotificationOutcome.TURNED_OFF
    )


def test_opening_a_message_is_the_read_receipt_recorded_once(
    client, run_on_commit, case_a, citizen, officer_a
):
    document = reply(run_on_commit, case_a, officer_a)
    message = message_for(document)
    client.force_login(citizen)
    assert unread_count(citizen) == 1
    assert 'class="unread-badge">1<' in client.get(reverse("affairs:index")).content.decode()

    client.get(reverse("affairs:message", args=[message.pk]))
    message.refresh_from_db()
    first_opened = message.first_opened_at
    assert first_opened is not None
    assert unread_count(citizen) == 0
    client.get(reverse("affairs:message", args=[message.pk]))
    message.refresh_from_db()
    assert message.first_opened_at == first_opened

    receipts = AuditEvent.objects.for_municipality(case_a.municipality).filter(
        case_id=case_a.pk, action=AuditAction.DELIVER, detail__contains="visszaigazolás"
    )
    assert receipts.count() == 1
    receipt = receipts.get()
    assert receipt.document_id == document.pk and receipt.actor_id == citizen.pk


def test_the_officer_sees_the_read_receipt_only_in_their_own_municipality(
    client, run_on_commit, case_a, citizen, officer_a, officer_b
):
    document = reply(run_on_commit, case_a, officer_a)
    client.force_login(citizen)
    client.get(reverse("affairs:message", args=[message_for(document).pk]))

    client.force_login(officer_a)
    url = reverse("documents_admin:case", args=[case_a.municipality_id, case_a.pk])
    page = client.get(url).content.decode()
    assert "Portál tárhely: megnyitotta a címzett (olvasási visszaigazolás)" in page
    assert "portal_mailbox" not in page

    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    other_url = reverse("documents_admin:case", args=[officer_b_municipality(officer_b), case_a.pk])
    assert client.get(other_url).status_code == 404


def officer_b_municipality(officer):
    from services.documents.access import municipalities_for

    return municipalities_for(officer).get().pk


def test_another_citizen_never_sees_the_message(
    client, run_on_commit, case_a, officer_a, other_citizen
):
    document = reply(run_on_commit, case_a, officer_a)
    message = message_for(document)
    client.force_login(other_citizen)
    assert client.get(reverse("affairs:message", args=[message.pk])).status_code == 404
    assert document.subject not in client.get(reverse("affairs:mailbox")).content.decode()
    assert document.subject not in client.get(reverse("affairs:documents")).content.decode()
    message.refresh_from_db()
    assert not message.is_read  # the stranger's attempt is no read receipt


def test_a_paper_client_still_waits_and_gets_the_registrys_notice(
    run_on_commit, municipality_a, officer_a
):
    case = open_citizen_case(municipality_a, None)
    mail.outbox.clear()
    document = reply(run_on_commit, case, officer_a)
    statuses = set(
        DeliveryAttempt.objects.for_municipality(municipality_a)
        .filter(document=document)
        .values_list("channel", "status")
    )
    assert statuses == {
        ("email_notice", DeliveryStatus.NOTICE_SENT),
        ("portal_mailbox", DeliveryStatus.AWAITING_CHANNEL),
    }
    assert [m.to for m in mail.outbox] == [["papir@example.hu"]]
    assert not MailboxMessage.objects.for_municipality(municipality_a).exists()


def test_a_retried_delivery_makes_no_second_message(run_on_commit, case_a, officer_a):
    document = reply(run_on_commit, case_a, officer_a)
    mail.outbox.clear()
    delivery.deliver(document, case_a)
    assert MailboxMessage.objects.for_municipality(case_a.municipality).count() == 1
    assert mail.outbox == []


def test_a_mail_server_failure_loses_the_notice_not_the_message(
    monkeypatch, run_on_commit, case_a, citizen, officer_a
):
    from portal.affairs import notifications

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    document = reply(run_on_commit, case_a, officer_a)
    assert message_for(document).recipient == citizen
    assert (
        DeliveryAttempt.objects.for_municipality(case_a.municipality)
        .filter(document=document, status=DeliveryStatus.DELIVERED)
        .exists()
    )
    assert Notification.objects.for_recipient(citizen).last().outcome == (
        NotificationOutcome.FAILED
    )
