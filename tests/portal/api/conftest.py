import datetime

import pytest
from django.test import Client

from portal.api import tokens
from portal.api.scopes import Scope
from services.tax import services as tax
from services.tax.constants import ChargeOrigin, TaxType
from tests.factories import tax as tax_factories


@pytest.fixture
def api_token():
    """A token for ``municipality`` with ``scopes`` (all of them if not given):
    (token, secret)."""

    def _token(municipality, scopes=None, *, expires_at=None, name="Könyvelés"):
        client = tokens.create_client(
            name,
            municipality=municipality,
            grants={municipality: scopes if scopes is not None else list(Scope.values)},
        )
        return tokens.issue_token(client, expires_at=expires_at)

    return _token


@pytest.fixture
def bearer():
    def _client(secret):
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return _client


@pytest.fixture
def taxpayer_of():
    """A taxpayer of the municipality with a charge of 20 000 Ft of building tax due."""

    def _taxpayer(municipality, family_name="Kiss"):
        taxpayer = tax_factories.person(municipality, family_name=family_name)
        tax.book_charge(
            taxpayer,
            TaxType.BUILDING,
            20000,
            origin=ChargeOrigin.ASSESSMENT,
            due_on=datetime.date(2026, 3, 16),
            booked_on=datetime.date(2026, 1, 10),
            period_year=2026,
            instalment=1,
        )
        return taxpayer

    return _taxpayer
