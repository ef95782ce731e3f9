"""The audit trail records who acted from the actor a service is given, not from a request."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from services.documents import services
from services.documents.constants import AuditAction, DeliveryStatus
from services.documents.models import AuditEvent, DeliveryAttempt
from sites.actor import Actor, Channel

from .conftest import pdf

pytestmark = pytest.mark.django_db


def test_a_service_called_without_a_request_audits_the_actor_it_is_given(case_a, officer_a):
    # given an API-like caller: an actor built without any HTTP request
    actor = Actor(user=officer_a, channel=Channel.API, ip_address="10.4.4.4")

    # when
    services.set_restricted(case_a, True, actor=actor)

    # then
    event = AuditEvent.objects.for_municipality(case_a.municipality_id).latest("pk")
    assert (event.actor_id, event.ip_address, event.channel) == (
        officer_a.pk,
        "10.4.4.4",
        Channel.API,
    )


def test_a_batch_job_audits_no_person_and_no_address(case_a):
    services.set_restricted(case_a, True, actor=Actor.system())

    event = AuditEvent.objects.for_municipality(case_a.municipality_id).latest("pk")
    assert (event.actor_id, event.ip_address, event.channel) == (None, None, Channel.BATCH)


def test_the_admin_records_its_channel(client, case_a, officer_a):
    client.force_login(officer_a)

    client.get(reverse("documents_admin:case", args=[case_a.municipality_id, case_a.pk]))

    event = AuditEvent.objects.for_municipality(case_a.municipality_id).latest("pk")
    assert (event.action, event.actor_id, event.channel) == (
        AuditAction.VIEW_CASE,
        officer_a.pk,
        Channel.ADMIN,
    )


def test_the_delivery_command_acts_as_the_platform(
    case_a, officer_a, django_capture_on_commit_callbacks
):
    # given a reply that waits for a channel (no portal mailbox in this test)
    services.assign(case_a, officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply(case_a, subject="Válasz", text="Tájékoztatjuk.", files=[pdf()])
    attempts = DeliveryAttempt.objects.for_municipality(case_a.municipality_id)
    assert attempts.filter(document=reply, status=DeliveryStatus.AWAITING_CHANNEL).exists()
    before = AuditEvent.objects.for_municipality(case_a.municipality_id).latest("pk").pk

    # when the batch job retries it
    call_command("deliver_pending_documents", stdout=io.StringIO())

    # then its delivery records name no person, and the batch channel
    retried = AuditEvent.objects.for_municipality(case_a.municipality_id).filter(
        pk__gt=before, action=AuditAction.DELIVER
    )
    assert [(e.actor_id, e.channel) for e in retried] == [(None, Channel.BATCH)]
