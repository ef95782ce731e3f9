"""One line of a register CSV into the registers (services.tax.services.imports): each
kind's importer finds the record by its natural key and tells what the line did —
"created", "changed" (a new dated history row), "unchanged" — or the problems found.
Every write goes through the register services (services.tax.services.registers)."""

import re
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sites.normalise import structured

from ..constants import (
    DeliveryChannel,
    PropertyKind,
    RightKind,
    TaxObjectKind,
    TaxpayerKind,
    TaxType,
    UseCategory,
)
from ..models import Ownership, Property, Representation, TaxObject
from . import registers
from .errors import TaxError
from .import_cells import _Cells


def _taxpayer(municipality, cells, column):
    """The municipality's taxpayer named by the identifier in ``column`` (or a problem)."""
    value = cells.text(column, required=True)
    if not value:
        return None
    found = registers.find_taxpayer(municipality, value)
    if found is None:
        cells._fail(column, _("no taxpayer with the identifier %(id)s.") % {"id": value})
    return found


def _parcel(cells, column, *, required=True):
    """The column's parcel number as the register writes it (or a problem)."""
    from services.forms import services as forms

    value = cells.text(column, required=required)
    if not value:
        return None
    try:
        return forms.normalise_parcel_number(value)
    except ValidationError as error:
        cells._fail(column, " ".join(error.messages))
        return None


def _find_property(municipality, parcel):
    # The register's natural key of a property. (registers.py has find_taxpayer but no
    # find_property yet; this is the one lookup of the import.)
    return Property.objects.for_municipality(municipality).filter(parcel_number=parcel).first()


def _property(municipality, cells, column, *, required=True):
    parcel = _parcel(cells, column, required=required)
    if parcel is None:
        return None
    found = _find_property(municipality, parcel)
    if found is None:
        cells._fail(
            column, _("no property with the parcel number %(parcel)s.") % {"parcel": parcel}
        )
    return found


def _identifier_kind(value):
    digits = re.sub(r"\D", "", structured(value))
    return (
        TaxpayerKind.PERSON
        if len(digits) == 10 and digits.startswith("8")
        else TaxpayerKind.ORGANISATION
    )


def _given(row, details):
    """The details a row gives: a column the file does not have, or an empty choice, keeps
    what is registered (a new record gets the default)."""
    present = row.get("_names", {})
    return {name: value for name, value in details.items() if name in present and value is not None}


def _import_taxpayer(municipality, row, actor):
    cells = _Cells(row)
    identifier = cells.text("identifier", required=True)
    kind = cells.choice("kind", TaxpayerKind, default=_identifier_kind(identifier))
    details = {
        "family_name": cells.text("family_name", required=True),
        "given_names": cells.text("given_names"),
        "postal_code": structured(cells.text("postal_code", required=True)),
        "settlement": cells.text("settlement", required=True),
        "address_line": cells.text("address_line", required=True),
        "delivery_channel": cells.choice("delivery_channel", DeliveryChannel),
    }
    valid_from = cells.date("valid_from", required=True)
    if identifier and kind:
        try:
            identifier = registers.normalise_identifier(kind, identifier)
        except TaxError as error:
            cells._fail("identifier", str(error))
    if cells.problems:
        return cells.problems
    details = _given(row, details)
    taxpayer = registers.find_taxpayer(municipality, identifier)
    if taxpayer is None:
        registers.register_taxpayer(
            municipality,
            kind=kind,
            identifier=identifier,
            valid_from=valid_from,
            actor=actor,
            **{"given_names": "", "delivery_channel": DeliveryChannel.POST, **details},
        )
        return "created"
    if taxpayer.kind != kind:
        cells._fail("identifier", _("registered as another kind of taxpayer."))
        return cells.problems
    current = registers.details_on(taxpayer, valid_from)
    if current is not None and all(getattr(current, k) == v for k, v in details.items()):
        return "unchanged"
    registers.change_taxpayer(taxpayer, valid_from=valid_from, actor=actor, **details)
    return "changed"


def _import_property(municipality, row, actor):
    cells = _Cells(row)
    parcel = _parcel(cells, "parcel_number")
    details = {
        "address": cells.text("address", required=True),
        "area_m2": cells.area("area_m2"),
        "kind": cells.choice("kind", PropertyKind, required=True),
        "use_category": cells.choice("use_category", UseCategory, required=True),
        "zone": cells.text("zone"),
    }
    valid_from = cells.date("valid_from", required=True)
    if cells.problems:
        return cells.problems
    details = _given(row, details)
    prop = _find_property(municipality, parcel)
    if prop is None:
        registers.register_property(
            municipality,
            parcel_number=parcel,
            valid_from=valid_from,
            actor=actor,
            **{"zone": "", **details},
        )
        return "created"
    current = registers.property_details_on(prop, valid_from)
    if current is not None and all(getattr(current, k) == v for k, v in details.items()):
        return "unchanged"
    registers.change_property(prop, valid_from=valid_from, actor=actor, **details)
    return "changed"


def _dated_link(rows, valid_from, valid_to, same, create):
    """The history of one natural key (a share, a representation, a tax object): the same
    row again changes nothing, a closing date closes the open row, anything else different
    from a later date closes the open row there and starts a new one."""
    if any(r.valid_from == valid_from and r.valid_to == valid_to and same(r) for r in rows):
        return "unchanged"
    current = next((r for r in rows if r.valid_to is None), None)
    if current is not None and valid_to is not None and valid_to <= current.valid_from:
        create()  # an earlier, closed period: history before the current row
        return "created"
    if current is not None and same(current) and current.valid_from <= valid_from:
        if valid_to is None:
            return "unchanged"  # still holds, as registered
        registers.end(current, valid_to=valid_to)
        return "changed"
    if current is not None and valid_from > current.valid_from:
        registers.end(current, valid_to=valid_from)
        create()
        return "changed"
    if current is not None:
        raise TaxError(
            _("A change must take effect after %(date)s, when the current record starts.")
            % {"date": current.valid_from.isoformat()}
        )
    create()
    return "created"


def _dates(cells):
    valid_from = cells.date("valid_from", required=True)
    valid_to = cells.date("valid_to")
    if valid_from and valid_to and valid_to <= valid_from:
        cells._fail("valid_to", _("The end of validity must be later than its start."))
    return valid_from, valid_to


def _import_ownership(municipality, row, actor):
    cells = _Cells(row)
    prop = _property(municipality, cells, "parcel_number")
    holder = _taxpayer(municipality, cells, "holder")
    share = cells.share("share")
    right = cells.choice("right", RightKind, default=RightKind.OWNER)
    valid_from, valid_to = _dates(cells)
    if cells.problems:
        return cells.problems
    rows = list(
        Ownership.objects.filter(
            municipality=municipality, property=prop, holder=holder, right=right
        ).order_by("valid_from")
    )
    return _dated_link(
        rows,
        valid_from,
        valid_to,
        lambda r: Fraction(r.share_numerator, r.share_denominator) == Fraction(*share),
        lambda: registers.record_ownership(
            prop,
            holder,
            share=share,
            right=right,
            valid_from=valid_from,
            valid_to=valid_to,
            actor=actor,
        ),
    )


def _import_tax_object(municipality, row, actor):
    cells = _Cells(row)
    tax_type = cells.choice("tax_type", TaxType, required=True)
    kind = cells.choice("kind", TaxObjectKind, required=True)
    is_property = kind == TaxObjectKind.PROPERTY
    prop = _property(municipality, cells, "parcel_number", required=is_property)
    operator = (
        _taxpayer(municipality, cells, "operator")
        if kind and not is_property or cells.text("operator")
        else None
    )
    description = cells.text("description")
    valid_from, valid_to = _dates(cells)
    if cells.problems:
        return cells.problems
    scope = (
        {"property": prop} if is_property else {"taxpayer": operator, "description": description}
    )
    rows = list(
        TaxObject.objects.filter(
            municipality=municipality, tax_type=tax_type, kind=kind, **scope
        ).order_by("valid_from")
    )
    return _dated_link(
        rows,
        valid_from,
        valid_to,
        lambda r: (
            r.taxpayer_id == (operator.pk if operator else None) and r.description == description
        ),
        lambda: registers.register_tax_object(
            municipality,
            tax_type=tax_type,
            kind=kind,
            property=prop,
            taxpayer=operator,
            description=description,
            valid_from=valid_from,
            valid_to=valid_to,
            actor=actor,
        ),
    )


def _import_representation(municipality, row, actor):
    cells = _Cells(row)
    taxpayer = _taxpayer(municipality, cells, "taxpayer")
    representative = _taxpayer(municipality, cells, "representative")
    tax_types = cells.tax_types("tax_types")
    valid_from, valid_to = _dates(cells)
    if cells.problems:
        return cells.problems
    rows = list(
        Representation.objects.filter(
            municipality=municipality, taxpayer=taxpayer, representative=representative
        ).order_by("valid_from")
    )
    return _dated_link(
        rows,
        valid_from,
        valid_to,
        lambda r: sorted(r.tax_types) == tax_types,
        lambda: registers.add_representation(
            taxpayer,
            representative,
            valid_from=valid_from,
            valid_to=valid_to,
            tax_types=tax_types,
            actor=actor,
        ),
    )
