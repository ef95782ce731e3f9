import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile

from services.documents import services as registry
from services.documents.casetypes import case_types
from services.documents.constants import Direction
from sites.constants import StaffRole
from tests.browser.conftest import axe_source, browser, page  # noqa: F401  (Chromium, axe-core)
from tests.factories.municipalities import UserFactory

PDF = b"%PDF-1.4\n% teszt irat\n"


def pdf(name="irat.pdf", body=b"tartalom"):
    return SimpleUploadedFile(name, PDF + body, content_type="application/pdf")


def make_citizen(username, email=None, verified=True):
    user = UserFactory(username=username, first_name="Anna", last_name="Kiss")
    if email:
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def citizen(db):
    return make_citizen("kiss-anna", "kiss.anna@example.hu")


@pytest.fixture
def other_citizen(db):
    return make_citizen("nagy-bela", "nagy.bela@example.hu")


@pytest.fixture
def officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a")


@pytest.fixture
def officer_b(make_staff, municipality_b):
    return make_staff(municipality_b, StaffRole.OFFICER, username="ugyintezo_b")


def open_citizen_case(municipality, citizen, subject="Közterület-használat a Fő téren"):
    """A case as a portal submission opens it: the citizen is its portal account and the
    first incoming document is registered in their name (register_submission does this)."""
    case = registry.open_case(
        municipality,
        case_type=case_types(municipality).get(code="B-220"),
        subject=subject,
        client_name=citizen.get_full_name() if citizen else "Papír Ügyfél",
        client_email=citizen.email if citizen else "papir@example.hu",
        client_user=citizen,
        user=citizen,
    )
    registry.register_document(
        case,
        direction=Direction.INCOMING,
        subject="Kérelem",
        correspondent=case.client_name,
        files=[pdf("kerelem.pdf", b"a kerelem")],
        user=citizen,
    )
    return case


@pytest.fixture
def case_a(municipality_a, citizen):
    return open_citizen_case(municipality_a, citizen)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the registry's after-commit work (delivery, notices) as a real commit would."""

    def _run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return _run
