import json

import pytest
from django.conf import settings

from services.forms import exchange, services
from sites.constants import StaffRole

LIBRARY = settings.BASE_DIR / "data" / "form_templates"


def load(code):
    document = json.loads((LIBRARY / f"{code}.json").read_text(encoding="utf-8"))
    return exchange.import_template(document)[0]


@pytest.fixture
def building_tax(db):
    return load("ADO-002")


@pytest.fixture
def complaint_template(db):
    return load("PANASZ-001")


@pytest.fixture
def officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a")


@pytest.fixture
def officer_b(make_staff, municipality_b):
    return make_staff(municipality_b, StaffRole.OFFICER, username="ugyintezo_b")


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
    customisation = services.adopt(municipality_a, complaint_template)
    services.publish(customisation)
    return customisation
