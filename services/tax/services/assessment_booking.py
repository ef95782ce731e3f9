"""Booking an assessment: the decisions of a chunk of taxpayers, their ledger rows, their
registration in the registry and their route to the portal mailbox or a print batch.

A run's decisions are written with COPY (``bulk_rows.insert_rows``) and registered together
(``documents.register_documents``: n sub-numbers in one locked update of the case); the
ledger rows go through ``ledger.book_entries_in_bulk``."""

from django.utils.translation import gettext as _

from services.documents import services as documents
from services.documents.constants import Direction

from ..constants import ChargeOrigin, DeliveryChannel, EntryKind, TaxType
from ..models import AssessmentDecision, DecisionDelivery, DecisionKind
from .bulk_rows import insert_rows
from .duedates import half_year_due_dates, mid_year_due_date, split_in_halves
from .errors import TaxError
from .ledger import book_entries_in_bulk

# The registry's case type of an assessment (data/retention_schedule.json): building tax
# for a run (it covers the three), the taxpayer's main tax type for a single decision.
CASE_TYPE_CODES = {TaxType.BUILDING: "D-402", TaxType.LAND: "D-403", TaxType.COMMUNAL: "D-404"}


class Booking:
    """The decisions and ledger rows of one chunk of taxpayers, written together."""

    def __init__(self, municipality, year, decided_on, actor):
        self.municipality, self.year, self.decided_on, self.actor = (
            municipality,
            year,
            decided_on,
            actor,
        )
        self.decisions, self.rows = [], []
        # The calendar is read once per booking, not once per taxpayer.
        self.half_year_due_dates = half_year_due_dates(year)

    def add(self, taxpayer_id, lines, totals, fingerprint, last, booked, *, kind, final_on):
        sequence = 1 if last is None else last["sequence"] + 1
        booked = booked.get(taxpayer_id, {})
        for tax_type in sorted(set(totals) | set(booked)):
            difference = totals.get(tax_type, 0) - booked.get(tax_type, 0)
            key = f"assessment:{self.year}:{taxpayer_id}:{tax_type}:{sequence}"
            common = dict(
                taxpayer_id=taxpayer_id,
                tax_type=tax_type,
                origin=ChargeOrigin.ASSESSMENT,
                booked_on=self.decided_on,
                period_year=self.year,
            )
            if difference > 0 and kind == DecisionKind.ANNUAL:
                due_dates = self.half_year_due_dates
                for instalment, (part, due_on) in enumerate(
                    zip(split_in_halves(difference), due_dates, strict=True), start=1
                ):
                    if part > 0:
                        self.rows.append(
                            dict(
                                common,
                                kind=EntryKind.CHARGE,
                                amount=part,
                                due_on=due_on,
                                instalment=instalment,
                                idempotency_key=f"{key}:{instalment}",
                            )
                        )
            elif difference > 0:
                self.rows.append(
                    dict(
                        common,
                        kind=EntryKind.CHARGE,
                        amount=difference,
                        due_on=mid_year_due_date(final_on or self.decided_on),
                        idempotency_key=key,
                    )
                )
            elif difference < 0:
                self.rows.append(
                    dict(
                        common,
                        kind=EntryKind.CREDIT,
                        amount=-difference,
                        note=_("Assessment reduced by a correcting decision"),
                        idempotency_key=key,
                    )
                )
        # A dict, not an instance: a run builds 200,000 of them, a preview only counts them.
        decision = dict(
            municipality_id=self.municipality.pk,
            taxpayer_id=taxpayer_id,
            year=self.year,
            sequence=sequence,
            kind=kind,
            lines=lines,
            totals=totals,
            total=sum(totals.values()),
            fingerprint=fingerprint,
            decided_on=self.decided_on,
            final_on=final_on,
            run_id=None,
            registry_number="",
            document_id=None,
            delivery_channel="",
            delivery="",
            print_batch_id=None,
        )
        self.decisions.append(decision)
        return decision

    def register(self, case_for, details, print_batch_for):
        """Register the decisions as outgoing documents of the case ``case_for()`` gives
        (none: unregistered), numbered in their order, and route each by the taxpayer's
        delivery channel. ``details``: {taxpayer id: (name, delivery channel)}."""
        names = []
        for decision in self.decisions:
            name, channel = details.get(decision["taxpayer_id"], ("", DeliveryChannel.POST))
            names.append(name)
            decision["delivery_channel"] = channel
            if channel == DeliveryChannel.PORTAL_MAILBOX:
                decision["delivery"] = DecisionDelivery.AWAITING_PORTAL
            else:
                decision["delivery"] = DecisionDelivery.PRINT_BATCH
                decision["print_batch_id"] = print_batch_for().pk
        if case_for is None or not self.decisions:
            return
        registered = documents.register_documents(
            case_for(),
            [
                documents.NewDocument(
                    direction=Direction.OUTGOING,
                    subject=_("Assessment decision %(year)s: %(name)s")
                    % {"year": decision["year"], "name": name},
                    correspondent=name,
                    is_decision=True,
                )
                for decision, name in zip(self.decisions, names, strict=True)
            ],
            actor=self.actor,
        )
        for decision, document in zip(self.decisions, registered, strict=True):
            decision["document_id"] = document.pk
            decision["registry_number"] = document.registry_number

    def write(self, *, copy=True):
        """Store the decisions (COPY; or instances through ``bulk_create``, kept in
        ``self.saved`` with their keys) and book the ledger rows; returns the rows booked."""
        by_taxpayer = {d["taxpayer_id"]: d for d in self.decisions}
        for row in self.rows:
            decision = by_taxpayer[row["taxpayer_id"]]
            row["reference"] = (
                decision["registry_number"] or f"{decision['year']}/{decision['sequence']}"
            )
        if copy and self.decisions:
            insert_rows(AssessmentDecision, self.decisions)
        else:
            self.saved = AssessmentDecision.objects.bulk_create(
                [AssessmentDecision(**d) for d in self.decisions], batch_size=1000
            )
        return book_entries_in_bulk(self.municipality, self.rows, actor=self.actor)


def open_case(municipality, year, taxpayer_name=None, tax_type=TaxType.BUILDING, actor=None):
    case_type = documents.case_types(municipality).filter(code=CASE_TYPE_CODES[tax_type]).first()
    if case_type is None:
        raise TaxError(
            _("The registry has no case type %(code)s for assessments.")
            % {"code": CASE_TYPE_CODES[tax_type]}
        )
    if taxpayer_name is None:
        subject = _("Annual assessment of local taxes, %(year)s") % {"year": year}
        client = _("The taxpayers of %(municipality)s") % {"municipality": municipality.name}
    else:
        subject = _("Assessment of local taxes, %(year)s") % {"year": year}
        client = taxpayer_name
    return documents.open_case(
        municipality,
        case_type=case_type,
        subject=subject,
        client_name=client,
        initiated_by_request=False,
        actor=actor,
    )
