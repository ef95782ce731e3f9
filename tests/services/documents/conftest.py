import pytest

from services.documents.casetypes import case_types
from sites.constants import StaffRole
from tests.factories.documents import PDF, CaseFactory, pdf  # noqa: F401  (the tests import them from here)


@pytest.fixture
def officer_a2(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a2")


def case_type(municipality, code="B-220"):
    return case_types(municipality).get(code=code)


def new_case(municipality, code="B-220", **fields):
    return CaseFactory(municipality=municipality, code=code, **fields)


@pytest.fixture
def case_a(municipality_a):
    return new_case(municipality_a)


@pytest.fixture
def case_b(municipality_b):
    return new_case(municipality_b, subject="Titkos ügy Felsővárban", client_name="Nagy Béla")
