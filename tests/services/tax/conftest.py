"""What the tax-return tests share: Eger with an accommodation provider (a company) whose
representative (a person) is linked to a portal account, and the library's tax forms."""

import datetime

import pytest

from services.forms import services as forms
from services.tax import services as tax
from services.tax.models import LinkBasis, PortalLink
from tests.factories.municipalities import UserFactory
from tests.factories.tax import organisation, person
from tests.services.forms.conftest import load


@pytest.fixture
def eger(given_municipality):
    return given_municipality(name="Eger", slug="eger", ksh_code="20491", postal_code="3300")


@pytest.fixture
def provider(eger):
    """A company running "Minaret Panzió", represented by Kiss Anna (linked to her
    portal account) for every tax type."""
    company = organisation(eger, "Minaret Vendéglátó Kft.")
    tax.register_tourist_tax_collector(
        eger,
        tax_number=company.tax_number,
        name="Minaret Vendéglátó Kft.",
        postal_code="3300",
        settlement="Eger",
        address_line="Knézich Károly utca 4.",
        key="ipar:szallas:1",
        description="Minaret Panzió, Eger, Knézich Károly utca 4.",
        valid_from=datetime.date(2024, 1, 1),
        actor=None,
    )
    anna = person(eger, "Kiss", "Anna")
    user = UserFactory(username="kiss_anna")
    PortalLink.objects.create(municipality=eger, taxpayer=anna, user=user, basis=LinkBasis.IDENTITY)
    tax.add_representation(company, anna, valid_from=datetime.date(2024, 1, 1))
    return company, anna, user


def published(municipality, code):
    form = forms.adopt(municipality, load(code))
    forms.publish(form)
    return form
