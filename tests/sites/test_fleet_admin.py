"""The provider operators' view of the fleet in the Wagtail admin."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_operator_lists_and_searches_municipalities(
    client, operator, municipality_a, municipality_b
):
    client.force_login(operator)

    listing = client.get(reverse("municipalities:index"))
    search = client.get(reverse("municipalities:index"), {"q": "Felső"})

    assert {m.name for m in listing.context["object_list"]} >= {"Alsóvár", "Felsővár"}
    assert [m.name for m in search.context["object_list"]] == ["Felsővár"]


def test_operator_edit_refuses_a_mistyped_bank_account_in_hungarian(
    client, operator, municipality_a
):
    client.force_login(operator)
    url = reverse("municipalities:edit", args=[municipality_a.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(tax_bank_account="11773016-11111019", county="Pest", legal_status="kozseg")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "ellenőrző számjegyek nem egyeznek" in response.content.decode()
    municipality_a.refresh_from_db()
    assert municipality_a.tax_bank_account == ""


def test_operator_saves_a_valid_bank_account_normalised(client, operator, municipality_a):
    client.force_login(operator)
    url = reverse("municipalities:edit", args=[municipality_a.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(tax_bank_account="11773016 11111018")

    response = client.post(url, data)

    assert response.status_code == 302
    municipality_a.refresh_from_db()
    assert municipality_a.tax_bank_account == "11773016-11111018"
