import pytest

from tests.browser.conftest import axe_source, browser, page  # noqa: F401  (Chromium, axe-core)
from tests.factories.documents import CaseFactory, pdf
from tests.factories.staff import CitizenFactory


def make_citizen(username, email=None, verified=True):
    return CitizenFactory(username=username, email_address=email, email_address__verified=verified)


@pytest.fixture
def citizen(db):
    return make_citizen("kiss-anna", "kiss.anna@example.hu")


@pytest.fixture
def other_citizen(db):
    return make_citizen("nagy-bela", "nagy.bela@example.hu")


def open_citizen_case(municipality, citizen, subject="Közterület-használat a Fő téren"):
    """A case as a portal submission opens it: the citizen is its portal account and the
    first incoming document is registered in their name (register_submission does this)."""
    return CaseFactory(
        municipality=municipality,
        subject=subject,
        client_name=citizen.get_full_name() if citizen else "Papír Ügyfél",
        client_email=citizen.email if citizen else "papir@example.hu",
        client_user=citizen,
        user=citizen,
        request=pdf("kerelem.pdf", b"a kerelem"),
    )


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
