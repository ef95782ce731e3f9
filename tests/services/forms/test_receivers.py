"""A service acts on a registered submission of its central template, in the registering
transaction (services/forms/receivers.py)."""

import pytest

from services.forms import services
from services.forms.models import Submission
from services.forms.receivers import submission_receivers
from tests.factories.intake import submit_form

ANSWERS = {
    "bejelento_neve": "Kovács Anna",
    "bejelento_email": "anna@example.hu",
    "bejelentes_tipusa": "panasz",
    "targy": "Kátyú",
    "leiras": "A Fő utcán.",
    "nyilatkozat": "on",
    "kelt_helye": "Alsóvár",
}


@pytest.fixture
def complaint_form(municipality_a, complaint_template):
    form = services.adopt(municipality_a, complaint_template)
    services.publish(form)
    return form


def test_the_receiver_of_the_template_gets_the_registered_submission(complaint_form):
    received = []

    def receiver(submission, registry_number):
        received.append((submission.pk, str(registry_number), submission.registry_number))

    with submission_receivers.replaced("PANASZ-001", receiver):
        submission = submit_form(complaint_form, ANSWERS)

    assert received == [(submission.pk, submission.registry_number, submission.registry_number)]
    assert submission.registry_number


def test_a_receiver_that_refuses_rolls_the_registration_back(complaint_form, municipality_a):
    class Refused(Exception):
        pass

    def receiver(submission, registry_number):
        raise Refused

    with submission_receivers.replaced("PANASZ-001", receiver), pytest.raises(Refused):
        submit_form(complaint_form, ANSWERS)

    assert not Submission.objects.for_municipality(municipality_a).exists()


def test_a_template_without_a_receiver_is_only_registered(complaint_form):
    assert "PANASZ-001" not in submission_receivers
    assert submit_form(complaint_form, ANSWERS).registry_number
