"""The demo serves Eger's four trade notification forms on their latest versions, once."""

import pytest

from services.commerce import demo_notifications
from services.forms import services as forms
from tests.services.forms.conftest import load

pytestmark = pytest.mark.django_db


def test_the_four_notification_forms_are_published_once(given_municipality):
    eger = given_municipality(name="Eger", slug="eger", ksh_code="20491", postal_code="3300")
    templates = {code: load(code) for code in demo_notifications.FORMS}

    assert demo_notifications.load_demo(eger) == 4
    assert demo_notifications.load_demo(eger) == 0

    for code, template in templates.items():
        form = forms.live_form(eger, code)
        assert form.live_revision.template_version_id == template.current_version_id, code
