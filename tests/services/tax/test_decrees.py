"""Rate decrees: the citation, the maxima check on adoption, immutability, the annual tax
of one object, and the rate simulator on a small hand-checkable base."""

import datetime
import importlib
import sqlite3
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from services.forms.validators import tax_id_check_digit
from services.tax import services as tax
from services.tax.constants import (
    PropertyKind,
    RateCategory,
    RateUnit,
    RuleKind,
    TaxObjectKind,
    TaxType,
    UseCategory,
)
from services.tax.models import AdoptedDecreeError, Decree, DecreeLine, DecreeRule
from services.tax.services.decrees import birth_date_from_tax_id as tax_birth_date
from tests.factories.tax import building, person

decree_migration = importlib.import_module("services.tax.migrations.0003_decrees")

JAN_1_2026 = datetime.date(2026, 1, 1)
NBSP = "\u00a0"


def tax_id_born(birth_date, serial=1):
    """An adóazonosító jel of a person born on ``birth_date`` (digits 2–6: days since
    1 January 1867)."""
    days = (birth_date - datetime.date(1867, 1, 1)).days
    while True:
        first_nine = f"8{days:05d}{serial:03d}"
        check = tax_id_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        serial += 1


# ---------------------------------------------------------------------------- citation


def test_a_decree_is_cited_by_number_year_and_roman_month():
    assert tax.format_citation(15, datetime.date(2025, 11, 5)) == "15/2025. (XI. 5.)"
    assert tax.format_citation(3, datetime.date(2026, 2, 14)) == "3/2026. (II. 14.)"


@pytest.mark.parametrize(
    "text", ["15/2025. (XI. 5.)", "15/2025.(XI.5.)", " 15 / 2025. (11. 05.) ", "15/2025. (xi. 5.)"]
)
def test_a_citation_is_read_in_its_usual_spellings(text):
    assert tax.parse_citation(text) == (15, datetime.date(2025, 11, 5))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15/2025", "szám/év"),
        ("15/2025. (XIII. 5.)", "szám/év"),
        ("15/2025. (IIII. 5.)", "szám/év"),
        ("15/2025. (II. 30.)", "nem létező"),
        ("0/2025. (II. 3.)", "szám/év"),
    ],
)
def test_a_wrong_citation_is_refused_in_hungarian(text, message):
    with pytest.raises(tax.TaxError, match=message):
        tax.parse_citation(text)


# ---------------------------------------------------------------------------- adoption


def _draft(municipality, year=2026, **line):
    decree = tax.create_decree(municipality, tax_year=year, title="a helyi adókról")
    if line:
        tax.add_line(decree, **line)
    return decree


def test_a_rate_over_the_maximum_cannot_be_adopted_and_the_message_quotes_it(municipality_a):
    # 2004: before the Htv. 6. § c) indexing starts (2005), the law's own 1 100 Ft/m².
    decree = _draft(municipality_a, year=2004)
    tax.add_line(
        decree,
        tax_type=TaxType.BUILDING,
        category=UseCategory.DWELLING,
        unit=RateUnit.FT_PER_M2,
        amount=900,
    )
    tax.add_line(
        decree,
        tax_type=TaxType.BUILDING,
        category=UseCategory.COMMERCIAL,
        unit=RateUnit.FT_PER_M2,
        amount="1 200",
    )
    with pytest.raises(ValidationError) as refused:
        tax.adopt(decree, number=15, adopted_on=datetime.date(2003, 11, 5))
    (message,) = refused.value.messages  # the line within the maximum is not named
    assert f"legfeljebb 1{NBSP}100{NBSP}Ft/m² lehet (Htv. 16. § a))" in message
    assert "2. sora" in message and f"1{NBSP}200{NBSP}Ft/m²" in message
    assert "A felső határ: a törvényben szereplő összeg (Htv. 16. § a))" in message
    decree.refresh_from_db()
    assert decree.state == "draft" and decree.number is None


def test_a_percentage_over_the_maximum_is_quoted_as_a_percentage(municipality_a):
    decree = _draft(
        municipality_a,
        tax_type=TaxType.BUSINESS,
        category=RateCategory.BUSINESS_BASE,
        unit=RateUnit.PERCENT,
        amount="2,5",
    )
    with pytest.raises(ValidationError, match=r"legfeljebb 2% lehet \(Htv. 40. § \(1\)\)"):
        tax.adopt(decree, number=1, adopted_on=datetime.date(2025, 11, 5))


def test_the_indexed_maximum_of_the_year_is_used_where_known(municipality_a):
    # 2020: the ministry's indexed communal-tax maximum is 30 161,907 Ft per object.
    within = _draft(
        municipality_a,
        year=2020,
        tax_type=TaxType.COMMUNAL,
        category=RateCategory.FLAT,
        unit=RateUnit.FT_PER_OBJECT,
        amount=25000,
    )
    assert tax.adopt(within, number=1, adopted_on=datetime.date(2019, 11, 29)).is_adopted
    over = _draft(
        municipality_a,
        year=2020,
        tax_type=TaxType.COMMUNAL,
        category=RateCategory.FLAT,
        unit=RateUnit.FT_PER_OBJECT,
        amount=31000,
    )
    with pytest.raises(ValidationError) as refused:
        tax.adopt(over, number=2, adopted_on=datetime.date(2019, 11, 29))
    (message,) = refused.value.messages
    assert f"legfeljebb 30{NBSP}161,907{NBSP}Ft/adótárgy lehet" in message
    assert "2020. évre valorizált" in message
    assert "a minisztérium által a 2020. évre közzétett érték" in message
    limit = tax.maximum(TaxType.COMMUNAL, RateUnit.FT_PER_OBJECT, 2020)
    assert limit.indexed and limit.confirmed and limit.amount == Decimal("30161.907")


def test_adoption_needs_a_number_free_in_the_year(municipality_a):
    line = dict(
        tax_type=TaxType.LAND, category=RateCategory.PLOT, unit=RateUnit.FT_PER_M2, amount=100
    )
    first = _draft(municipality_a, **line)
    with pytest.raises(ValidationError, match="számával és elfogadásának napjával"):
        tax.adopt(first)
    adopted = tax.adopt(first, number=7, adopted_on=datetime.date(2025, 11, 5))
    assert adopted.citation == "7/2025. (XI. 5.)" and adopted.adopted_at is not None
    second = _draft(municipality_a, **line)
    with pytest.raises(ValidationError, match="7/2025"):
        tax.adopt(second, number=7, adopted_on=datetime.date(2025, 12, 1))
    assert tax.adopt(second, number=8, adopted_on=datetime.date(2025, 12, 1)).is_adopted


def test_a_unit_or_category_the_tax_type_has_not_is_refused(municipality_a):
    decree = _draft(municipality_a)
    with pytest.raises(tax.TaxError, match="kommunális"):
        tax.add_line(
            decree,
            tax_type=TaxType.COMMUNAL,
            category=RateCategory.FLAT,
            unit=RateUnit.FT_PER_M2,
            amount=100,
        )
    with pytest.raises(tax.TaxError, match="telek"):
        tax.add_line(
            decree,
            tax_type=TaxType.LAND,
            category=UseCategory.DWELLING,
            unit=RateUnit.FT_PER_M2,
            amount=100,
        )
    with pytest.raises(tax.TaxError, match="szám"):
        tax.add_line(
            decree,
            tax_type=TaxType.LAND,
            category=RateCategory.PLOT,
            unit=RateUnit.FT_PER_M2,
            amount="sok",
        )
    assert not DecreeLine.objects.for_municipality(municipality_a).filter(decree=decree).exists()


def test_an_adopted_decree_never_changes_an_amending_decree_does(municipality_a):
    decree = _draft(
        municipality_a,
        tax_type=TaxType.BUILDING,
        category=UseCategory.DWELLING,
        unit=RateUnit.FT_PER_M2,
        amount=500,
    )
    tax.add_rule(
        decree, tax_type=TaxType.BUILDING, kind=RuleKind.EXEMPTION, category=UseCategory.GARAGE
    )
    tax.adopt(decree, number=15, adopted_on=datetime.date(2025, 11, 5))
    with pytest.raises(tax.TaxError, match="módosító rendelet"):
        tax.add_line(
            decree,
            tax_type=TaxType.LAND,
            category=RateCategory.PLOT,
            unit=RateUnit.FT_PER_M2,
            amount=1,
        )
    stored = Decree.objects.for_municipality(municipality_a).get(pk=decree.pk)
    stored.title = "átírva"
    with pytest.raises(AdoptedDecreeError):
        stored.save()
    line = DecreeLine.objects.for_municipality(municipality_a).get(decree=decree)
    line.amount = Decimal(1)
    with pytest.raises(AdoptedDecreeError):
        line.save()
    with pytest.raises(AdoptedDecreeError):
        line.delete()
    with pytest.raises(AdoptedDecreeError):
        DecreeRule.objects.for_municipality(municipality_a).get(decree=decree).delete()
    with pytest.raises(ValidationError, match="már elfogadták"):
        tax.adopt(decree)
    assert DecreeLine.objects.for_municipality(municipality_a).get(decree=decree).amount == 500

    amendment = tax.draft_amendment(decree, title="módosítás")
    assert amendment.amends == decree and not amendment.is_adopted
    assert DecreeLine.objects.for_municipality(municipality_a).filter(decree=amendment).count() == 1
    assert DecreeRule.objects.for_municipality(municipality_a).filter(decree=amendment).count() == 1


# ---------------------------------------------------------------------------- annual tax
# Pure: the rates are built in memory, nothing is read from the database.


def _rates(*lines, rules=()):
    return tax.DecreeRates(
        decree=None,
        lines=tuple(
            DecreeLine(
                **{"pk": i, "position": i, "zone": "", "area_from": None, "area_to": None, **line}
            )
            for i, line in enumerate(lines, start=1)
        ),
        rules=tuple(
            DecreeRule(**{"pk": i, "category": "", "zone": "", "description": "", **rule})
            for i, rule in enumerate(rules, start=1)
        ),
    )


def _object(**fields):
    defaults = dict(
        tax_object_id=1,
        taxpayer_id=1,
        tax_type=TaxType.BUILDING,
        day=JAN_1_2026,
        property_kind=PropertyKind.BUILDING,
        use_category=UseCategory.DWELLING,
        zone="belváros",
        area_m2=Decimal("100"),
    )
    return tax.ObjectState(**{**defaults, **fields})


def _line(
    category=UseCategory.DWELLING,
    unit=RateUnit.FT_PER_M2,
    amount="500",
    tax_type=TaxType.BUILDING,
    **extra,
):
    return dict(tax_type=tax_type, category=category, unit=unit, amount=Decimal(amount), **extra)


def test_a_per_m2_rate_taxes_the_area_times_the_share():
    rates = _rates(_line(amount="500"))
    assert tax.annual_tax(_object(), rates).amount == 50_000
    assert tax.annual_tax(_object(share=Fraction(1, 3)), rates).amount == 16_667  # half up


def test_per_m2_bands_are_progressive_slices():
    rates = _rates(
        _line(amount="300", area_to=Decimal(60)),
        _line(amount="500", area_from=Decimal(60), area_to=Decimal(120)),
        _line(amount="800", area_from=Decimal(120)),
    )
    assert tax.annual_tax(_object(area_m2=Decimal(50)), rates).amount == 15_000
    # 60 × 300 + 40 × 500
    assert tax.annual_tax(_object(area_m2=Decimal(100)), rates).amount == 38_000
    # 60 × 300 + 60 × 500 + 30 × 800
    assert tax.annual_tax(_object(area_m2=Decimal(150)), rates).amount == 72_000


def test_a_per_object_rate_takes_the_band_of_the_whole_area():
    rates = _rates(
        _line(
            RateCategory.FLAT,
            RateUnit.FT_PER_OBJECT,
            "5000",
            TaxType.COMMUNAL,
            area_to=Decimal("50.01"),
        ),
        _line(
            RateCategory.FLAT,
            RateUnit.FT_PER_OBJECT,
            "8000",
            TaxType.COMMUNAL,
            area_from=Decimal("50.01"),
        ),
        _line(RateCategory.PLOT, RateUnit.FT_PER_OBJECT, "3000", TaxType.COMMUNAL),
    )
    flat = dict(tax_type=TaxType.COMMUNAL)
    assert tax.annual_tax(_object(area_m2=Decimal(50), **flat), rates).amount == 5000
    assert tax.annual_tax(_object(area_m2=Decimal(51), **flat), rates).amount == 8000
    plot = _object(property_kind=PropertyKind.PLOT, use_category=UseCategory.OTHER, **flat)
    assert tax.annual_tax(plot, rates).amount == 3000
    company = _object(holder_is_person=False, **flat)
    assert tax.annual_tax(company, rates).amount == 0  # communal tax of private persons


def test_the_most_specific_line_applies():
    rates = _rates(
        _line(RateCategory.ANY_OBJECT, amount="200"),
        _line(UseCategory.DWELLING, amount="400"),
        _line(UseCategory.DWELLING, amount="600", zone="belváros"),
    )
    assert tax.annual_tax(_object(), rates).amount == 60_000
    assert tax.annual_tax(_object(zone="külterület"), rates).amount == 40_000
    assert tax.annual_tax(_object(use_category=UseCategory.GARAGE), rates).amount == 20_000


def test_exemptions_and_allowances_are_rules_of_the_decree():
    line = _line(RateCategory.ANY_OBJECT, amount="500")
    exempt = _rates(
        line,
        rules=[
            dict(
                tax_type=TaxType.BUILDING,
                kind=RuleKind.EXEMPTION,
                category=UseCategory.DWELLING,
                parameters={},
            )
        ],
    )
    result = tax.annual_tax(_object(), exempt)
    assert result.amount == 0 and result.lines[0].kind == "exemption"
    assert tax.annual_tax(_object(use_category=UseCategory.GARAGE), exempt).amount == 50_000

    area = _rates(
        line,
        rules=[
            dict(tax_type=TaxType.BUILDING, kind=RuleKind.AREA_ALLOWANCE, parameters={"m2": "30"})
        ],
    )
    assert tax.annual_tax(_object(), area).amount == 35_000  # (100 − 30) × 500

    both = _rates(
        line,
        rules=[
            dict(
                tax_type=TaxType.BUILDING,
                kind=RuleKind.PERCENT_ALLOWANCE,
                parameters={"percent": "20"},
            ),
            dict(
                tax_type=TaxType.BUILDING, kind=RuleKind.AMOUNT_ALLOWANCE, parameters={"ft": "5000"}
            ),
        ],
    )
    result = tax.annual_tax(_object(share=Fraction(1, 2)), both)
    assert result.amount == 17_500  # (50 000 − 10 000 − 5 000) / 2
    assert [line.amount for line in result.lines] == [50_000, -10_000, -5_000]

    small = _rates(
        _line(amount="10"),
        rules=[
            dict(
                tax_type=TaxType.BUILDING, kind=RuleKind.AMOUNT_ALLOWANCE, parameters={"ft": "5000"}
            )
        ],
    )
    assert tax.annual_tax(_object(), small).amount == 0  # never below nothing


def test_an_age_allowance_follows_the_holder_on_1_january():
    rates = _rates(
        _line(amount="500"),
        rules=[
            dict(
                tax_type=TaxType.BUILDING,
                kind=RuleKind.AGE_ALLOWANCE,
                parameters={"age": "70", "percent": "50"},
            ),
        ],
    )
    seventy = _object(holder_birth_date=datetime.date(1956, 1, 1))
    sixty_nine = _object(holder_birth_date=datetime.date(1956, 1, 2))
    assert tax.annual_tax(seventy, rates).amount == 25_000
    assert tax.annual_tax(sixty_nine, rates).amount == 50_000
    unknown = _object(holder_birth_date=None)
    assert tax.annual_tax(unknown, rates).amount == 50_000


def test_a_base_the_register_does_not_keep_makes_the_tax_unmeasured():
    rates = _rates(
        _line(RateCategory.GUEST_NIGHT, RateUnit.FT_PER_GUEST_NIGHT, "300", TaxType.TOURIST)
    )
    nights = dict(tax_type=TaxType.TOURIST, property_kind="", use_category="")
    assert not tax.annual_tax(_object(**nights), rates).measured
    assert tax.annual_tax(_object(guest_nights=120, **nights), rates).amount == 36_000


# ---------------------------------------------------------------------------- simulator


def _own(
    municipality,
    holder,
    parcel,
    area,
    use=UseCategory.DWELLING,
    share=(1, 1),
    kind=PropertyKind.BUILDING,
):
    prop = building(municipality, parcel=parcel, area=area, use_category=use, kind=kind)
    tax.record_ownership(prop, holder, share=share, valid_from=datetime.date(2020, 1, 1))
    for tax_type in (TaxType.LAND,) if kind == PropertyKind.PLOT else (TaxType.BUILDING,):
        tax.register_tax_object(
            municipality,
            tax_type=tax_type,
            kind=TaxObjectKind.PROPERTY,
            property=prop,
            valid_from=datetime.date(2020, 1, 1),
        )
    return prop


def _decree(municipality, year, lines, number, adopt=True):
    decree = tax.create_decree(municipality, tax_year=year, title="a helyi adókról")
    for category, unit, amount, tax_type in lines:
        tax.add_line(decree, tax_type=tax_type, category=category, unit=unit, amount=amount)
    if adopt:
        tax.adopt(decree, number=number, adopted_on=datetime.date(year - 1, 11, 5))
    return decree


def _small_base(municipality):
    a = person(municipality, "Albert", "Anna")
    b = person(municipality, "Bodnár", "Béla")
    c = person(municipality, "Czakó", "Cecília")
    d = person(municipality, "Dékány", "Dénes")
    _own(municipality, a, "101/1", "100")
    p2 = building(municipality, parcel="102/1", area="80")
    tax.record_ownership(p2, b, share=(1, 2), valid_from=datetime.date(2020, 1, 1))
    tax.record_ownership(p2, c, share=(1, 2), valid_from=datetime.date(2020, 1, 1))
    tax.register_tax_object(
        municipality,
        tax_type=TaxType.BUILDING,
        kind=TaxObjectKind.PROPERTY,
        property=p2,
        valid_from=datetime.date(2020, 1, 1),
    )
    _own(municipality, c, "103/1", "200", use=UseCategory.COMMERCIAL)
    _own(municipality, b, "104/1", "1000", use=UseCategory.OTHER, kind=PropertyKind.PLOT)
    _own(municipality, d, "105/1", "20", use=UseCategory.GARAGE)
    return a, b, c, d


OLD = [
    (UseCategory.DWELLING, RateUnit.FT_PER_M2, 500, TaxType.BUILDING),
    (UseCategory.COMMERCIAL, RateUnit.FT_PER_M2, 1000, TaxType.BUILDING),
    (UseCategory.GARAGE, RateUnit.FT_PER_M2, 300, TaxType.BUILDING),
    (RateCategory.PLOT, RateUnit.FT_PER_M2, 100, TaxType.LAND),
]
NEW = [
    (UseCategory.DWELLING, RateUnit.FT_PER_M2, 600, TaxType.BUILDING),
    (UseCategory.COMMERCIAL, RateUnit.FT_PER_M2, 1000, TaxType.BUILDING),
    (UseCategory.GARAGE, RateUnit.FT_PER_M2, 300, TaxType.BUILDING),
    (RateCategory.PLOT, RateUnit.FT_PER_M2, 50, TaxType.LAND),
]


def test_the_simulator_compares_the_draft_with_the_decree_in_force(municipality_a, municipality_b):
    a, b, c, d = _small_base(municipality_a)
    in_force = _decree(municipality_a, 2025, OLD, number=10)
    draft = _decree(municipality_a, 2026, NEW, number=None, adopt=False)
    # Another municipality: its taxpayers, objects and decrees never count.
    stranger = person(municipality_b, "Idegen", "Ida")
    _own(municipality_b, stranger, "101/1", "5000")
    _decree(
        municipality_b,
        2026,
        [(UseCategory.DWELLING, RateUnit.FT_PER_M2, 1000, TaxType.BUILDING)],
        number=1,
    )

    result = tax.simulate(draft, top=2)

    assert result.in_force == in_force and result.day == JAN_1_2026
    # building: 100×500 + 80×500 + 200×1000 + 20×300 → 100×600 + 80×600 + 200×1000 + 20×300
    assert result.revenue == {
        TaxType.BUILDING: (296_000, 314_000),
        TaxType.LAND: (100_000, 50_000),  # 1000 m² × 100 → × 50
    }
    assert result.total == (396_000, 364_000)
    # A +10 000, C +4 000 (half of 80 m² × 100), B −46 000, D the same.
    assert (result.rises, result.falls, result.unchanged) == (2, 1, 1)
    assert [(row.taxpayer_id, row.old, row.new) for row in result.largest] == [
        (b.pk, 120_000, 74_000),
        (a.pk, 50_000, 60_000),
    ]
    assert result.largest[0].name == "Bodnár Béla" and result.largest[0].change == -46_000


def test_the_simulator_reads_the_state_on_1_january(municipality_a):
    a, b, c, d = _small_base(municipality_a)
    _decree(municipality_a, 2025, OLD, number=10)
    draft = _decree(municipality_a, 2026, NEW, number=None, adopt=False)
    # A sells on 1 March 2026: for 2026 she still owes the tax, the buyer does not.
    holding = tax.state_on(municipality_a, JAN_1_2026).holdings_of(a)[0]
    buyer = person(municipality_a, "Vevő", "Vilma")
    tax.transfer_share(holding, buyer, on=datetime.date(2026, 3, 1))
    result = tax.simulate(draft)
    assert buyer.pk not in {row.taxpayer_id for row in result.largest}
    assert a.pk in {row.taxpayer_id for row in result.largest}


def test_without_a_decree_in_force_everything_is_new(municipality_a):
    _small_base(municipality_a)
    draft = _decree(municipality_a, 2026, NEW, number=None, adopt=False)
    result = tax.simulate(draft)
    assert result.in_force is None
    assert result.total == (0, 364_000) and result.rises == 4


def _base_of(municipality, size):
    for i in range(size):
        holder = person(municipality, f"Adózó{i}", "Teszt")
        _own(municipality, holder, f"{200 + i}/1", str(50 + i))


def _simulation_queries(municipality, size):
    _base_of(municipality, size)
    draft = _decree(municipality, 2026, NEW, number=None, adopt=False)
    with CaptureQueriesContext(connection) as captured:
        result = tax.simulate(draft)
    assert result.rises == size
    return len(captured)


def test_the_simulator_runs_the_same_number_of_queries_for_3_and_for_30_taxpayers(
    municipality_a, municipality_b
):
    _decree(municipality_a, 2025, OLD, number=10)
    _decree(municipality_b, 2025, OLD, number=10)
    few, many = _simulation_queries(municipality_a, 3), _simulation_queries(municipality_b, 30)
    assert few == many


def test_birth_dates_are_read_from_the_tax_id(municipality_a):
    born = datetime.date(1950, 6, 15)
    holder = person(municipality_a, identifier=tax_id_born(born))
    _own(municipality_a, holder, "301/1", "100")
    state = tax.state_on(municipality_a, JAN_1_2026)
    (only,) = tax.object_states(state)
    assert only.holder_birth_date == born and only.holder_is_person
    # The example of the number's structure: born on 13 February 1967, 36 567 days.
    assert tax_birth_date("8365670003") == datetime.date(1967, 2, 13)
    assert tax_birth_date("") is None and tax_birth_date("12345678-2-41") is None


# ---------------------------------------------------------------------------- the database


def test_the_database_refuses_to_rewrite_an_adopted_decree(municipality_a):
    decree = _decree(municipality_a, 2026, OLD, number=3)
    draft = _decree(municipality_a, 2027, OLD, number=None, adopt=False)
    decrees = Decree.objects.for_municipality(municipality_a)
    lines = DecreeLine.objects.for_municipality(municipality_a)
    attempts = [
        lambda: decrees.filter(pk=decree.pk).update(title="átírva"),
        lambda: decrees.filter(pk=decree.pk).delete(),
        lambda: lines.filter(decree=decree).update(amount=1),
        lambda: lines.filter(decree=decree).delete(),
        lambda: lines.filter(decree=draft).update(decree=decree),
        lambda: DecreeLine.objects.bulk_create(
            [
                DecreeLine(
                    municipality=municipality_a,
                    decree=decree,
                    tax_type=TaxType.LAND,
                    category=RateCategory.PLOT,
                    unit=RateUnit.FT_PER_M2,
                    amount=1,
                )
            ]
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert lines.filter(decree=decree).count() == len(OLD)
    # A draft is worked on freely.
    assert lines.filter(decree=draft).update(amount=2) == len(OLD)


@pytest.fixture
def sqlite_decrees():
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE tax_decree (id INTEGER PRIMARY KEY, state TEXT, title TEXT)")
    for table in ("tax_decreeline", "tax_decreerule"):
        database.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, decree_id INTEGER)")
    for statement in decree_migration.sqlite_statements():
        database.execute(statement)
    database.execute("INSERT INTO tax_decree VALUES (1, 'draft', 'tervezet'), (2, 'draft', 'x')")
    database.execute("INSERT INTO tax_decreeline VALUES (1, 1), (2, 2)")
    database.execute("UPDATE tax_decree SET state = 'adopted' WHERE id = 2")
    yield database
    database.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE tax_decree SET title = 'átírva' WHERE id = 2",
        "DELETE FROM tax_decree WHERE id = 2",
        "INSERT INTO tax_decreeline VALUES (3, 2)",
        "UPDATE tax_decreeline SET decree_id = 2 WHERE id = 1",
        "DELETE FROM tax_decreeline WHERE id = 2",
    ],
)
def test_sqlite_refuses_to_rewrite_an_adopted_decree(sqlite_decrees, statement):
    with pytest.raises(sqlite3.IntegrityError, match="adopted decree does not change"):
        sqlite_decrees.execute(statement)


def test_sqlite_lets_a_draft_change(sqlite_decrees):
    sqlite_decrees.execute("UPDATE tax_decree SET title = 'új' WHERE id = 1")
    sqlite_decrees.execute("INSERT INTO tax_decreeline VALUES (3, 1)")
    sqlite_decrees.execute("DELETE FROM tax_decreeline WHERE id = 1")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1 100", "1100"),
        ("1.100", "1100"),
        ("17.000", "17000"),
        ("3,6", "3.6"),
        ("1.5", "1.5"),
        ("0.250", "0.25"),
        ("30.161,907", "30161.907"),
    ],
)
def test_rates_are_read_as_hungarians_type_them(municipality_a, typed, stored):
    decree = _draft(municipality_a)
    line = tax.add_line(
        decree,
        tax_type=TaxType.LAND,
        category=RateCategory.PLOT,
        unit=RateUnit.FT_PER_M2,
        amount=typed,
    )
    assert line.amount == Decimal(stored)


def test_a_mistyped_tax_year_is_refused(municipality_a):
    with pytest.raises(tax.TaxError, match="adóév"):
        tax.create_decree(municipality_a, tax_year="jövőre", title="a helyi adókról")
