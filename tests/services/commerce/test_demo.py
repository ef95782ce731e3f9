"""The demo register of Eger: dozens of traders with shops and opening hours, a closed
shop, two industrial sites, a licence, and the public page on Eger's website."""

import pytest

from services.commerce import services as commerce
from services.commerce.constants import Status
from services.commerce.demo import load_demo
from services.commerce.models import IndustrialSite, PublicRegisterPage, Trade

pytestmark = pytest.mark.django_db


def test_the_demo_register_is_full_public_and_loaded_once(client, given_municipality):
    eger = given_municipality(name="Eger", slug="eger", ksh_code="20491")

    made = load_demo(eger)

    assert made >= 30
    assert Trade.objects.for_municipality(eger).count() >= 30
    assert IndustrialSite.objects.for_municipality(eger).count() == 2
    entries = commerce.public.register_entries(eger)
    assert [entry["status"] for entry in entries].count(Status.CLOSED) == 1
    assert sum(1 for entry in entries if entry["opening_hours"]) >= 25
    page = PublicRegisterPage.objects.descendant_of(eger.root_page).get()
    response = client.get(page.url, HTTP_HOST="eger.localhost")
    assert response.status_code == 200
    assert "Dobó Csemege" in response.content.decode()
    # a re-run adds nothing
    assert load_demo(eger) is None
    assert PublicRegisterPage.objects.descendant_of(eger.root_page).count() == 1
