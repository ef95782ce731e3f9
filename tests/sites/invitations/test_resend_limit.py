"""Sending an invitation again is an e-mail to somebody outside: limited per invitation."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from .helpers import invitations_of

pytestmark = pytest.mark.django_db


def test_an_invitation_is_sent_again_at_most_the_limit_then_refused_in_hungarian(
    invite, admin_client, municipality_a, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resend_invitation": "2/h/key"}
    invite()
    invitation = invitations_of(municipality_a).get()
    path = reverse("municipal_staff:resend_invitation", args=[municipality_a.pk, invitation.pk])
    sent_before = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        responses = [admin_client.post(path) for _ in range(3)]

    assert [r.status_code for r in responses] == [302, 302, 302]
    assert len(mail.outbox) == sent_before + 2
    texts = [str(m) for m in get_messages(responses[2].wsgi_request)]
    assert any("Túl sok próbálkozás" in text for text in texts)
