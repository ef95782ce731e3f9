"""Due dates (esedékesség): the two halves of the assessed taxes and a mid-year decision's.

Building, land and communal tax fall due in two halves, on 15 March and 15 September; a
decision made during the year falls due on the 15th day after it becomes final. A due date
on a rest day moves to the next working day, by the platform's working-day calendar (the
registry's, ``data/calendar``, reached through the documents façade). The days are data:
``rules.json`` "due_dates"."""

import datetime

from services.documents import services as documents

from ..rules import rules


def _calendar(calendar):
    return calendar or documents.default_calendar()


def half_year_due_dates(year, calendar=None):
    """The two due dates of an annual charge: (first half, second half)."""
    working = _calendar(calendar)
    return tuple(
        working.next_working_day(datetime.date(year, month, day))
        for month, day in rules()["due_dates"]["half_years"]
    )


def mid_year_due_date(final_on, calendar=None):
    """A mid-year decision's due date: the 15th day after it becomes final."""
    days = rules()["due_dates"]["days_after_final_decision"]
    return _calendar(calendar).next_working_day(final_on + datetime.timedelta(days=days))


def split_in_halves(amount):
    """An annual amount in two whole-forint halves; an odd forint goes to the first."""
    second = amount // 2
    return amount - second, second


def book_annual_charge(
    taxpayer, tax_type, year, amount, *, origin, booked_on, reference="", actor=None
):
    """An annual assessed tax as two charges, due on the two half-year dates. With the same
    reference, a second call books nothing (a re-run of an assessment)."""
    from .ledger import book_charge

    entries = []
    for instalment, (part, due_on) in enumerate(
        zip(split_in_halves(amount), half_year_due_dates(year), strict=True), start=1
    ):
        if part <= 0:
            continue
        key = f"annual:{taxpayer.pk}:{tax_type}:{year}:{instalment}:{reference}"
        entries.append(
            book_charge(
                taxpayer,
                tax_type,
                part,
                origin=origin,
                due_on=due_on,
                booked_on=booked_on,
                period_year=year,
                instalment=instalment,
                reference=reference,
                idempotency_key=key[:120],
                actor=actor,
            )
        )
    return entries
