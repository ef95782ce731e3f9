"""The demo tax office's fixed data: which municipalities, the streets and firms it draws
from, the rates of its decrees and the paying habits of its taxpayers."""

import unicodedata

from sites.constants import LegalStatus
from sites.demo.words import STATUS_WORDS

from ..constants import (
    RateCategory,
    RateUnit,
    RuleKind,
    TaxType,
    UseCategory,
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
