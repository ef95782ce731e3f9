"""Eger's demo procedures: a licence case in progress the officer can work on, a drafted
prohibition, the zoning matrix and the three forms published; loading twice adds nothing."""

import pytest

from services.commerce import demo_procedures
from services.commerce.models import Procedure, ProcedureKind, ProcedureOutcome
from services.commerce.services.procedures import inspections_of, requests_of
from services.forms.services import live_form
from tests.factories.forms import library_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def eger(given_municipality):
    return given_municipality(name="Eger", slug="eger", ksh_code="20491")


def test_the_demo_has_a_licence_case_in_progress_and_a_drafted_prohibition(eger):
    municipality_a = eger
    for code in demo_procedures.FORMS:
        library_template(code)

    licence = demo_procedures.load_demo(municipality_a)

    assert all(live_form(municipality_a, code) for code in demo_procedures.FORMS)
    assert licence.kind == ProcedureKind.OPERATING_LICENCE
    requests = list(requests_of(licence))
    assert [r.answered_on is not None for r in requests] == [True, False]
    [inspection] = inspections_of(licence)
    assert inspection.held_on is None
    notification = Procedure.objects.for_municipality(municipality_a).get(
        kind=ProcedureKind.INDUSTRIAL_NOTIFICATION
    )
    assert notification.outcome == ProcedureOutcome.PROHIBITION_DRAFTED

    assert demo_procedures.load_demo(municipality_a) is None
    assert Procedure.objects.for_municipality(municipality_a).count() == 2
