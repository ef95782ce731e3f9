import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.demo import DEMO_CITIZENS
from portal.journey.demo import demo_definition
from tests.factories.forms import LocalFormFactory
from tests.factories.municipalities import UserFactory

PDF = b"%PDF-1.4\n% teszt\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DEV_AGENT = "/fiok/fejlesztoi-azonositas/"


def pdf(name="forgalmi.pdf", body=b"tartalom", size=None):
    content = PDF + body
    if size is not None:
        content = content + b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def wizard_definition():
    """Three steps: who, what (a repeating group and a conditional field), attachments."""
    return {
        "title": "Próba kérelem",
        "intro": "Próba",
        "office": "",
        "handling_group": "",
        "fee": {
            "kind": "computed",
            "base": 0,
            "terms": [{"per_row_of": "tetelek", "amount": 1000}],
        },
        "steps": [
            {
                "key": "adatok",
                "title": "Adatok",
                "fields": [
                    {"key": "kerelmezo_neve", "type": "text", "label": "Név", "required": True},
                    {"key": "email", "type": "email", "label": "E-mail", "required": True},
                    {
                        "key": "tipus",
                        "type": "choice",
                        "label": "Típus",
                        "required": True,
                        "options": {
                            "choices": [
                                {"value": "egyszeru", "label": "Egyszerű"},
                                {"value": "ceges", "label": "Céges"},
                            ]
                        },
                    },
                    {
                        "key": "cegnev",
                        "type": "text",
                        "label": "Cégnév",
                        "required": True,
                        "visible_when": {"field": "tipus", "equals": "ceges"},
                    },
                ],
            },
            {
                "key": "tetelek_lepes",
                "title": "Tételek",
                "fields": [
                    {
                        "key": "tetelek",
                        "type": "group",
                        "label": "Tételek",
                        "required": True,
                        "options": {"max_rows": 5},
                        "fields": [
                            {
                                "key": "megnevezes",
                                "type": "text",
                                "label": "Megnevezés",
                                "required": True,
                            },
                            {"key": "darab", "type": "integer", "label": "Darab"},
                        ],
                    },
                    {
                        "key": "ceg_adoszama",
                        "type": "tax_number",
                        "label": "A cég adószáma",
                        "required": True,
                        "visible_when": {"field": "tipus", "equals": "ceges"},
                    },
                ],
            },
            {
                "key": "mellekletek",
                "title": "Mellékletek",
                "fields": [
                    {
                        "key": "igazolas",
                        "type": "file",
                        "label": "Igazolás",
                        "required": True,
                        "options": {
                            "allowed_types": ["pdf", "png", "docx", "odt"],
                            "max_size_mb": 1,
                        },
                    },
                ],
            },
        ],
    }


def publish_local(municipality, definition):
    return LocalFormFactory(municipality=municipality, definition=definition)


@pytest.fixture
def wizard_form(municipality_a):
    return publish_local(municipality_a, wizard_definition())


@pytest.fixture
def free_wizard_form(municipality_a):
    """wizard_definition without a fee: registered at submission, no payment."""
    return publish_local(municipality_a, {**wizard_definition(), "fee": {"kind": "none"}})


@pytest.fixture
def identified_form(municipality_a):
    return publish_local(municipality_a, demo_definition())


@pytest.fixture
def citizen(db):
    return UserFactory(username="polgar", first_name="Anna", last_name="Kiss")


@pytest.fixture
def citizen_client(citizen):
    client = Client()
    client.force_login(citizen)
    return client


@pytest.fixture
def other_client(db):
    client = Client()
    client.force_login(UserFactory(username="masik_polgar"))
    return client


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def identified_client(citizen=DEMO_CITIZENS[0]):
    """A session opened through the development identity agent (counts as the KAÜ)."""
    client = Client()
    response = client.post(DEV_AGENT, {"citizen": citizen["national_agent_id"], "next": "/"})
    assert response.status_code == 302, response.content[:500]
    return client


# -- walking the wizard


def start(client, form, **post):
    response = client.post(
        f"/e-ugyintezes/{form.municipality.slug}/urlap/{form.code}/inditas/", post
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def reference_of(step_url):
    return step_url.split("/piszkozat/")[1].split("/")[0]


def step_url(form, reference, step):
    return f"/e-ugyintezes/{form.municipality.slug}/piszkozat/{reference}/lepes/{step}/"


def summary_url(form, reference):
    return f"/e-ugyintezes/{form.municipality.slug}/piszkozat/{reference}/osszesites/"


FIRST_STEP = {
    "kerelmezo_neve": "Kiss Anna",
    "email": "kiss.anna@example.hu",
    "tipus": "egyszeru",
}
SECOND_STEP = {"tetelek__0__megnevezes": "Asztal", "tetelek__0__darab": "2"}


def fill_all(client, form, reference, attachment=None):
    """The three steps of wizard_definition, answered correctly."""
    assert (
        client.post(
            step_url(form, reference, "adatok"), {**FIRST_STEP, "action": "next"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            step_url(form, reference, "tetelek_lepes"), {**SECOND_STEP, "action": "next"}
        ).status_code
        == 302
    )
    response = client.post(
        step_url(form, reference, "mellekletek"),
        {"igazolas": attachment or pdf(), "action": "next"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


SIMULATOR = "/fizetes/szimulalt-bank/"
APPROVED_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"


def pay_at_simulator(client, simulator_url, card=APPROVED_CARD):
    """Pay on the simulated bank's card page and come back to the portal; returns the
    portal's answer to the return (a redirect to the receipt or to the payment page)."""
    assert SIMULATOR in simulator_url, simulator_url
    response = client.post(simulator_url, {"card_number": card})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def submit(client, form, reference, pay=True):
    """Submit from the summary; a form with a fee (wizard_definition has one per row) is
    paid with the approving test card unless ``pay`` is False."""
    response = client.post(summary_url(form, reference), {"declaration": "on"})
    if pay and response.status_code == 302 and SIMULATOR in response["Location"]:
        return pay_at_simulator(client, response["Location"])
    return response
