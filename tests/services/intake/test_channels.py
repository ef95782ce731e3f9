"""One way through: the portal's wizard and the municipality's form page submit through
the same ``intake.submit``, so they leave the same records — an application with the same
history, a registered case and a receipt of the same shape — and the same pages."""

import pytest
from django.test import Client

from portal.journey import services as journey
from services.documents import services as registry
from services.documents.models import Case
from services.forms import services as forms
from services.intake import services as intake
from services.intake.models import Application, ApplicationEvent
from sites.actor import Actor, Channel
from tests.factories.municipalities import UserFactory
from tests.services.forms.conftest import load

pytestmark = pytest.mark.django_db

HOST_A = "alsovar.localhost"


def complaint(name):
    return {
        "bejelento_neve": name,
        "bejelento_email": "panasz@example.hu",
        "bejelentes_tipusa": "panasz",
        "targy": "Kátyú",
        "leiras": "A Fő utcán kátyú van.",
        "nyilatkozat": "on",
        "kelt_helye": "Alsóvár",
    }


@pytest.fixture
def complaint_form(municipality_a):
    customisation = forms.adopt(municipality_a, load("PANASZ-001"))
    forms.publish(customisation)
    return customisation


def through_the_wizard(customisation, user):
    actor = Actor(user=user, municipality=customisation.municipality, channel=Channel.PORTAL)
    draft = journey.start_draft(actor, customisation)
    journey.save_answers(actor, draft, complaint("Kiss Anna"))
    return journey.submit_draft(actor, draft)


def through_the_site(customisation, user):
    client = Client()
    client.force_login(user)
    response = client.post(
        f"/urlapok/{customisation.code}/", complaint("Kiss Anna"), HTTP_HOST=HOST_A
    )
    assert response.status_code == 200, response.content.decode()[:500]
    return Application.objects.for_municipality(customisation.municipality).get(owner=user)


def history(application):
    return [
        (event.kind, event.state)
        for event in ApplicationEvent.objects.filter(application=application).order_by("pk")
    ]


def test_the_wizard_and_the_site_form_leave_the_same_records(complaint_form, municipality_a):
    on_portal = through_the_wizard(complaint_form, UserFactory(last_name="Kiss"))
    on_site = through_the_site(complaint_form, UserFactory(last_name="Nagy"))

    for application in (on_portal, on_site):
        assert application.state == "registered"
        assert application.registry_number
        case = Case.objects.for_municipality(municipality_a).get(
            submission_id=application.subject_id
        )
        # the case's first, incoming document carries the number the receipt shows
        assert registry.documents_of(case).get().registry_number == application.registry_number
        assert case.client_user_id == application.owner_id
    # the same life, told by the same events (the wizard also saved its draft on the way);
    # only the channel differs
    assert history(on_site) == [
        ("started", "draft"),
        ("submitted", "submitted"),
        ("registered", "registered"),
    ]
    assert history(on_portal) == [
        ("started", "draft"),
        ("saved", "draft"),
        ("submitted", "submitted"),
        ("registered", "registered"),
    ]
    assert {e.channel for e in on_portal.events.all()} == {"portal"}
    assert {e.channel for e in on_site.events.all()} == {"site_form"}
    # a receipt of the same shape, with the same answers
    assert on_portal.receipt.keys() == on_site.receipt.keys()
    assert on_portal.receipt["answers"] == on_site.receipt["answers"]
    assert on_portal.receipt["form"] == on_site.receipt["form"]
    assert on_portal.receipt_sha256 != on_site.receipt_sha256  # other reference, other time


def test_both_channels_lead_to_the_same_receipt_page(complaint_form):
    citizen = UserFactory()
    client = Client()
    client.force_login(citizen)
    on_portal = through_the_wizard(complaint_form, citizen)
    url = intake.page_of(on_portal)

    thanks = client.post(
        f"/urlapok/{complaint_form.code}/", complaint("Kiss Anna"), HTTP_HOST=HOST_A
    ).content.decode()
    on_site = intake.receipts_of(citizen).exclude(pk=on_portal.pk).get()

    assert url == f"/beadvany/{complaint_form.municipality.slug}/{on_portal.reference}/nyugta/"
    assert intake.page_of(on_site) in thanks
    for application in (on_portal, on_site):
        page = client.get(intake.page_of(application)).content.decode()
        assert application.registry_number in page
        assert application.receipt_sha256 in page


def test_an_anonymous_site_submission_is_seen_only_by_the_browser_that_sent_it(complaint_form):
    browser, stranger = Client(), Client()
    browser.post(f"/urlapok/{complaint_form.code}/", complaint("Kiss Anna"), HTTP_HOST=HOST_A)
    application = Application.objects.for_municipality(complaint_form.municipality).get()
    url = intake.page_of(application)

    assert application.owner_id is None
    assert browser.get(url, HTTP_HOST=HOST_A).status_code == 200
    assert stranger.get(url, HTTP_HOST=HOST_A).status_code == 404
    assert stranger.get(url).status_code == 404  # nor on the portal
