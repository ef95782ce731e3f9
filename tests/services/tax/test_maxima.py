"""The statutory maxima per year (Htv. 16., 22., 26., 33. §, indexed by Htv. 6. § c)), the
check of a decree against them, a year whose index is not on record, and the integrity of
the legal data tables (maxima, KSH indices, base rates)."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError

from services.tax import services as tax
from services.tax.constants import UNITS_BY_TAX_TYPE, RateUnit, TaxType, UseCategory
from services.tax.rules import base_rates
from services.tax.services import maxima

NBSP = "\u00a0"
DATA = Path(django_settings.BASE_DIR) / "data" / "tax"


def _data():
    return json.loads((DATA / "maxima.json").read_text(encoding="utf-8"))


def _use_maxima(settings, tmp_path, data, name="maxima.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    settings.TAX_MAXIMA_FILE = str(path)


def _building_decree(municipality, year, amount):
    decree = tax.create_decree(municipality, tax_year=year, title="a helyi adókról")
    tax.add_line(
        decree,
        tax_type=TaxType.BUILDING,
        category=UseCategory.DWELLING,
        unit=RateUnit.FT_PER_M2,
        amount=amount,
    )
    return decree


def test_the_2026_building_tax_maximum_is_the_statutory_figure_indexed_by_the_ksh_chain():
    limit = tax.maximum(TaxType.BUILDING, RateUnit.FT_PER_M2, 2026)
    # 1 100 × Π KSH index 2003–2024 (× 2,781153…), cut to three decimals.
    assert limit.amount == Decimal("3059.269")
    assert limit.basis == maxima.DERIVED and limit.indexed
    assert limit.cpi_years == (2003, 2024)
    assert limit.statutory_amount == 1100 and limit.statutory_citation == "Htv. 16. § a)"
    # Honest about what is not confirmed: the 1 100 itself and the 2024 index.
    assert not limit.confirmed and set(limit.unconfirmed) == {"statutory", "2024"}


@pytest.mark.django_db
def test_a_building_tax_of_1600_in_2026_is_adopted_under_the_indexed_maximum(municipality_a):
    decree = _building_decree(municipality_a, 2026, 1600)
    assert tax.check_decree(decree) == []
    assert tax.adopt(decree, number=21, adopted_on=datetime.date(2025, 11, 27)).is_adopted
    (note,) = tax.maximum_notes(decree)
    assert f"legfeljebb 3{NBSP}059,269{NBSP}Ft/m²" in note
    assert "KSH 2003–2024. évi éves fogyasztóiár-indexeivel valorizálva" in note


@pytest.mark.django_db
def test_over_the_indexed_maximum_is_refused_with_the_figure_and_its_source(municipality_a):
    decree = _building_decree(municipality_a, 2026, 3100)
    with pytest.raises(ValidationError) as refused:
        tax.adopt(decree, number=22, adopted_on=datetime.date(2025, 11, 27))
    (message,) = refused.value.messages
    assert (
        f"legfeljebb 3{NBSP}059,269{NBSP}Ft/m² lehet (Htv. 16. § a), a 2026. évre valorizált érték)"
        in message
    )
    assert f"a tervezetben 3{NBSP}100{NBSP}Ft/m²" in message
    assert f"a törvényi 1{NBSP}100{NBSP}Ft/m² (Htv. 16. § a))" in message
    assert "forrással nem megerősített: a törvényi összeg, a KSH 2024. évi indexe" in message
    decree.refresh_from_db()
    assert decree.state == "draft"


def test_the_ksh_chain_reproduces_the_ministrys_published_2020_figure(settings, tmp_path):
    # Without the ministry's own figure the value is derived — and is the same to the
    # third decimal, which is what confirms the chain (2003 to the year before last).
    data = _data()
    data["indexed"] = {}
    _use_maxima(settings, tmp_path, data)
    limit = tax.maximum(TaxType.COMMUNAL, RateUnit.FT_PER_OBJECT, 2020)
    assert limit.basis == maxima.DERIVED and limit.amount == Decimal("30161.907")
    assert limit.confirmed and limit.cpi_years == (2003, 2018)


def test_what_the_law_does_not_index_keeps_its_own_figure():
    assert tax.maximum(TaxType.TOURIST, RateUnit.PERCENT, 2026).amount == 4
    assert tax.maximum(TaxType.BUSINESS, RateUnit.PERCENT, 2026).basis == maxima.STATUTORY
    guest_night = tax.maximum(TaxType.TOURIST, RateUnit.FT_PER_GUEST_NIGHT, 2026)
    assert guest_night.amount == Decimal("834.346") and guest_night.indexed
    # Before 2005 nothing is indexed yet.
    assert tax.maximum(TaxType.LAND, RateUnit.FT_PER_M2, 2004).amount == 200


@pytest.mark.django_db
def test_a_year_without_its_index_refuses_only_what_it_cannot_check(
    municipality_a, settings, tmp_path
):
    data = _data()
    del data["cpi"]["2025"]  # 2027 needs the KSH index of 2025
    _use_maxima(settings, tmp_path, data)
    limit = tax.maximum(TaxType.BUILDING, RateUnit.FT_PER_M2, 2027)
    assert limit.basis == maxima.MISSING and not limit.known
    assert limit.amount == 1100 and limit.missing_years == (2025,)

    # Within the law's own figure: adopted (every indexed maximum is above it).
    low = _building_decree(municipality_a, 2027, 1000)
    assert tax.adopt(low, number=1, adopted_on=datetime.date(2026, 11, 20)).is_adopted

    # Above it: not silently refused as "over the maximum", nor accepted — it says why.
    high = _building_decree(municipality_a, 2027, 1600)
    (problem,) = tax.check_decree(high)
    assert "nem ellenőrizhető" in problem and "hiányzik a KSH 2025. évi indexe" in problem
    assert f"a törvényi 1{NBSP}100{NBSP}Ft/m² összegnél" in problem
    assert "legfeljebb" not in problem
    (use,) = tax.check_report(high)
    assert use.within is None
    with pytest.raises(ValidationError):
        tax.adopt(high, number=2, adopted_on=datetime.date(2026, 11, 20))

    # The operator adds the index as data: the same draft now passes.
    data["cpi"]["2025"] = {"index": "104.4", "status": "confirmed", "source": "KSH"}
    _use_maxima(settings, tmp_path, data, name="maxima-with-2025.json")
    assert tax.check_decree(high) == []
    assert tax.adopt(high, number=2, adopted_on=datetime.date(2026, 11, 20)).is_adopted


def test_the_maxima_table_is_complete_and_sourced():
    data = _data()
    statutory = {(row["tax_type"], row["unit"]): row for row in data["statutory"]}
    indexable = {key for key, row in statutory.items() if row["indexable"]}
    assert indexable == {
        (TaxType.BUILDING, RateUnit.FT_PER_M2),
        (TaxType.LAND, RateUnit.FT_PER_M2),
        (TaxType.COMMUNAL, RateUnit.FT_PER_OBJECT),
        (TaxType.TOURIST, RateUnit.FT_PER_GUEST_NIGHT),
    }
    assert (TaxType.BUSINESS, RateUnit.PERCENT) in statutory
    for row in data["statutory"]:
        assert row["citation"].startswith("Htv. ") and row["source"]
        assert row["status"] in ("confirmed", "unconfirmed")
        Decimal(row["amount"])
    years = sorted(int(year) for year in data["cpi"])
    assert years[0] == data["indexing"]["first_cpi_year"]
    assert years == list(range(years[0], years[-1] + 1)), "a gap in the KSH indices"
    for row in data["cpi"].values():
        assert row["status"] in ("confirmed", "unconfirmed") and row["source"]
        assert Decimal("80") < Decimal(row["index"]) < Decimal("150")
    for figures in data["indexed"].values():
        for key, row in figures.items():
            assert tuple(key.split(":")) in indexable and row["source"]


def test_the_base_rate_table_is_sorted_and_sourced():
    rows = json.loads((DATA / "base_rates.json").read_text(encoding="utf-8"))["rates"]
    days = [datetime.date.fromisoformat(row["from"]) for row in rows]
    assert days == sorted(days) and len(set(days)) == len(days)
    for row, previous in zip(rows[1:], rows, strict=False):
        assert row["percent"] != previous["percent"], f"no change on {row['from']}"
    for row in rows:
        assert row["status"] in ("confirmed", "unconfirmed") and row["source"].strip()
        assert Decimal("0") <= Decimal(row["percent"]) < Decimal("30")
    # What the code reads is the same table, oldest first.
    assert [rate.valid_from for rate in base_rates()] == days


def test_every_category_a_line_may_name_has_a_maximum_where_the_law_sets_one():
    # A unit the decree editor offers for a tax type either has a statutory row or the
    # law sets none (none today): the check never skips a line by accident.
    for tax_type, units in UNITS_BY_TAX_TYPE.items():
        for unit in units:
            assert tax.maximum(tax_type, unit, 2026) is not None, (tax_type, unit)
