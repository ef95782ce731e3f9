"""The audit trail records who acted from the actor a service is given, not from a request."""

import pytest

from services.documents import services
from services.documents.models import AuditEvent
from sites.actor import Actor, Channel

pytestmark = pytest.mark.django_db


def test_a_service_called_without_a_request_audits_the_actor_it_is_given(case_a, officer_a):
    # given an API-like caller: an actor built without any HTTP request
    actor = Actor(user=officer_a, channel=Channel.API, ip_address="10.4.4.4")

    # when
    services.set_restricted(case_a, True, actor=actor)

    # then
    event = AuditEvent.objects.for_municipality(case_a.municipality_id).latest("pk")
    assert (event.actor_id, event.ip_address) == (officer_a.pk, "10.4.4.4")


def test_a_batch_job_audits_no_person_and_no_address(case_a):
    services.set_restricted(case_a, True, actor=Actor.system())

    event = AuditEvent.objects.for_municipality(case_a.municipality_id).latest("pk")
    assert (event.actor_id, event.ip_address) == (None, None)
