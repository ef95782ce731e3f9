import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from services.documents import services
from services.documents.casetypes import case_types
from sites.constants import StaffRole

PDF = b"%PDF-1.4\n% teszt irat\n"


def pdf(name="irat.pdf", body=b"tartalom"):
    return SimpleUploadedFile(name, PDF + body, content_type="application/pdf")


@pytest.fixture
def officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a")


@pytest.fixture
def officer_a2(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a2")


@pytest.fixture
def officer_b(make_staff, municipality_b):
    return make_staff(municipality_b, StaffRole.OFFICER, username="ugyintezo_b")


def case_type(municipality, code="B-220"):
    return case_types(municipality).get(code=code)


def new_case(municipality, code="B-220", **fields):
    values = {
        "case_type": case_type(municipality, code),
        "subject": "Közterület-használat a Fő téren",
        "client_name": "Kiss Anna",
        "client_email": "kiss.anna@example.hu",
    }
    values.update(fields)
    case = services.open_case(municipality, **values)
    services.register_document(
        case,
        direction="incoming",
        subject="Kérelem",
        correspondent=values["client_name"],
        files=[pdf()],
    )
    return case


@pytest.fixture
def case_a(municipality_a):
    return new_case(municipality_a)


@pytest.fixture
def case_b(municipality_b):
    return new_case(municipality_b, subject="Titkos ügy Felsővárban", client_name="Nagy Béla")
