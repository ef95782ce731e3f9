"""The synthetic tax city of benchmarks/tax_city.py, at a tiny size: it still writes valid
registers and a ledger the façade reads, so the benchmark does not rot."""

import datetime

import pytest

from benchmarks.tax_city import generate_city, measure
from services.forms import services as forms
from services.tax import services as tax
from services.tax.constants import EntryKind, TaxpayerKind
from services.tax.models import LedgerEntry, TaxObject, Taxpayer

pytestmark = pytest.mark.django_db


def test_a_tiny_city_is_generated_and_measured(municipality_a):
    today = datetime.date(2026, 11, 30)
    sample, written = generate_city(municipality_a, 50, history=10, today=today)
    assert written["taxpayers"] == Taxpayer.objects.for_municipality(municipality_a).count() == 50
    assert written["objects"] == TaxObject.objects.for_municipality(municipality_a).count() == 65
    for taxpayer in Taxpayer.objects.for_municipality(municipality_a):
        if taxpayer.kind == TaxpayerKind.PERSON:
            assert forms.normalise_tax_id(taxpayer.tax_id) == taxpayer.tax_id
        else:
            assert forms.normalise_tax_number(taxpayer.tax_number) == taxpayer.tax_number
    # Five years of history, every charge paid in full: the balance is only the interest.
    entries = LedgerEntry.objects.for_municipality(municipality_a)
    assert len(sample) == 10 and entries.count() == written["ledger_entries"]
    assert set(entries.values_list("period_year", flat=True)) - {None} == set(
        range(today.year - 4, today.year + 1)
    )
    taxpayer = Taxpayer.objects.for_municipality(municipality_a).get(pk=sample[0])
    state = tax.account_state(taxpayer)
    paid = [c for c in state.open_charges() if c.origin != "interest"]
    assert paid == [] and all(e.kind != EntryKind.REVERSAL for e in state.entries)
    # A new row after the generated ones gets a free id (the sequences were moved on).
    assert tax.book_payment(taxpayer, "building", 1000, paid_on=today).pk
    timings, queries, lines = measure(municipality_a, sample, 5)
    assert len(timings) == 5 and set(queries) == {2} and min(lines) > 0
