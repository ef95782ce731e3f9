"""Every service's switcher is the one shared template, leading into that service."""

import pytest
from django.urls import reverse

from sites.workspace import ChooseMunicipalityView
from tests.isolation.urls import endpoints

pytestmark = pytest.mark.django_db


def switchers():
    found = []
    for endpoint in endpoints():
        view_class = getattr(endpoint.view, "view_class", None)
        if isinstance(view_class, type) and issubclass(view_class, ChooseMunicipalityView):
            found.append((endpoint.name, view_class))
    return found


def test_every_service_has_a_switcher():
    names = {name.split(":")[0] for name, _view in switchers()}

    assert names >= {"documents_admin", "forms_admin", "payments_admin", "municipal_staff"}


@pytest.mark.parametrize(("name", "view_class"), switchers())
def test_an_operator_chooses_from_every_municipality(
    client, operator, municipality_a, municipality_b, name, view_class
):
    client.force_login(operator)

    response = client.get(reverse(name))
    searched = client.get(reverse(name), {"q": "Felső"})

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "sites/workspace/choose_municipality.html"
    page = response.content.decode()
    for municipality in (municipality_a, municipality_b):
        assert f'href="{reverse(view_class.home_url_name, args=[municipality.pk])}"' in page
    assert reverse(view_class.home_url_name, args=[municipality_a.pk]) not in (
        searched.content.decode()
    )


def test_the_operators_forms_switcher_offers_the_library(client, operator, municipality_a):
    client.force_login(operator)

    page = client.get(reverse("forms_admin:index")).content.decode()

    assert f'href="{reverse("forms_admin:library")}"' in page
    assert f'href="{reverse("forms_admin:fleet")}"' in page
