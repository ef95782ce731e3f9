"""A retried submission from the wizard's summary page (the same post again, with the
page's submission token) leads to the first receipt; another token or another account gets
no receipt and submits nothing again."""

import re

import pytest

from services.documents.models import Case
from services.intake import services as intake
from services.intake.models import ApplicationEvent

from .conftest import fill_all, reference_of, start, summary_url

pytestmark = pytest.mark.django_db

TOKEN_FIELD = re.compile(r'name="submission_token" value="([0-9a-f]{32})"')


def token_of(response):
    return TOKEN_FIELD.search(response.content.decode()).group(1)


def cases(municipality):
    return Case.objects.for_municipality(municipality).count()


def test_a_retried_wizard_submission_leads_to_the_first_receipt(
    citizen_client, free_wizard_form, municipality_a
):
    # given a draft submitted from its summary page
    reference = reference_of(start(citizen_client, free_wizard_form))
    fill_all(citizen_client, free_wizard_form, reference)
    url = summary_url(free_wizard_form, reference)
    token = token_of(citizen_client.get(url))
    first = citizen_client.post(url, {"declaration": "on", "submission_token": token})
    assert first.status_code == 302
    application = intake.find(municipality_a, reference)
    assert application.state == "registered"

    # when the same post arrives again
    retry = citizen_client.post(url, {"declaration": "on", "submission_token": token})

    # then it leads to the same receipt, and the registry has one case
    assert retry.status_code == 302
    assert retry["Location"] == first["Location"] == intake.page_of(application)
    assert cases(municipality_a) == 1
    assert ApplicationEvent.objects.filter(application=application, kind="retried").count() == 1


def test_another_token_or_account_gets_no_receipt_from_a_submitted_draft(
    citizen_client, other_client, free_wizard_form, municipality_a
):
    reference = reference_of(start(citizen_client, free_wizard_form))
    fill_all(citizen_client, free_wizard_form, reference)
    url = summary_url(free_wizard_form, reference)
    token = token_of(citizen_client.get(url))
    citizen_client.post(url, {"declaration": "on", "submission_token": token})

    stale = citizen_client.post(url, {"declaration": "on", "submission_token": "0" * 32})
    stranger = other_client.post(url, {"declaration": "on", "submission_token": token})

    # the draft is gone for both (as before), and nothing is submitted again
    assert stale.status_code == 404
    assert stranger.status_code == 404
    assert cases(municipality_a) == 1
