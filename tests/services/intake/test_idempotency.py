"""A retried submission is the first one: the same post again (same submission token, same
sender, same answers) leads to the first receipt, never to a second application, case or
registry entry; a token taken from someone else's page never shows their receipt."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from portal.journey import services as journey
from services.documents.models import Case
from services.forms import services as forms
from services.intake import services as intake
from services.intake.models import Application, ApplicationEvent
from sites.actor import Actor, Channel
from tests.factories.municipalities import UserFactory
from tests.services.forms.conftest import load

from .test_channels import HOST_A, complaint

pytestmark = pytest.mark.django_db

TOKEN_FIELD = re.compile(r'name="submission_token" value="([0-9a-f]{32})"')


@pytest.fixture
def complaint_form(municipality_a):
    customisation = forms.adopt(municipality_a, load("PANASZ-001"))
    forms.publish(customisation)
    return customisation


def token_of(response):
    return TOKEN_FIELD.search(response.content.decode()).group(1)


def form_url(customisation):
    return f"/urlapok/{customisation.code}/"


def post_form(client, customisation, token, answers=None):
    return client.post(
        form_url(customisation),
        {**(answers or complaint("Kiss Anna")), "submission_token": token},
        HTTP_HOST=HOST_A,
    )


def cases(municipality):
    return Case.objects.for_municipality(municipality).count()


def test_each_rendering_of_the_form_has_its_own_token(complaint_form):
    browser = Client()
    first = token_of(browser.get(form_url(complaint_form), HTTP_HOST=HOST_A))
    second = token_of(browser.get(form_url(complaint_form), HTTP_HOST=HOST_A))

    assert first != second


def test_a_retried_site_form_post_leads_to_the_first_receipt(complaint_form, municipality_a):
    # given a citizen without an account whose first post arrived
    browser = Client()
    token = token_of(browser.get(form_url(complaint_form), HTTP_HOST=HOST_A))
    assert post_form(browser, complaint_form, token).status_code == 200
    application = Application.objects.for_municipality(municipality_a).get()

    # when the answer was lost and the browser sends the same post again, even without
    # the session cookie the first answer would have set
    retry = Client()
    response = post_form(retry, complaint_form, token)

    # then it is sent to the first receipt, which it may now open, and nothing is doubled
    assert response.status_code == 302
    assert response["Location"] == intake.page_of(application)
    assert retry.get(response["Location"], HTTP_HOST=HOST_A).status_code == 200
    assert Application.objects.for_municipality(municipality_a).count() == 1
    assert cases(municipality_a) == 1
    assert list(
        ApplicationEvent.objects.filter(application=application).values_list("kind", flat=True)
    ) == ["started", "submitted", "registered", "retried"]


def test_the_same_token_with_other_answers_is_a_new_submission(complaint_form, municipality_a):
    browser = Client()
    token = token_of(browser.get(form_url(complaint_form), HTTP_HOST=HOST_A))
    post_form(browser, complaint_form, token)

    changed = post_form(browser, complaint_form, token, complaint("Kiss Anna Mária"))

    assert changed.status_code == 200
    assert Application.objects.for_municipality(municipality_a).count() == 2
    assert cases(municipality_a) == 2


def test_someone_elses_token_never_shows_their_receipt(complaint_form, municipality_a):
    # given a citizen who submitted with their account
    owner = Client()
    owner.force_login(UserFactory())
    token = token_of(owner.get(form_url(complaint_form), HTTP_HOST=HOST_A))
    post_form(owner, complaint_form, token)
    theirs = Application.objects.for_municipality(municipality_a).get()

    # when another account, and a browser without one, post the same token and answers
    other = Client()
    other.force_login(UserFactory())
    as_other = post_form(other, complaint_form, token)
    as_anonymous = post_form(Client(), complaint_form, token)

    # then each made its own submission, and neither was led to the first one's pages
    for response in (as_other, as_anonymous):
        assert response.status_code == 200
        assert theirs.reference not in response.content.decode()
    assert Application.objects.for_municipality(municipality_a).count() == 3
    assert other.get(intake.page_of(theirs), HTTP_HOST=HOST_A).status_code == 404


def test_a_post_without_a_token_or_with_a_malformed_one_still_submits(complaint_form):
    for token in ("", "../../nyugta", "x" * 5000, "\x00"):
        response = post_form(Client(), complaint_form, token)
        assert response.status_code == 200, token
    assert Application.objects.for_municipality(complaint_form.municipality).count() == 4


def test_a_second_submit_while_the_first_runs_returns_the_first(complaint_form):
    """The two posts of a double click both find the draft; the second waits for the first
    one's lock and is answered with what the first submitted."""
    citizen = UserFactory()
    actor = Actor(user=citizen, municipality=complaint_form.municipality, channel=Channel.PORTAL)
    draft = journey.start_draft(actor, complaint_form)
    journey.save_answers(actor, draft, complaint("Kiss Anna"))
    token = intake.new_token()
    # both requests loaded the draft before either submitted it
    stale_copy = Application.objects.unscoped().get(pk=draft.pk)

    first = intake.submit(actor, draft, token=token)
    second = intake.submit(actor, stale_copy, token=token)

    assert not getattr(first, "retried", False)
    assert second.retried and second.pk == first.pk
    assert Case.objects.for_municipality(complaint_form.municipality).count() == 1
    # without the token a second submission is refused, as before
    with pytest.raises(intake.IntakeError):
        intake.submit(actor, Application.objects.unscoped().get(pk=draft.pk))


@pytest.mark.django_db(transaction=True)
def test_two_identical_posts_at_the_same_moment_make_one_application(provision):
    """Two threads submit the same form with the same token at once: the unique key lets
    one insert win; the other waits on it and answers with the winner's application."""
    municipality = provision(name="Egyszerre", slug="egyszerre", ksh_code="60110")
    complaint_form = forms.adopt(municipality, load("PANASZ-001"))
    forms.publish(complaint_form)
    token = intake.new_token()
    data = complaint("Kiss Anna")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def send():
        try:
            actor = Actor(municipality=municipality, channel=Channel.SITE_FORM)
            barrier.wait(timeout=10)
            results.append(
                intake.submit_new(
                    actor,
                    "form",
                    complaint_form,
                    municipality=municipality,
                    data=dict(data),
                    token=token,
                )
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len({application.pk for application in results}) == 1
    assert Application.objects.for_municipality(municipality).count() == 1
    assert Case.objects.for_municipality(municipality).count() == 1
    assert sum(bool(getattr(application, "retried", False)) for application in results) == 1
