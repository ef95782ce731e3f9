"""The demo of issue 16 items 3–4: the demo citizen's company has last-but-one month's
tourist-tax return filed on the portal and booked on its account, his building-tax
declaration waits in the officer's queue, and a second run adds nothing."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import CitizenProfile
from portal.affairs.tax_demo import load_tax_online_demo
from portal.affairs.tax_returns_demo import FORMS, load_tax_returns_demo
from services.tax import services as tax
from services.tax.constants import ChargeOrigin, TaxType
from services.tax.models import LedgerEntry
from tests.factories.forms import library_template
from tests.factories.staff import CitizenFactory

pytestmark = pytest.mark.django_db


def test_the_demo_files_a_tourist_tax_return_and_a_declaration_once(given_municipality):
    eger = given_municipality(name="Eger", slug="eger", ksh_code="20491", postal_code="3300")
    for code in FORMS:
        library_template(code)
    citizen = CitizenFactory(username="demo-kovacs-janos", first_name="János", last_name="Kovács")
    CitizenProfile.objects.create(
        user=citizen,
        family_name="Kovács",
        given_name="János",
        date_of_birth=datetime.date(1978, 4, 12),
        identification_method="ugyfelkapu_plus",
        assurance_level="substantial",
        last_identified_at=timezone.now(),
    )
    person, company = load_tax_online_demo(eger)

    assert load_tax_returns_demo(eger) == 2

    charge = LedgerEntry.objects.for_municipality(eger).get(
        taxpayer=company, tax_type=TaxType.TOURIST
    )
    assert (charge.origin, charge.amount) == (ChargeOrigin.RETURN, 148_000)
    access = tax.access_to(citizen, company.pk)
    row = next(r for r in tax.tax_summary(access).rows if r.tax_type == TaxType.TOURIST)
    assert row.balance == 148_000
    assert tax.declarations_of(eger, taxpayer=person, state="received").count() == 1
    assert load_tax_returns_demo(eger) == 0
