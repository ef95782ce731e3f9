"""The local tax office of the demo (``make run``): Eger and two small villages get this
year's rate decree and next year's draft, collection accounts, a few hundred invented
taxpayers with their properties, shares and tax objects, opening balances from the
"previous system", this year's charges, payments on time and late, and the late interest
booked to today — so a new user sees a tax office at work.

Everything is drawn from a random generator seeded by the municipality's KSH code: the
same municipality gets the same taxpayers (their dates are counted from today's year). It
runs once per municipality: one that has any taxpayer is left alone, so a re-run adds
nothing and never touches what an officer recorded.

The registers are written in bulk (a handful of INSERTs a table), their identifiers
checked by the same validators the register services use; decrees, collection accounts,
payments and the interest run go through the façade, as an officer's work would. This
year's charges are booked as the annual assessment books them (origin "assessment", two
halves due on the half-year dates of the working-day calendar, the assessment's
idempotency key), in bulk, because no money is on the accounts yet when they are booked.

``demo_statement`` writes a bank statement (MT940) of payments into Eger's collection
accounts whose remarks name demo taxpayers: ``data/tax/samples/demo-eger-statement.sta``
is its output, for importing in the officer's workspace."""

import datetime
import random
import time
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from services.forms import services as forms
from sites.constants import LegalStatus
from sites.demo.words import STATUS_WORDS, demo_data
from sites.validators import giro_check_digit, iban_for_giro, normalise_giro_account

from . import services as tax
from .constants import (
    BALANCE_SIGN,
    ChargeOrigin,
    DeliveryChannel,
    EntryKind,
    PropertyKind,
    RateCategory,
    RateUnit,
    RightKind,
    RuleKind,
    TaxObjectKind,
    TaxpayerKind,
    TaxType,
    UseCategory,
)
from .models import (
    LedgerEntry,
    Ownership,
    Property,
    PropertyDetails,
    TaxObject,
    Taxpayer,
    TaxpayerDetails,
)

# Eger and two small villages of data/municipalities.csv, by KSH code.
DEMO_KSH_CODES = ("20491", "09362", "24554")  # Eger, Aggtelek, Abasár

# The county's tax office code, the last two digits of an adószám (NAV's county offices
# 02–20 in the order of the counties).
TAX_OFFICE_BY_COUNTY = {
    "Baranya": "02",
    "Bács-Kiskun": "03",
    "Békés": "04",
    "Borsod-Abaúj-Zemplén": "05",
    "Csongrád-Csanád": "06",
    "Fejér": "07",
    "Győr-Moson-Sopron": "08",
    "Hajdú-Bihar": "09",
    "Heves": "10",
    "Komárom-Esztergom": "11",
    "Nógrád": "12",
    "Pest": "13",
    "Somogy": "14",
    "Szabolcs-Szatmár-Bereg": "15",
    "Jász-Nagykun-Szolnok": "16",
    "Tolna": "17",
    "Vas": "18",
    "Veszprém": "19",
    "Zala": "20",
}

EGER_STREETS = (
    "Dobó István tér",
    "Széchenyi István utca",
    "Kossuth Lajos utca",
    "Bajcsy-Zsilinszky utca",
    "Knézich Károly utca",
    "Törvényház utca",
    "Maklári út",
    "Rákóczi Ferenc utca",
    "Csiky Sándor utca",
    "Mátyás király út",
    "Cifrakapu utca",
    "Szvorényi út",
    "Hadnagy utca",
    "Kertész utca",
    "Vécseyvölgy utca",
    "Deák Ferenc utca",
    "Egészségház utca",
    "Koszorú utca",
    "Tihaméri út",
    "Faiskola út",
)

ORGANISATION_NAMES = (
    "Aranykalász Pékség Kft.",
    "Hegyalja Borház Kft.",
    "Kőszikla Építőipari Kft.",
    "Csillag Vendéglátó Kft.",
    "Mester Autószerviz Bt.",
    "Tölgyfa Asztalosműhely Bt.",
    "Napfény Kertészet Bt.",
    "Gyors-Fuvar Szállítmányozó Kft.",
    "Zöldmező Agrár Kft.",
    "Barátság Kereskedelmi Kft.",
    "Kék Fenyő Panzió Kft.",
    "Vadvirág Virágbolt Bt.",
    "Fénysugár Optika Bt.",
    "Patak Étterem Kft.",
    "Forrás Ásványvíz Zrt.",
    "Bükki Kőfaragó Kft.",
    "Szőlőskert Pincészet Kft.",
    "Tiszta Ház Takarító Bt.",
    "Villám Villanyszerelő Kft.",
    "Kert-Gép Szerviz Kft.",
    "Mézes Cukrászda Bt.",
    "Ezüsthíd Ingatlan Kft.",
    "Hargita Fuvarozó Bt.",
    "Panoráma Szálloda Zrt.",
    "Kovácsoltvas Műhely Kft.",
    "Pannon Hús Kft.",
    "Erdei Fa Kft.",
    "Friss Zöldség Bt.",
    "Oázis Fürdő Kft.",
    "Szivárvány Nyomda Kft.",
)

# Rates of this year's decree: (tax type, category, unit, amount, zone), and its rules.
# Next year's draft raises each rate by ``NEXT_YEAR_RISE`` percent (rounded to tens).
# Every rate is within data/tax/maxima.json (the test checks them against it).
TOWN_LINES = (
    (TaxType.BUILDING, UseCategory.DWELLING, RateUnit.FT_PER_M2, 650, ""),
    (TaxType.BUILDING, UseCategory.HOLIDAY_HOME, RateUnit.FT_PER_M2, 900, ""),
    (TaxType.BUILDING, UseCategory.COMMERCIAL, RateUnit.FT_PER_M2, 1050, ""),
    (TaxType.BUILDING, UseCategory.GARAGE, RateUnit.FT_PER_M2, 450, ""),
    (TaxType.LAND, RateCategory.PLOT, RateUnit.FT_PER_M2, 110, ""),
    (TaxType.LAND, RateCategory.PLOT, RateUnit.FT_PER_M2, 180, "Belváros"),
    (TaxType.BUSINESS, RateCategory.BUSINESS_BASE, RateUnit.PERCENT, "2", ""),
)
TOWN_RULES = (
    (
        TaxType.BUILDING,
        RuleKind.AREA_ALLOWANCE,
        UseCategory.DWELLING,
        {"m2": 40},
        "A lakás első 40 m²-e után nem kell adót fizetni.",
    ),
    (
        TaxType.LAND,
        RuleKind.AREA_ALLOWANCE,
        RateCategory.PLOT,
        {"m2": 200},
        "A telek első 200 m²-e után nem kell adót fizetni.",
    ),
)
VILLAGE_LINES = (
    (TaxType.BUILDING, UseCategory.HOLIDAY_HOME, RateUnit.FT_PER_M2, 500, ""),
    (TaxType.BUILDING, UseCategory.COMMERCIAL, RateUnit.FT_PER_M2, 400, ""),
    (TaxType.BUILDING, UseCategory.GARAGE, RateUnit.FT_PER_M2, 200, ""),
    (TaxType.COMMUNAL, RateCategory.FLAT, RateUnit.FT_PER_OBJECT, 12000, ""),
    (TaxType.COMMUNAL, RateCategory.PLOT, RateUnit.FT_PER_OBJECT, 6000, ""),
    (TaxType.BUSINESS, RateCategory.BUSINESS_BASE, RateUnit.PERCENT, "1.8", ""),
)
VILLAGE_RULES = (
    (
        TaxType.COMMUNAL,
        RuleKind.AGE_ALLOWANCE,
        "",
        {"age": 70, "percent": 50},
        "A 70. életévét január 1-jéig betöltött magánszemély az adó felét fizeti.",
    ),
)
NEXT_YEAR_RISE = 6
# The registers' rows start by this year at the latest: fixed, so that the same
# municipality gets the same taxpayers in any year (the demo bank statement names them).
SINCE_UNTIL = 2023

# What the taxpayers do with a year's two halves: (share of taxpayers, behaviour).
PAYING_HABITS = (
    (0.52, "on_time"),
    (0.12, "whole_year"),
    (0.12, "first_late"),
    (0.08, "second_late"),
    (0.08, "second_unpaid"),
    (0.04, "overpaid"),
    (0.04, "nothing"),
)


def _town(municipality):
    return municipality.legal_status in (
        LegalStatus.COUNTY_TOWN,
        LegalStatus.CAPITAL_DISTRICT,
        LegalStatus.TOWN,
    )


def _official(municipality):
    official, council, *_rest = STATUS_WORDS.get(
        municipality.legal_status, STATUS_WORDS[LegalStatus.VILLAGE]
    )
    return official.format(name=municipality.name), council


def _ascii(value):
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()


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


def _decree_lines(municipality):
    if _town(municipality):
        return TOWN_LINES, TOWN_RULES
    return VILLAGE_LINES, VILLAGE_RULES


def _raised(amount):
    value = Decimal(str(amount))
    if value < 10:  # a percentage stays
        return value
    return (value * (100 + NEXT_YEAR_RISE) / 100 / 10).quantize(Decimal(1)) * 10


def _make_decrees(municipality, rng, year):
    official, council = _official(municipality)
    # The records are the municipality's own, in Hungarian, as its council names them.
    title = f"{official} {council}ének önkormányzati rendelete a helyi adókról"
    lines, rules = _decree_lines(municipality)
    decree = tax.create_decree(municipality, tax_year=year, title=title)
    for tax_type, category, unit, amount, zone in lines:
        tax.add_line(
            decree, tax_type=tax_type, category=category, unit=unit, amount=amount, zone=zone
        )
    for tax_type, kind, category, parameters, description in rules:
        tax.add_rule(
            decree,
            tax_type=tax_type,
            kind=kind,
            category=category,
            parameters=parameters,
            description=description,
        )
    adopted_on = datetime.date(year - 1, 11, rng.randint(20, 28))
    decree = tax.adopt(decree, number=rng.randint(18, 32), adopted_on=adopted_on)
    # Next year's draft: every rate a little higher, to adopt after seeing the simulator.
    draft = tax.create_decree(municipality, tax_year=year + 1, title=title, amends=decree)
    for tax_type, category, unit, amount, zone in lines:
        tax.add_line(
            draft,
            tax_type=tax_type,
            category=category,
            unit=unit,
            amount=_raised(amount),
            zone=zone,
        )
    for tax_type, kind, category, parameters, description in rules:
        tax.add_rule(
            draft,
            tax_type=tax_type,
            kind=kind,
            category=category,
            parameters=parameters,
            description=description,
        )
    return decree, draft


ACCOUNT_NAMES = {
    TaxType.BUILDING: "építményadó beszedési számla",
    TaxType.LAND: "telekadó beszedési számla",
    TaxType.COMMUNAL: "magánszemélyek kommunális adója beszedési számla",
    TaxType.TOURIST: "idegenforgalmi adó beszedési számla",
    TaxType.BUSINESS: "helyi iparűzési adó beszedési számla",
    TaxType.LATE_INTEREST: "késedelmi pótlék beszedési számla",
    TaxType.FINES: "bírság, önkormányzati adóhatósági eljárási költség beszedési számla",
    TaxType.FOREIGN: "idegen bevételek beszedési számla",
}


def demo_accounts(municipality):
    """The demo's collection account of each tax type: {tax type: GIRO}, from the seed
    alone (the demo bank statement is written to these)."""
    rng = random.Random(f"tax-demo-accounts:{municipality.ksh_code}")
    return {tax_type: demo_giro(rng) for tax_type in TaxType if tax_type != TaxType.VEHICLE}


def _make_accounts(municipality):
    official, _council = _official(municipality)
    for tax_type, giro in demo_accounts(municipality).items():
        tax.set_collection_account(
            municipality,
            tax_type,
            giro=giro,
            iban=iban_for_giro(giro),
            holder_name=f"{official} – {ACCOUNT_NAMES[tax_type]}",
        )


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


def _taxes_of(plan, row):
    """The property taxes the municipality's decree levies on this property."""
    if plan.town:
        return [TaxType.LAND] if row["kind"] == PropertyKind.PLOT else [TaxType.BUILDING]
    if row["kind"] == PropertyKind.PLOT or row["use"] == UseCategory.DWELLING:
        return [TaxType.COMMUNAL]
    return [TaxType.BUILDING]


def _annual_amounts(municipality, decree, plan, year):
    """(taxpayer id, tax type) -> the year's tax, as the assessment reckons it: the
    registers on 1 January under the decree in force (the decrees' ``annual_tax``)."""
    rates = tax.DecreeRates.of(decree)
    state = tax.state_on(municipality, datetime.date(year, 1, 1))
    amounts = Counter()
    for object_state in tax.object_states(state):
        if object_state.tax_type == TaxType.BUSINESS:
            continue
        result = tax.annual_tax(object_state, rates)
        if result.amount:
            amounts[(object_state.taxpayer_id, object_state.tax_type)] += result.amount
    # The local business tax: the advances from last year's return (origin "return").
    rate = next(line.amount for line in rates.lines if line.tax_type == TaxType.BUSINESS)
    for organisation in plan.organisations:
        amount = int(Decimal(organisation["business_base"]) * rate / 100)
        amounts[(organisation["taxpayer"].pk, TaxType.BUSINESS)] += amount
    return amounts


def _book_charges(municipality, amounts, year, assessed_on, actor):
    """This year's charges, as the annual assessment books them, in one INSERT: two
    halves due on the half-year dates, with ``book_annual_charge``'s idempotency key."""
    due_dates = tax.half_year_due_dates(year)
    reference = f"Kivetés {year}"
    entries = []
    for (taxpayer_id, tax_type), amount in sorted(amounts.items()):
        origin = ChargeOrigin.RETURN if tax_type == TaxType.BUSINESS else ChargeOrigin.ASSESSMENT
        halves = tax.split_in_halves(amount)
        for instalment, (part, due_on) in enumerate(zip(halves, due_dates, strict=True), 1):
            if part <= 0:
                continue
            key = f"annual:{taxpayer_id}:{tax_type}:{year}:{instalment}:{reference}"
            entries.append(
                LedgerEntry(
                    municipality=municipality,
                    taxpayer_id=taxpayer_id,
                    tax_type=tax_type,
                    kind=EntryKind.CHARGE,
                    origin=origin,
                    amount=part,
                    signed_amount=part * BALANCE_SIGN[EntryKind.CHARGE],
                    booked_on=assessed_on,
                    due_on=due_on,
                    period_year=year,
                    instalment=instalment,
                    reference=reference,
                    idempotency_key=key[:120],
                    recorded_by=actor.user,
                )
            )
    LedgerEntry.objects.bulk_create(entries, batch_size=500)
    return entries


def _day_between(rng, first, last):
    if last < first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _payments(rng, plan, amounts, year, today):
    """(day, taxpayer, tax type, amount, remark) of the year, as each taxpayer's habit has
    them; nothing after today."""
    first_due, second_due = tax.half_year_due_dates(year)
    day = lambda start, end: _day_between(rng, start, end)  # noqa: E731
    found = []
    by_id = {row["taxpayer"].pk: row for row in plan.taxpayers}
    for (taxpayer_id, tax_type), amount in sorted(amounts.items()):
        first, second = tax.split_in_halves(amount)
        roll, habit = rng.random(), PAYING_HABITS[-1][1]
        for share, name in PAYING_HABITS:
            if roll < share:
                habit = name
                break
            roll -= share
        early = first_due - datetime.timedelta(days=30)
        summer = second_due - datetime.timedelta(days=25)
        if habit == "on_time":
            paid = [(day(early, first_due), first), (day(summer, second_due), second)]
        elif habit == "whole_year":
            paid = [(day(early, first_due), amount)]
        elif habit == "first_late":
            late = first_due + datetime.timedelta(days=rng.randint(20, 100))
            paid = [(late, first), (day(summer, second_due), second)]
        elif habit == "second_late":
            late = second_due + datetime.timedelta(days=rng.randint(15, 60))
            paid = [(day(early, first_due), first), (late, second)]
        elif habit == "second_unpaid":
            paid = [(day(early, first_due), first)]
        elif habit == "overpaid":
            extra = rng.randrange(1, 6) * 1000
            paid = [(day(early, first_due), first), (day(summer, second_due), second + extra)]
        else:
            paid = []
        row = by_id[taxpayer_id]
        for paid_on, part in paid:
            if paid_on <= today and part > 0:
                remark = f"{row['identifier']} {TaxType(tax_type).label} {year}"
                found.append((paid_on, taxpayer_id, tax_type, part, remark, habit))
    return sorted(found)


def _book_simple_payments(municipality, charges, payments, actor):
    """Payments that pay exactly their own tax type's halves, oldest due first, with their
    allocations, in two INSERTs (see ``load_demo``)."""
    open_charges = defaultdict(list)
    for charge in sorted(charges, key=lambda c: (c.due_on, c.pk)):
        open_charges[(charge.taxpayer_id, charge.tax_type)].append([charge, charge.amount])
    rows = []
    for number, (paid_on, taxpayer_id, tax_type, amount, remark, _habit) in enumerate(payments):
        rows.append(
            LedgerEntry(
                municipality=municipality,
                taxpayer_id=taxpayer_id,
                tax_type=tax_type,
                kind=EntryKind.PAYMENT,
                amount=amount,
                signed_amount=amount * BALANCE_SIGN[EntryKind.PAYMENT],
                booked_on=paid_on,
                reference=remark[:120],
                idempotency_key=f"demo-payment:{taxpayer_id}:{number}",
                recorded_by=actor.user,
            )
        )
    LedgerEntry.objects.bulk_create(rows, batch_size=500)
    allocations = []
    for payment in rows:
        left = payment.amount
        for pair in open_charges[(payment.taxpayer_id, payment.tax_type)]:
            charge, still_open = pair
            part = min(left, still_open)
            if part <= 0:
                continue
            allocations.append(
                LedgerEntry(
                    municipality=municipality,
                    taxpayer_id=payment.taxpayer_id,
                    tax_type=charge.tax_type,
                    kind=EntryKind.ALLOCATION,
                    amount=part,
                    signed_amount=0,
                    booked_on=payment.booked_on,
                    source=payment,
                    target=charge,
                    recorded_by=actor.user,
                )
            )
            pair[1] -= part
            left -= part
        if left:
            raise RuntimeError(f"A demo payment of {payment.amount} Ft is not exactly owed.")
    LedgerEntry.objects.bulk_create(allocations, batch_size=500)


def _opening_balances(rng, taxpayers, amounts, year, actor):
    """The previous system's balances on 1 January: last year's unpaid second half for a
    few, an overpayment kept on the account for a few."""
    cut_over = datetime.date(year, 1, 1)
    _first, last_second_due = tax.half_year_due_dates(year - 1)
    debtors, credited, paid_later = set(), set(), []
    for (taxpayer_id, tax_type), amount in sorted(amounts.items()):
        if tax_type == TaxType.BUSINESS:
            continue
        roll = rng.random()
        taxpayer = taxpayers[taxpayer_id]
        if roll < 0.08:
            owed = tax.split_in_halves(amount)[1]
            tax.book_charge(
                taxpayer,
                tax_type,
                owed,
                origin=ChargeOrigin.OPENING,
                due_on=last_second_due,
                booked_on=cut_over,
                period_year=year - 1,
                instalment=2,
                reference="Nyitó egyenleg",
                idempotency_key=f"demo-opening:{taxpayer_id}:{tax_type}",
                actor=actor,
                settle_now=False,
            )
            debtors.add(taxpayer_id)
            if rng.random() < 0.5:
                paid_later.append((taxpayer_id, tax_type, owed))
        elif roll < 0.12:
            tax.book_opening_credit(
                taxpayer,
                tax_type,
                rng.randrange(2, 20) * 500,
                on=cut_over,
                period_year=year - 1,
                reference="Nyitó egyenleg",
                idempotency_key=f"demo-opening:{taxpayer_id}:{tax_type}",
                actor=actor,
            )
            credited.add(taxpayer_id)
    return debtors, credited, paid_later


@transaction.atomic
def load_demo(municipality, stdout=None, *, today=None, size=None):
    """The municipality's demo tax office (see the module). Returns a Counter of what was
    made, or None when the municipality already has taxpayers."""
    from sites.actor import Actor

    if Taxpayer.objects.for_municipality(municipality).exists():
        return None
    started = time.monotonic()
    today = today or datetime.date.today()
    year = today.year
    plan = _Plan(municipality, today, size=size)
    rng = random.Random(f"tax-demo-ledger:{municipality.ksh_code}")
    actor = Actor.system(municipality=municipality)
    made = Counter()
    decree, _draft = _make_decrees(municipality, rng, year)
    made["decrees"] = 2
    _make_accounts(municipality)
    made["details"], made["ownerships"], made["tax_objects"] = _write_registers(municipality, plan)
    made["taxpayers"], made["properties"] = len(plan.taxpayers), len(plan.properties)
    taxpayers = {row["taxpayer"].pk: row["taxpayer"] for row in plan.taxpayers}
    amounts = _annual_amounts(municipality, decree, plan, year)
    debtors, credited, paid_later = _opening_balances(rng, taxpayers, amounts, year, actor)
    made["opening_debts"], made["opening_credits"] = len(debtors), len(credited)
    assessed_on = min(datetime.date(year, 2, 10), today)
    charges = _book_charges(municipality, amounts, year, assessed_on, actor)
    made["charges"] = len(charges)
    # The overpayments brought over pay this year's charges as soon as they are booked
    # (the bulk INSERT allocated nothing).
    for taxpayer_id in sorted(credited):
        tax.settle(taxpayers[taxpayer_id], on=assessed_on, actor=actor)
    payments = _payments(rng, plan, amounts, year, today)
    first_due = tax.half_year_due_dates(year)[0]
    for taxpayer_id, tax_type, owed in paid_later:
        paid_on = min(first_due + datetime.timedelta(days=rng.randint(-40, 40)), today)
        identifier = next(
            r["identifier"] for r in plan.taxpayers if r["taxpayer"].pk == taxpayer_id
        )
        payments.append(
            (paid_on, taxpayer_id, tax_type, owed, f"{identifier} {year - 1}", "opening")
        )
    payments.sort()
    # Where a payment can only pay the halves it was made for (no other money, no debt
    # brought over, nothing paid over), it is written in bulk with the allocations the
    # ledger's ``settle`` books for it; every other payment goes through ``book_payment``.
    # tests/services/tax/test_demo.py checks that ``settle`` then finds nothing to do.
    involved = debtors | credited | {row[1] for row in payments if row[5] == "overpaid"}
    simple = [row for row in payments if row[1] not in involved]
    _book_simple_payments(municipality, charges, simple, actor)
    for number, (paid_on, taxpayer_id, tax_type, amount, remark, _habit) in enumerate(payments):
        if taxpayer_id not in involved:
            continue
        tax.book_payment(
            taxpayers[taxpayer_id],
            tax_type,
            amount,
            paid_on=paid_on,
            reference=remark[:120],
            idempotency_key=f"demo-payment:{number}",
            actor=actor,
        )
    made["payments"] = len(payments)
    run = tax.book_interest(municipality, until=today, actor=actor)
    made["interest_entries"] = run.booked
    made["interest_ft"] = run.amount
    if stdout is not None:
        stdout.write(
            _(
                "Local taxes of %(name)s: %(taxpayers)d taxpayers, %(properties)d properties, "
                "%(charges)d charges, %(payments)d payments, late interest on "
                "%(interest)d charges, in %(seconds).1f s."
            )
            % {
                "name": municipality.name,
                "taxpayers": made["taxpayers"],
                "properties": made["properties"],
                "charges": made["charges"],
                "payments": made["payments"],
                "interest": made["interest_entries"],
                "seconds": time.monotonic() - started,
            }
        )
    return made


# -- the demo bank statement


def _mt940_amount(amount):
    return f"{amount},00"


def demo_statement(municipality, *, on, count=24):
    """An MT940 statement of ``on`` for the municipality's collection accounts: transfers
    from ``count`` demo taxpayers who owe money, each paying what it owes on a tax type (a
    few only part of it), the remark naming the taxpayer's identifier as banks print it
    (no accents); and one transfer whose remark names nobody, for the unmatched queue."""
    rng = random.Random(f"tax-demo-statement:{municipality.ksh_code}:{on.isoformat()}")
    accounts = tax.collection_accounts(municipality)
    owing = []
    taxpayers = Taxpayer.objects.for_municipality(municipality).order_by("pk")
    names = {
        row.taxpayer_id: row
        for row in TaxpayerDetails.objects.for_municipality(municipality).filter(valid_to=None)
    }
    for taxpayer in taxpayers:
        for tax_type, owed in sorted(tax.balances(taxpayer, on=on).items()):
            if owed > 0 and tax_type in accounts:
                owing.append((taxpayer, tax_type, owed))
    chosen = sorted(rng.sample(owing, min(count, len(owing))), key=lambda row: row[0].pk)
    by_account = defaultdict(list)
    for taxpayer, tax_type, owed in chosen:
        amount = owed if rng.random() < 0.8 else max(1000, owed // 2 // 100 * 100)
        name = _ascii(names[taxpayer.pk].name).upper()
        remark = f"{taxpayer.identifier} {_ascii(str(TaxType(tax_type).label)).upper()}"
        by_account[tax_type].append((amount, name, remark))
    by_account[TaxType.BUILDING].append((15000, "NAGY ISTVAN", "ADO BEFIZETES"))
    day = on.strftime("%y%m%d")
    lines = []
    for number, tax_type in enumerate(sorted(by_account), start=1):
        iban = accounts[tax_type].iban.replace(" ", "") or accounts[tax_type].giro
        lines += [
            f":20:DEMO{day}{number:02d}",
            f":25:{iban}",
            f":28C:{on.timetuple().tm_yday:03d}/{number:03d}",
            f":60F:C{day}HUF0,00",
        ]
        total = 0
        for serial, (amount, name, remark) in enumerate(by_account[tax_type], start=1):
            total += amount
            lines += [
                f":61:{day}{on:%m%d}C{_mt940_amount(amount)}NTRFNONREF//{day}{number:02d}{serial:04d}",
                # The remark first (what the matching reads), the payer on the next line.
                f":86:{remark}"[:65],
                f"ATUTALAS JOVAIRAS/{name}"[:65],
            ]
        lines += [f":62F:C{day}HUF{_mt940_amount(total)}", "-"]
    return "\r\n".join(lines) + "\r\n"
