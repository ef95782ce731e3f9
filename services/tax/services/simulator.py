"""The rate simulator: a draft decree's effect on the municipality's own base, against the
decree in force, before the council adopts it. A fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from ..models import Decree
from .annual import DecreeRates, annual_tax, decree_in_force, object_states
from .registers import state_on


@dataclass(frozen=True)
class TaxpayerChange:
    taxpayer_id: int
    name: str
    old: int
    new: int

    @property
    def change(self):
        return self.new - self.old


@dataclass
class Simulation:
    decree: Decree
    in_force: Decree | None
    day: datetime.date
    # tax type -> (revenue under the decree in force, revenue under the draft), forints
    revenue: dict = field(default_factory=dict)
    rises: int = 0
    falls: int = 0
    unchanged: int = 0
    largest: list = field(default_factory=list)
    # Objects whose tax the register cannot tell (tourist tax, HIPA, percent rates):
    # returns bring their bases; the simulator leaves them out and says how many.
    unmeasured: int = 0

    @property
    def total(self):
        old = sum(pair[0] for pair in self.revenue.values())
        new = sum(pair[1] for pair in self.revenue.values())
        return old, new


def simulate(decree, *, top=10):
    """The decree's effect on the municipality's own base on 1 January of its year,
    against the decree in force: revenue per tax type, how many taxpayers pay more, less
    or the same, and the ``top`` largest changes. A fixed number of queries."""
    day = datetime.date(decree.tax_year, 1, 1)
    in_force = decree_in_force(decree.municipality, decree.tax_year, excluding=decree)
    new_rates, old_rates = DecreeRates.of(decree), DecreeRates.of(in_force)
    state = state_on(decree.municipality, day)
    revenue = defaultdict(lambda: [0, 0])
    per_taxpayer = defaultdict(lambda: [0, 0])
    unmeasured = set()
    for object_state in object_states(state):
        old, new = annual_tax(object_state, old_rates), annual_tax(object_state, new_rates)
        if not (old.measured and new.measured):
            unmeasured.add(object_state.tax_object_id)
            continue
        revenue[object_state.tax_type][0] += old.amount
        revenue[object_state.tax_type][1] += new.amount
        per_taxpayer[object_state.taxpayer_id][0] += old.amount
        per_taxpayer[object_state.taxpayer_id][1] += new.amount
    result = Simulation(
        decree=decree,
        in_force=in_force,
        day=day,
        revenue={tax_type: tuple(pair) for tax_type, pair in revenue.items()},
        unmeasured=len(unmeasured),
    )
    changes = []
    for taxpayer_id, (old, new) in per_taxpayer.items():
        if new > old:
            result.rises += 1
        elif new < old:
            result.falls += 1
        else:
            result.unchanged += 1
        details = state.taxpayers.get(taxpayer_id)
        changes.append(TaxpayerChange(taxpayer_id, details.name if details else "", old, new))
    changes.sort(key=lambda row: (-abs(row.change), row.taxpayer_id))
    result.largest = [row for row in changes[:top] if row.change]
    return result
