"""Delivery channels: honest "awaiting" until the portal mailbox registers itself."""

import pytest
from django.core.management import call_command

from services.documents import delivery, services
from services.documents.constants import DeliveryStatus
from services.documents.models import DeliveryAttempt
from sites.registry import Registry

pytestmark = pytest.mark.django_db


def attempts_of(document):
    return list(
        DeliveryAttempt.objects.for_municipality(document.municipality_id)
        .filter(document=document)
        .values_list("channel", "status")
    )


def test_without_a_mailbox_and_e_mail_the_document_waits(municipality_a, officer_a):
    from .conftest import new_case

    case = new_case(municipality_a, client_email="")
    services.assign(case, officer_a)
    document = services.register_document(case, direction="outgoing", subject="Válasz")
    delivery.deliver(document, case)
    assert attempts_of(document) == [("portal_mailbox", DeliveryStatus.AWAITING_CHANNEL)]
    assert document in delivery.pending_documents(municipality_a)


def test_a_registered_mailbox_delivers_and_the_retry_command_picks_up_waiting_ones(
    monkeypatch, municipality_a, case_a
):
    document = services.register_document(case_a, direction="outgoing", subject="Határozat")
    delivery.deliver(document, case_a)
    assert ("portal_mailbox", DeliveryStatus.AWAITING_CHANNEL) in attempts_of(document)
    delivered = []

    class PortalMailbox(delivery.DeliveryChannel):
        def accepts(self, document, case):
            return True

        def send(self, document, case):
            delivered.append(document.registry_number)

    channels = Registry("delivery channel")
    channels.register("portal_mailbox", PortalMailbox)
    channels.register("email_notice", delivery.EmailNotice)
    monkeypatch.setattr(delivery, "delivery_channels", channels)
    call_command("deliver_pending_documents")
    assert delivered == [document.registry_number]
    assert ("portal_mailbox", DeliveryStatus.DELIVERED) in attempts_of(document)
    assert document not in delivery.pending_documents(municipality_a)


def test_a_failing_channel_is_recorded_not_raised(municipality_a, case_a):
    class Broken(delivery.DeliveryChannel):
        def accepts(self, document, case):
            return True

        def send(self, document, case):
            raise ConnectionError("a postafiók nem érhető el")

    channels = Registry("delivery channel")
    channels.register("portal_mailbox", Broken)
    document = services.register_document(case_a, direction="outgoing", subject="Válasz")
    delivery.deliver(document, case_a, channels=channels)
    statuses = [s for _c, s in attempts_of(document)]
    assert DeliveryStatus.FAILED in statuses and DeliveryStatus.AWAITING_CHANNEL in statuses


def test_the_case_page_names_the_channel_in_hungarian(client, municipality_a, officer_a):
    from django.urls import reverse

    from .conftest import new_case

    # given an outgoing document waiting for the portal mailbox
    case = new_case(municipality_a, client_email="")
    services.assign(case, officer_a)
    document = services.register_document(case, direction="outgoing", subject="Válasz")
    delivery.deliver(document, case)
    # when the officer opens the case
    client.force_login(officer_a)
    html = client.get(reverse("documents_admin:case", args=[municipality_a.pk, case.pk]))
    # then the channel has its Hungarian name, not its registry code
    page = html.content.decode()
    assert "Portál tárhely" in page
    assert "portal_mailbox" not in page


@pytest.mark.parametrize(
    ("name", "label"),
    [("portal_mailbox", "Portál tárhely"), ("email_notice", "E-mail értesítés"), ("fax", "fax")],
)
def test_channel_labels(name, label):
    from django.utils import translation

    with translation.override("hu"):
        assert delivery.channel_label(name) == label
