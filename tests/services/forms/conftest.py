import pytest

from tests.factories.forms import LIBRARY, AdoptedFormFactory, library_template  # noqa: F401

# The tests import these two from here.
load = library_template


@pytest.fixture
def building_tax(db):
    return load("ADO-002")


@pytest.fixture
def complaint_template(db):
    return load("PANASZ-001")


def own_field(label="Helyi kérdés", required=False, type="text", **extra):
    return {"type": type, "label": label, "required": required, **extra}


def simple_definition(*fields, fee=None):
    return {
        "title": "Próba űrlap",
        "intro": "",
        "office": "",
        "handling_group": "",
        "fee": fee or {"kind": "none"},
        "steps": [{"key": "adatok", "title": "Adatok", "fields": list(fields)}],
    }


@pytest.fixture
def published_form(municipality_a, complaint_template):
    return AdoptedFormFactory(municipality=municipality_a, template=complaint_template)
