"""The demo: log in as the demo citizen and Ügyeim shows cases with the officer's messages."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import load_demo_accounts
from portal.affairs import demo
from portal.affairs.models import MailboxMessage
from services.documents.constants import CaseStatus
from services.documents.demo import load_demo as load_registry_demo
from sites.constants import StaffRole

pytestmark = pytest.mark.django_db


def test_the_demo_citizen_has_cases_with_a_message_and_a_request(
    client, django_capture_on_commit_callbacks, municipality_a, make_staff
):
    call_command("load_form_templates", verbosity=0)
    make_staff(municipality_a, StaffRole.OFFICER, username=demo.DEMO_OFFICER)
    load_registry_demo(municipality_a)
    load_demo_accounts([])
    citizen = get_user_model().objects.get(username=demo.DEMO_CITIZEN)

    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load_demo(municipality_a) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load_demo(municipality_a) == 0  # a second run adds nothing

    messages = MailboxMessage.objects.for_recipient(citizen)
    assert messages.count() == 2  # the letter and the request for missing information
    client.force_login(citizen)
    page = client.get(reverse("affairs:index")).content.decode()
    assert "Letört faág a játszótéren" in page and "Elhanyagolt telek a szomszédban" in page
    statuses = {message.case.status for message in messages}
    assert statuses == {CaseStatus.IN_PROGRESS, CaseStatus.WAITING}
    letter = messages.get(case__status=CaseStatus.IN_PROGRESS)
    page = client.get(reverse("affairs:message", args=[letter.pk])).content.decode()
    assert "tajekoztatas.pdf" in page
