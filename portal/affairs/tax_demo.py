"""Demo for ``make run``: the demo citizen Kovács János has a local tax account in Eger
(a flat in the town, building and communal tax, last year's second half unpaid) linked
to his portal account, and represents Kovács és Társa Kft. (the company of the journey's
demo) whose business tax advance is overdue — so Ügyeim shows both balances, and he can
pay them at the simulated VPOS.

The records go through the tax office's façade, as an officer's work would: the taxpayer
and property registers, the charges of the assessment, the payments, the link made from
the verified identity (KAÜ) of the demo account, the representation. Idempotent: a
second run finds the taxpayer and adds nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from portal.journey.demo import DEMO_CITIZEN, DEMO_COMPANY
from services.tax import services as tax
from services.tax.constants import (
    ChargeOrigin,
    DeliveryChannel,
    PropertyKind,
    TaxObjectKind,
    TaxpayerKind,
    TaxType,
    UseCategory,
)
from sites.actor import Actor

BORN = datetime.date(1978, 4, 12)  # accounts.demo: Kovács János
PARCEL = "5127/14"


def demo_tax_id(born=BORN, serial=417):
    """An adóazonosító jel that carries the date of birth (days since 1867-01-01); its
    check digit is the public rule (digits 1–9 weighted by position, mod 11; a remainder
    of 10 is not issued), which the register's validator checks again."""
    while True:
        first_nine = f"8{(born - datetime.date(1867, 1, 1)).days:05d}{serial:03d}"
        remainder = sum(int(d) * i for i, d in enumerate(first_nine, start=1)) % 11
        if remainder != 10:
            return first_nine + str(remainder)
        serial += 1


def _charge(taxpayer, tax_type, amount, due_on, year, instalment, actor, origin):
    tax.book_charge(
        taxpayer,
        tax_type,
        amount,
        origin=origin,
        due_on=due_on,
        booked_on=min(datetime.date(year, 2, 10), datetime.date.today()),
        period_year=year,
        instalment=instalment,
        idempotency_key=f"demo-online:{taxpayer.identifier}:{tax_type}:{year}:{instalment}",
        actor=actor,
    )


def _halves(taxpayer, tax_type, yearly, years, actor, origin=ChargeOrigin.ASSESSMENT):
    for year in years:
        for instalment, due_on in enumerate(tax.half_year_due_dates(year), start=1):
            _charge(taxpayer, tax_type, yearly // 2, due_on, year, instalment, actor, origin)


def _pay(taxpayer, tax_type, amount, paid_on, actor):
    paid_on = min(paid_on, datetime.date.today())
    tax.book_payment(
        taxpayer,
        tax_type,
        amount,
        paid_on=paid_on,
        reference=f"{taxpayer.identifier} {paid_on.year}",
        idempotency_key=f"demo-online:{taxpayer.identifier}:{tax_type}:{paid_on}",
        actor=actor,
    )


def _citizen(municipality, actor, years):
    person = tax.register_taxpayer(
        municipality,
        kind=TaxpayerKind.PERSON,
        identifier=demo_tax_id(),
        valid_from=datetime.date(2012, 6, 1),
        family_name="Kovács",
        given_names="János",
        postal_code="3300",
        settlement="Eger",
        address_line="Csiky Sándor utca 18. 2/5.",
        delivery_channel=DeliveryChannel.PORTAL_MAILBOX,
        actor=actor,
    )
    flat = tax.register_property(
        municipality,
        parcel_number=PARCEL,
        valid_from=datetime.date(2012, 6, 1),
        address="Eger, Csiky Sándor utca 18. 2/5.",
        area_m2="64",
        kind=PropertyKind.BUILDING,
        use_category=UseCategory.DWELLING,
        zone="belváros",
        actor=actor,
    )
    tax.record_ownership(flat, person, share=(1, 1), valid_from=datetime.date(2012, 6, 1))
    tax.register_tax_object(
        municipality,
        tax_type=TaxType.BUILDING,
        kind=TaxObjectKind.PROPERTY,
        property=flat,
        valid_from=datetime.date(2012, 6, 1),
        actor=actor,
    )
    last, this = years
    _halves(person, TaxType.BUILDING, 44_800, years, actor)
    _halves(person, TaxType.COMMUNAL, 12_000, [this], actor)
    first_last, _second_last = tax.half_year_due_dates(last)
    first_this, second_this = tax.half_year_due_dates(this)
    _pay(person, TaxType.BUILDING, 22_400, first_last - datetime.timedelta(days=6), actor)
    _pay(person, TaxType.BUILDING, 22_400, first_this - datetime.timedelta(days=3), actor)
    _pay(person, TaxType.COMMUNAL, 6_000, first_this - datetime.timedelta(days=3), actor)
    _pay(person, TaxType.BUILDING, 10_000, second_this + datetime.timedelta(days=9), actor)
    return person


def _company(municipality, person, actor, years):
    name, tax_number = DEMO_COMPANY
    company = tax.register_taxpayer(
        municipality,
        kind=TaxpayerKind.ORGANISATION,
        identifier=tax_number,
        valid_from=datetime.date(2016, 3, 1),
        family_name=name,
        postal_code="3300",
        settlement="Eger",
        address_line="Koháry István utca 7.",
        delivery_channel=DeliveryChannel.PORTAL_MAILBOX,
        actor=actor,
    )
    _halves(company, TaxType.BUSINESS, 372_000, years, actor, origin=ChargeOrigin.RETURN)
    for year in years:
        first, second = tax.half_year_due_dates(year)
        _pay(company, TaxType.BUSINESS, 186_000, first - datetime.timedelta(days=2), actor)
        if year != years[-1]:
            _pay(company, TaxType.BUSINESS, 186_000, second - datetime.timedelta(days=1), actor)
    tax.add_representation(company, person, valid_from=datetime.date(years[0], 1, 1), actor=actor)
    return company


@transaction.atomic
def load_tax_online_demo(municipality, stdout=None):
    """Kovács János's tax account and his company's in ``municipality`` (Eger)."""
    if tax.find_taxpayer(municipality, demo_tax_id()) is not None:
        return None
    user = get_user_model().objects.filter(username=DEMO_CITIZEN).first()
    if user is None:
        return None
    actor = Actor.system(municipality=municipality)
    this = datetime.date.today().year
    years = [this - 1, this]
    person = _citizen(municipality, actor, years)
    company = _company(municipality, person, actor, years)
    tax.link_taxpayer(person, user, actor=actor)
    if stdout is not None:
        stdout.write(
            f"  Helyi adó az Ügyeimben: Kovács János ({person.identifier}) és a képviselt "
            f"{company.identifier} adószámlája, {municipality.name}."
        )
    return person, company
