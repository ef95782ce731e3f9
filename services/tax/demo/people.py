"""Who and what the demo registers hold: taxpayers with valid identifiers, properties with
their shares and tax objects, planned from the municipality's seed and written in bulk."""

import datetime
import random
from decimal import Decimal

from services.forms import services as forms
from sites.demo.words import demo_data
from sites.validators import giro_check_digit, normalise_giro_account

from ..constants import (
    DeliveryChannel,
    PropertyKind,
    RightKind,
    TaxObjectKind,
    TaxpayerKind,
    TaxType,
    UseCategory,
)
from ..models import (
    Ownership,
    Property,
    PropertyDetails,
    TaxObject,
    Taxpayer,
    TaxpayerDetails,
)
from .data import EGER_STREETS, ORGANISATION_NAMES, SINCE_UNTIL, TAX_OFFICE_BY_COUNTY, _town

# -- identifiers with their check digits


def _tax_id_check_digit(first_nine):
    # The rule the forms' validator checks (services.forms.validators): the nine digits
    # weighted by their position, modulo 11; a remainder of 10 is never issued.
    remainder = sum(int(d) * position for position, d in enumerate(first_nine, start=1)) % 11
    return None if remainder == 10 else remainder


def _tax_number_check_digit(first_seven):
    total = sum(int(d) * w for d, w in zip(first_seven, (9, 7, 3, 1, 9, 7, 3), strict=True))
    return (10 - total % 10) % 10


def _tax_id(rng, birth_date, taken):
    """An adóazonosító jel: 8, the days from 1867-01-01 to the birth, a serial, the check."""
    days = (birth_date - datetime.date(1867, 1, 1)).days
    while True:
        first_nine = f"8{days:05d}{rng.randrange(1000):03d}"
        check = _tax_id_check_digit(first_nine)
        if check is not None and first_nine not in taken:
            taken.add(first_nine)
            return forms.normalise_tax_id(first_nine + str(check))


def _tax_number(rng, office, taken):
    while True:
        first_seven = str(rng.randrange(1_000_000, 3_000_000))
        if first_seven in taken:
            continue
        taken.add(first_seven)
        digits = f"{first_seven}{_tax_number_check_digit(first_seven)}2{office}"
        return forms.normalise_tax_number(digits)


def demo_giro(rng):
    """A 3×8 GIRO account at the State Treasury (bank code 100), check digits right."""
    branch = f"100{rng.randrange(10000):04d}"
    account = f"{rng.randrange(10**14, 10**15):015d}"
    return normalise_giro_account(
        branch + giro_check_digit(branch) + account + giro_check_digit(account)
    )


# -- the plan: who and what, before anything is written


class _Plan:
    """The municipality's invented registers, from its seed; no queries."""

    def __init__(self, municipality, today, size=None):
        self.municipality = municipality
        self.today = today
        self.year = today.year
        self.rng = random.Random(f"tax-demo:{municipality.ksh_code}")
        self.town = _town(municipality)
        data = demo_data()
        self.family_names = data["family_names"]
        self.given = (data["given_names_male"], data["given_names_female"])
        self.streets = EGER_STREETS if municipality.slug == "eger" else tuple(data["streets"])
        if size is None:
            size = 250 if self.town else 90
        self.size = size
        self.persons = []  # dicts: identifier, family_name, given_names, birth, address…
        self.organisations = []
        self.properties = []  # dicts: parcel, kind, use, area, zone, address, holders…
        self._tax_ids, self._tax_numbers, self._parcels = set(), set(), set()
        self._addresses = set()
        self._make()

    def _date_before(self, year_from, year_to):
        start = datetime.date(year_from, 1, 1).toordinal()
        end = datetime.date(year_to, 12, 31).toordinal()
        return datetime.date.fromordinal(self.rng.randint(start, end))

    def _address(self):
        while True:
            street = self.rng.choice(self.streets)
            number = self.rng.randint(1, 120)
            suffix = self.rng.choice(("", "", "", "/A", "/B"))
            line = f"{street} {number}{suffix}."
            if line not in self._addresses:
                self._addresses.add(line)
                return line

    def _parcel(self, outskirts=False):
        while True:
            if outskirts:  # külterület: 0-prefixed parcels
                parcel = f"0{self.rng.randint(100, 999)}/{self.rng.randint(1, 40)}"
            elif self.rng.random() < 0.6:
                parcel = f"{self.rng.randint(1, 9999)}"
            else:
                parcel = f"{self.rng.randint(1, 9999)}/{self.rng.randint(1, 30)}"
            if parcel not in self._parcels:
                self._parcels.add(parcel)
                return forms.normalise_parcel_number(parcel)

    def _person(self, family_name=None, address=None, man=None):
        man = self.rng.random() < 0.5 if man is None else man
        birth = self._date_before(1936, 2001)
        person = {
            "kind": TaxpayerKind.PERSON,
            "identifier": _tax_id(self.rng, birth, self._tax_ids),
            "family_name": family_name or self.rng.choice(self.family_names),
            "given_names": self.rng.choice(self.given[0 if man else 1]),
            "birth": birth,
            "address": address or self._address(),
            "channel": DeliveryChannel.PORTAL_MAILBOX
            if self.rng.random() < 0.4
            else DeliveryChannel.POST,
            "since": self._date_before(2008, SINCE_UNTIL),
        }
        self.persons.append(person)
        return person

    def _property(self, kind, use, area, holders, address=None, zone="", outskirts=False):
        prop = {
            "parcel": self._parcel(outskirts),
            "kind": kind,
            "use": use,
            "area": Decimal(area),
            "zone": zone,
            "address": address or self._address(),
            "holders": holders,  # [(person or organisation, numerator, denominator)]
            "since": max(h[0]["since"] for h in holders),
        }
        self.properties.append(prop)
        return prop

    def _make(self):
        rng = self.rng
        office = TAX_OFFICE_BY_COUNTY.get(self.municipality.county, "13")
        organisations = max(4, self.size // 12)
        households = 0
        while len(self.persons) < self.size - organisations:
            households += 1
            head = self._person()
            owners = [(head, 1, 1)]
            if rng.random() < 0.3:  # a couple: the home is theirs half and half
                partner = self._person(
                    family_name=head["family_name"] if rng.random() < 0.7 else None,
                    address=head["address"],
                    man=False,
                )
                partner["since"] = head["since"]
                owners = [(head, 1, 2), (partner, 1, 2)]
            self._property(
                PropertyKind.BUILDING,
                UseCategory.DWELLING,
                rng.randint(38, 160),
                owners,
                address=head["address"],
                zone="Belváros" if self.town and rng.random() < 0.2 else "",
            )
            if self.town and rng.random() < 0.2:
                self._property(
                    PropertyKind.BUILDING, UseCategory.GARAGE, rng.randint(14, 26), owners
                )
            if rng.random() < 0.18:
                self._property(
                    PropertyKind.PLOT,
                    UseCategory.OTHER,
                    rng.randrange(350, 1800, 10),
                    [owners[0]],
                    zone="Belváros" if self.town and rng.random() < 0.25 else "",
                )
            if not self.town and rng.random() < 0.12:
                self._property(
                    PropertyKind.BUILDING,
                    UseCategory.HOLIDAY_HOME,
                    rng.randint(30, 90),
                    [owners[0]],
                    outskirts=True,
                )
        for name in rng.sample(ORGANISATION_NAMES, min(organisations, len(ORGANISATION_NAMES))):
            organisation = {
                "kind": TaxpayerKind.ORGANISATION,
                "identifier": _tax_number(rng, office, self._tax_numbers),
                "family_name": name,
                "given_names": "",
                "address": self._address(),
                "channel": DeliveryChannel.PORTAL_MAILBOX,
                "since": self._date_before(2005, SINCE_UNTIL),
                # The local business tax base (HIPA) of last year's return.
                "business_base": rng.randrange(8, 400) * 500_000,
            }
            self.organisations.append(organisation)
            self._property(
                PropertyKind.BUILDING,
                UseCategory.COMMERCIAL,
                rng.randrange(60, 1200, 5),
                [(organisation, 1, 1)],
                address=organisation["address"],
            )
            if rng.random() < 0.4:
                self._property(
                    PropertyKind.PLOT,
                    UseCategory.OTHER,
                    rng.randrange(500, 5000, 10),
                    [(organisation, 1, 1)],
                    outskirts=True,
                )

    @property
    def taxpayers(self):
        return self.persons + self.organisations


# -- writing it


def _taxes_of(plan, row):
    """The property taxes the municipality's decree levies on this property."""
    if plan.town:
        return [TaxType.LAND] if row["kind"] == PropertyKind.PLOT else [TaxType.BUILDING]
    if row["kind"] == PropertyKind.PLOT or row["use"] == UseCategory.DWELLING:
        return [TaxType.COMMUNAL]
    return [TaxType.BUILDING]


def _write_registers(municipality, plan):
    """Taxpayers, properties, shares and tax objects in bulk: a few INSERTs a table."""
    m = municipality
    taxpayers = Taxpayer.objects.bulk_create(
        [
            Taxpayer(
                municipality=m,
                kind=row["kind"],
                tax_id=row["identifier"] if row["kind"] == TaxpayerKind.PERSON else "",
                tax_number=row["identifier"] if row["kind"] == TaxpayerKind.ORGANISATION else "",
            )
            for row in plan.taxpayers
        ]
    )
    for row, taxpayer in zip(plan.taxpayers, taxpayers, strict=True):
        row["taxpayer"] = taxpayer
    TaxpayerDetails.objects.bulk_create(
        [
            TaxpayerDetails(
                municipality=m,
                taxpayer=row["taxpayer"],
                valid_from=row["since"],
                family_name=row["family_name"],
                given_names=row["given_names"],
                postal_code=m.postal_code,
                settlement=m.name,
                address_line=row["address"],
                delivery_channel=row["channel"],
            )
            for row in plan.taxpayers
        ]
    )
    properties = Property.objects.bulk_create(
        [Property(municipality=m, parcel_number=row["parcel"]) for row in plan.properties]
    )
    details, shares, objects = [], [], []
    for row, prop in zip(plan.properties, properties, strict=True):
        row["property"] = prop
        details.append(
            PropertyDetails(
                municipality=m,
                property=prop,
                valid_from=row["since"],
                address=f"{m.postal_code} {m.name}, {row['address']}",
                area_m2=row["area"],
                kind=row["kind"],
                use_category=row["use"],
                zone=row["zone"],
            )
        )
        for holder, numerator, denominator in row["holders"]:
            shares.append(
                Ownership(
                    municipality=m,
                    property=prop,
                    holder=holder["taxpayer"],
                    share_numerator=numerator,
                    share_denominator=denominator,
                    right=RightKind.OWNER,
                    valid_from=row["since"],
                )
            )
        for tax_type in _taxes_of(plan, row):
            objects.append(
                TaxObject(
                    municipality=m,
                    tax_type=tax_type,
                    kind=TaxObjectKind.PROPERTY,
                    property=prop,
                    valid_from=row["since"],
                )
            )
    for organisation in plan.organisations:
        objects.append(
            TaxObject(
                municipality=m,
                tax_type=TaxType.BUSINESS,
                kind=TaxObjectKind.BUSINESS_SITE,
                taxpayer=organisation["taxpayer"],
                description=f"Telephely: {organisation['address']}",
                valid_from=organisation["since"],
            )
        )
    PropertyDetails.objects.bulk_create(details)
    Ownership.objects.bulk_create(shares)
    TaxObject.objects.bulk_create(objects)
    return len(details), len(shares), len(objects)
