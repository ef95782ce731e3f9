"""The state of the registers on one day (who was who, what was where, who owned what):
what the annual assessment reads for 1 January and the officer's card shows."""

import datetime
from dataclasses import dataclass, field

from ..models import (
    Ownership,
    PropertyDetails,
    Representation,
    TaxObject,
    TaxpayerDetails,
)
from ..models.registers import DatedModel


@dataclass
class RegisterState:
    """The registers as they stood on one day."""

    day: datetime.date
    taxpayers: dict = field(default_factory=dict)  # taxpayer id -> TaxpayerDetails
    properties: dict = field(default_factory=dict)  # property id -> PropertyDetails
    ownerships: list = field(default_factory=list)
    tax_objects: list = field(default_factory=list)
    representations: list = field(default_factory=list)

    def holdings_of(self, taxpayer):
        return [row for row in self.ownerships if row.holder_id == taxpayer.pk]

    def holders_of(self, prop):
        return [row for row in self.ownerships if row.property_id == prop.pk]


def state_on(municipality, day):
    """Who was who, what was where and who owned what on ``day`` (e.g. 1 January, the day
    building, land and communal tax follow). A handful of queries, whatever the size."""
    on = DatedModel.on(day)
    scoped = {"municipality": municipality}
    return RegisterState(
        day=day,
        taxpayers={
            row.taxpayer_id: row
            for row in TaxpayerDetails.objects.filter(on, **scoped).order_by("valid_from")
        },
        properties={
            row.property_id: row
            for row in PropertyDetails.objects.filter(on, **scoped).order_by("valid_from")
        },
        ownerships=list(
            Ownership.objects.filter(on, **scoped)
            .select_related("property", "holder")
            .order_by("property_id", "pk")
        ),
        tax_objects=list(TaxObject.objects.filter(on, **scoped).order_by("pk")),
        representations=list(Representation.objects.filter(on, **scoped).order_by("pk")),
    )
