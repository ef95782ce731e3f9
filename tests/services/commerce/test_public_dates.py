"""The public register shows its dates as Hungarian readers write them (2026. március 2.),
while the downloads keep ISO dates (docs/commerce-register-export.md)."""

import pytest

from services.commerce.models import Place
from tests.factories.commerce import company, register_shop

from .test_public_register import HOST, register_page

pytestmark = pytest.mark.django_db


def test_the_page_and_the_entry_show_hungarian_dates(client, municipality_a):
    trade = register_shop(municipality_a, trader=company())
    page = register_page(municipality_a)
    place = Place.objects.for_municipality(municipality_a).get(trade=trade)

    entry = client.get(f"{page.url}bejegyzes/kereskedelem/{place.pk}/", HTTP_HOST=HOST)
    text = entry.content.decode()

    assert entry.status_code == 200
    assert "2026. március 2." in text and "2026-03-02" not in text
    download = client.get(f"{page.url}letoltes/json/", HTTP_HOST=HOST).content.decode()
    assert '"registered_on": "2026-03-02"' in download
