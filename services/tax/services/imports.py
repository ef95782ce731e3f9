"""Importing the registers and the opening balances from another system's CSV exports.

A municipality that moves here brings one CSV file per register (``KINDS``); the columns
of each are in ``COLUMNS`` (English name first, then the Hungarian headers accepted) and
the format is described in the README ("Local taxes") with examples in
``data/tax/samples``. The file is UTF-8 with or without a BOM, delimited by ``;`` (what
Hungarian Excel writes, with decimal commas) or ``,`` or a tab, detected from the header.

The rules, and why:

* **Idempotent.** Every row is found by its natural key (a taxpayer by adóazonosító jel or
  adószám, a property by helyrajzi szám, a share by property, holder and right…): a row
  that says what the register already says changes nothing, so the same file may be
  imported again. A row that says something else becomes a new dated history row through
  the register services (never an overwrite), from the row's ``valid_from``; a change
  dated on or before the current record's start is refused, as the services refuse it.
* **Opening balances are booked once**, through the ledger as charges (a debt, with its
  due date) or credits (an overpayment) of origin "opening balance", each with an
  idempotency key made of the taxpayer, the tax type, the cut-over date, the due date and
  the tax year: a re-import books nothing, and a different amount under the same key is
  refused (a correction is a reversal, never a second opening balance).
* **All or nothing by default.** Every line is checked and every error is reported with
  its line number (the header is line 1); if any line is wrong nothing is imported, so a
  corrected file can simply be imported again. ``partial=True`` imports the good lines and
  reports the bad ones.
* **Within one municipality**: identifiers name the municipality's own records only."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.hungarian import fold
from sites.normalise import parse_decimal, parse_whole, structured, text

from ..constants import (
    ChargeOrigin,
    DeliveryChannel,
    EntryKind,
    PropertyKind,
    RightKind,
    TaxObjectKind,
    TaxpayerKind,
    TaxType,
    UseCategory,
)
from ..models import LedgerEntry, Ownership, Property, Representation, TaxObject
from . import ledger, registers
from .errors import TaxError

TAXPAYERS = "taxpayers"
PROPERTIES = "properties"
OWNERSHIPS = "ownerships"
TAX_OBJECTS = "tax_objects"
REPRESENTATIONS = "representations"
OPENING_BALANCES = "opening_balances"
# The largest amount a line may carry (a thousand billion forints).
MAX_AMOUNT = 10**15
KINDS = (TAXPAYERS, PROPERTIES, OWNERSHIPS, TAX_OBJECTS, REPRESENTATIONS, OPENING_BALANCES)

# Per kind: column -> (required, the headers accepted besides the column's own name).
# Headers are compared folded (no accents, lower case, anything else than a letter or a
# digit as "_": "Terület (m²)" is terulet_m2).
COLUMNS = {
    TAXPAYERS: {
        "identifier": (True, ("adoazonosito", "adoazonosito_jel", "adoszam", "azonosito")),
        "kind": (False, ("tipus", "adozo_tipusa")),
        "family_name": (True, ("nev", "csaladi_nev", "vezeteknev", "name")),
        "given_names": (False, ("utonev", "utonevek", "keresztnev")),
        "postal_code": (True, ("iranyitoszam", "irsz")),
        "settlement": (True, ("telepules", "helyseg")),
        "address_line": (True, ("cim", "utca_hazszam", "address")),
        "delivery_channel": (False, ("kezbesites", "kezbesitesi_mod")),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
    },
    PROPERTIES: {
        "parcel_number": (True, ("helyrajzi_szam", "hrsz")),
        "address": (True, ("cim",)),
        "area_m2": (True, ("terulet", "terulet_m2", "alapterulet", "alapterulet_m2", "area")),
        "kind": (True, ("fajta", "ingatlan_fajta", "tipus")),
        "use_category": (True, ("hasznositas", "rendeltetes")),
        "zone": (False, ("ovezet",)),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
    },
    OWNERSHIPS: {
        "parcel_number": (True, ("helyrajzi_szam", "hrsz")),
        "holder": (True, ("jogosult", "tulajdonos", "adoazonosito", "adoszam")),
        "share": (True, ("hanyad", "tulajdoni_hanyad")),
        "right": (False, ("jog", "jogcim")),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
        "valid_to": (False, ("ervenyes_ig", "hatalyos_ig", "hataly_vege", "to")),
    },
    TAX_OBJECTS: {
        "tax_type": (True, ("adonem",)),
        "kind": (True, ("fajta", "adotargy_fajta", "tipus")),
        "parcel_number": (False, ("helyrajzi_szam", "hrsz")),
        "operator": (False, ("uzemelteto", "adozo", "adoazonosito", "adoszam")),
        "description": (False, ("leiras", "megnevezes")),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
        "valid_to": (False, ("ervenyes_ig", "hatalyos_ig", "hataly_vege", "to")),
    },
    REPRESENTATIONS: {
        "taxpayer": (True, ("kepviselt", "adozo")),
        "representative": (True, ("kepviselo", "meghatalmazott")),
        "tax_types": (False, ("adonemek",)),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
        "valid_to": (False, ("ervenyes_ig", "hatalyos_ig", "hataly_vege", "to")),
    },
    OPENING_BALANCES: {
        "identifier": (True, ("adoazonosito", "adoazonosito_jel", "adoszam", "azonosito")),
        "tax_type": (True, ("adonem",)),
        "amount": (True, ("egyenleg", "osszeg")),
        "cutover_date": (True, ("fordulonap", "nyito_datum", "datum")),
        "due_on": (False, ("esedekesseg", "esedekes")),
        "period_year": (False, ("adoev", "ev")),
        "reference": (False, ("hivatkozas", "megjegyzes")),
    },
}

# The values accepted for each choice, folded: the code itself and the Hungarian words.
_CHOICES = {
    TaxpayerKind: {
        "maganszemely": TaxpayerKind.PERSON,
        "magánszemély": TaxpayerKind.PERSON,
        "szemely": TaxpayerKind.PERSON,
        "szervezet": TaxpayerKind.ORGANISATION,
        "ceg": TaxpayerKind.ORGANISATION,
        "gazdalkodo": TaxpayerKind.ORGANISATION,
    },
    DeliveryChannel: {
        "tarhely": DeliveryChannel.PORTAL_MAILBOX,
        "ugyfelkapu": DeliveryChannel.PORTAL_MAILBOX,
        "cegkapu": DeliveryChannel.PORTAL_MAILBOX,
        "elektronikus": DeliveryChannel.PORTAL_MAILBOX,
        "posta": DeliveryChannel.POST,
        "postai": DeliveryChannel.POST,
    },
    PropertyKind: {"epulet": PropertyKind.BUILDING, "telek": PropertyKind.PLOT},
    UseCategory: {
        "lakas": UseCategory.DWELLING,
        "udulo": UseCategory.HOLIDAY_HOME,
        "kereskedelmi": UseCategory.COMMERCIAL,
        "uzlet": UseCategory.COMMERCIAL,
        "nem_lakas": UseCategory.COMMERCIAL,
        "garazs": UseCategory.GARAGE,
        "egyeb": UseCategory.OTHER,
    },
    RightKind: {
        "tulajdon": RightKind.OWNER,
        "tulajdonos": RightKind.OWNER,
        "haszonelvezet": RightKind.USUFRUCT,
        "haszonelvezo": RightKind.USUFRUCT,
        "hasznalat": RightKind.USE,
        "hasznalati_jog": RightKind.USE,
        "berlo": RightKind.TENANT,
        "berlet": RightKind.TENANT,
    },
    TaxObjectKind: {
        "ingatlan": TaxObjectKind.PROPERTY,
        "telephely": TaxObjectKind.BUSINESS_SITE,
        "szallashely": TaxObjectKind.ACCOMMODATION,
    },
    TaxType: {
        "epitmenyado": TaxType.BUILDING,
        "telekado": TaxType.LAND,
        "kommunalis_ado": TaxType.COMMUNAL,
        "magankeszemelyek_kommunalis_adoja": TaxType.COMMUNAL,
        "maganszemelyek_kommunalis_adoja": TaxType.COMMUNAL,
        "idegenforgalmi_ado": TaxType.TOURIST,
        "iparuzesi_ado": TaxType.BUSINESS,
        "helyi_iparuzesi_ado": TaxType.BUSINESS,
        "kesedelmi_potlek": TaxType.LATE_INTEREST,
        "birsag": TaxType.FINES,
        "birsag_es_koltseg": TaxType.FINES,
        "idegen_bevetel": TaxType.FOREIGN,
        "gepjarmuado": TaxType.VEHICLE,
    },
}

_CHOICE_LABELS = {
    TaxpayerKind: gettext_lazy("taxpayer kind"),
    DeliveryChannel: gettext_lazy("delivery channel"),
    PropertyKind: gettext_lazy("property kind"),
    UseCategory: gettext_lazy("use category"),
    RightKind: gettext_lazy("right"),
    TaxObjectKind: gettext_lazy("tax object kind"),
    TaxType: gettext_lazy("tax type"),
}


class ImportFileError(TaxError):
    """The file as a whole cannot be read (encoding, header): no line is looked at."""


@dataclass
class LineError:
    line: int
    message: str

    def __str__(self):
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    # False when errors stopped an all-or-nothing import: nothing was written.
    applied: bool = True


def _key(header):
    return re.sub(r"[^a-z0-9]+", "_", fold(header)).strip("_")


def read_rows(data, kind):
    """The data lines of a CSV file as (line number, {column: text}); ImportFileError if the
    file cannot be read or a required column is missing. ``data`` is bytes or text."""
    if kind not in KINDS:
        raise ImportFileError(_("Unknown kind of register: %s") % kind)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("The file is not UTF-8 (byte %(position)s): save it as UTF-8 CSV.")
                % {"position": error.start + 1}
            ) from error
    data = data.removeprefix("\ufeff")
    first_line = data.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(data, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    except csv.Error as error:
        raise ImportFileError(_("Cannot read the file: %(error)s") % {"error": error}) from error
    aliases = {}
    for column, (_required, names) in COLUMNS[kind].items():
        for name in (column, *names):
            aliases.setdefault(name, column)
    columns = [aliases.get(_key(name)) for name in header]
    # Errors name a column as the file's header does.
    names = {}
    for column, name in zip(columns, header, strict=True):
        if column:
            names.setdefault(column, name.strip())
    missing = [
        column
        for column, (required, _names) in COLUMNS[kind].items()
        if required and column not in columns
    ]
    if missing:
        # Each with its first Hungarian name, folded as headers are compared.
        described = [f"{column} ({COLUMNS[kind][column][1][0]})" for column in missing]
        raise ImportFileError(_("Missing columns: %(columns)s") % {"columns": ", ".join(described)})
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            row = {column: "" for column in COLUMNS[kind]}
            row["_names"] = names
            # Excel pads every row to the sheet's width: only filled extra cells are wrong.
            if any(cell.strip() for cell in cells[len(header) :]):
                row["_extra"] = True
            for column, cell in zip(columns, cells, strict=False):
                # Two headers may fill one column (adóazonosító jel for persons, adószám for
                # organisations): the one filled in counts.
                if column is not None and (cell.strip() or not row[column].strip()):
                    row[column] = cell
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s: %(message)s") % {"line": reader.line_num, "message": error}
        ) from error
    return rows


# -- reading cells


class _Cells:
    """One row's cells, read into values; every problem is noted, not raised."""

    def __init__(self, row):
        self.row = row
        self.problems = []

    def _fail(self, column, message):
        name = self.row.get("_names", {}).get(column, column)
        self.problems.append(f"{name}: {message}")

    def text(self, column, *, required=False):
        try:
            value = text(self.row.get(column, ""))
        except ValidationError as error:
            self._fail(column, " ".join(error.messages))
            return ""
        if required and not value:
            self._fail(column, _("this column must be filled in."))
        return value

    def date(self, column, *, required=False):
        value = self.text(column, required=required)
        if not value:
            return None
        # ISO (2026-01-01) or the Hungarian way (2026.01.01. or 2026. 01. 01.).
        match = re.fullmatch(r"(\d{4})[-.]\s?(\d{1,2})[-.]\s?(\d{1,2})\.?", structured(value))
        try:
            if match is None:
                raise ValueError
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            self._fail(
                column, _("not a date: %(value)s (write e.g. 2026.01.01.)") % {"value": value}
            )
            return None

    def choice(self, column, choices, *, required=False, default=None):
        value = self.text(column, required=required and default is None)
        if not value:
            return default
        key = _key(value)
        if key in choices.values:
            return choices(key)
        found = _CHOICES[choices].get(key)
        if found is None:
            self._fail(
                column,
                _("unknown %(what)s: %(value)s")
                % {"what": _CHOICE_LABELS[choices], "value": value},
            )
        return found

    def money(self, column):
        value = self.text(column, required=True)
        if not value:
            return None
        message = _("write an amount in whole forints, e.g. 12 500.")
        try:
            amount = parse_whole(value, currency=True, message=message)
        except ValidationError as error:
            self._fail(column, " ".join(error.messages))
            return None
        if abs(amount) >= MAX_AMOUNT:  # beyond any municipality's tax, and the column's range
            self._fail(column, message)
            return None
        return amount

    def area(self, column):
        value = self.text(column, required=True)
        if not value:
            return None
        try:
            area = parse_decimal(value)
        except ValidationError as error:
            self._fail(column, " ".join(error.messages))
            return None
        if area <= 0:
            self._fail(column, _("The area must be more than 0 m²."))
            return None
        return area

    def year(self, column):
        value = self.text(column)
        if not value:
            return None
        if not re.fullmatch(r"\d{4}", structured(value)):
            self._fail(column, _("not a year: %(value)s") % {"value": value})
            return None
        return int(structured(value))

    def share(self, column):
        value = structured(self.text(column, required=True))
        match = re.fullmatch(r"(\d+)\s*/\s*(\d+)", value)
        if value and (match is None or not 0 < int(match[1]) <= int(match[2])):
            self._fail(column, _("A share is a fraction between 0 and 1, e.g. 1/2."))
            return None
        return (int(match[1]), int(match[2])) if match else None

    def tax_types(self, column):
        value = self.text(column)
        codes = []
        for part in re.split(r"[,;|+]", value):
            if not part.strip():
                continue
            found = _Cells({column: part}).choice(column, TaxType)
            if found is None:
                self._fail(
                    column,
                    _("unknown %(what)s: %(value)s")
                    % {"what": _("tax type"), "value": part.strip()},
                )
            else:
                codes.append(str(found))
        return sorted(set(codes))


# -- the kinds


def _taxpayer(municipality, cells, column):
    """The municipality's taxpayer named by the identifier in ``column`` (or a problem)."""
    value = cells.text(column, required=True)
    if not value:
        return None
    found = registers.find_taxpayer(municipality, value)
    if found is None:
        cells._fail(column, _("no taxpayer with the identifier %(id)s.") % {"id": value})
    return found


def _property(municipality, cells, column, *, required=True):
    from services.forms import services as forms

    value = cells.text(column, required=required)
    if not value:
        return None
    try:
        parcel = forms.normalise_parcel_number(value)
    except ValidationError as error:
        cells._fail(column, " ".join(error.messages))
        return None
    found = Property.objects.for_municipality(municipality).filter(parcel_number=parcel).first()
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
    from services.forms import services as forms

    cells = _Cells(row)
    parcel = cells.text("parcel_number", required=True)
    if parcel:
        try:
            parcel = forms.normalise_parcel_number(parcel)
        except ValidationError as error:
            cells._fail("parcel_number", " ".join(error.messages))
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
    prop = Property.objects.for_municipality(municipality).filter(parcel_number=parcel).first()
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


def opening_key(taxpayer, tax_type, cutover, due_on, period_year):
    return (
        f"opening:{taxpayer.identifier}:{tax_type}:{cutover.isoformat()}:"
        f"{due_on.isoformat() if due_on else '-'}:{period_year or '-'}"
    )


def _import_opening_balance(municipality, row, actor):
    cells = _Cells(row)
    taxpayer = _taxpayer(municipality, cells, "identifier")
    tax_type = cells.choice("tax_type", TaxType, required=True)
    amount = cells.money("amount")
    cutover = cells.date("cutover_date", required=True)
    due_on = cells.date("due_on")
    period_year = cells.year("period_year")
    reference = cells.text("reference")[:120]
    if amount is not None and amount > 0 and due_on is None and cutover is not None:
        cells._fail("due_on", _("a debt needs its due date."))
    if cells.problems:
        return cells.problems
    if amount == 0:
        return "unchanged"  # nothing to open
    key = opening_key(taxpayer, tax_type, cutover, due_on if amount > 0 else None, period_year)
    existing = LedgerEntry.objects.filter(municipality=municipality, idempotency_key=key).first()
    if existing is not None:
        if existing.signed_amount != amount:
            return [
                _(
                    "this opening balance was already booked with %(booked)s Ft; "
                    "a correction is a reversal, not a second opening balance."
                )
                % {"booked": existing.signed_amount}
            ]
        return "unchanged"
    if amount > 0:
        ledger.book_charge(
            taxpayer,
            tax_type,
            amount,
            origin=ChargeOrigin.OPENING,
            due_on=due_on,
            booked_on=cutover,
            period_year=period_year,
            reference=reference,
            note=_("Opening balance"),
            idempotency_key=key,
            actor=actor,
        )
    else:
        book_opening_credit(
            taxpayer,
            tax_type,
            -amount,
            on=cutover,
            period_year=period_year,
            reference=reference,
            idempotency_key=key,
            actor=actor,
        )
    return "created"


@transaction.atomic
def book_opening_credit(
    taxpayer, tax_type, amount, *, on, period_year=None, reference="", idempotency_key, actor=None
):
    """An overpayment brought over from the previous system: a credit of origin "opening
    balance" on ``on``, booked once per key and allocated at once like any money."""
    # The ledger's own booking helpers: a credit with no source is money on the account.
    ledger._lock(taxpayer)
    existing = ledger._existing(taxpayer, idempotency_key)
    if existing is not None:
        return existing
    entry = ledger._write(
        taxpayer,
        tax_type,
        EntryKind.CREDIT,
        amount,
        on,
        actor,
        origin=ChargeOrigin.OPENING,
        period_year=period_year,
        reference=reference,
        note=_("Opening balance"),
        idempotency_key=idempotency_key,
    )
    ledger.settle(taxpayer, on=on, actor=actor)
    return entry


_IMPORTERS = {
    TAXPAYERS: _import_taxpayer,
    PROPERTIES: _import_property,
    OWNERSHIPS: _import_ownership,
    TAX_OBJECTS: _import_tax_object,
    REPRESENTATIONS: _import_representation,
    OPENING_BALANCES: _import_opening_balance,
}


class _Rollback(Exception):
    pass


def import_registers(municipality, kind, data, *, partial=False, actor=None, progress=None):
    """Import one register's CSV (bytes or text) into ``municipality``; see the module.
    ``progress`` wraps the rows' iterable (e.g. a tqdm bar). Returns an ImportResult;
    ImportFileError when the file as a whole cannot be read."""
    rows = read_rows(data, kind)
    result = ImportResult(kind=kind, rows=len(rows))
    importer = _IMPORTERS[kind]
    try:
        with transaction.atomic():
            for line, row in progress(rows) if progress else rows:
                outcome = _import_line(importer, municipality, line, row, actor)
                if isinstance(outcome, list):
                    result.errors.append(LineError(line, "; ".join(outcome)))
                else:
                    setattr(result, outcome, getattr(result, outcome) + 1)
            if result.errors and not partial:
                raise _Rollback
    except _Rollback:
        result.applied = False
    return result


def _import_line(importer, municipality, line, row, actor):
    if row.get("_extra"):
        return [_("The row has more columns than the header.")]
    try:
        # A savepoint per line: a refused line leaves nothing behind, even with --partial.
        with transaction.atomic():
            return importer(municipality, row, actor)
    except TaxError as error:
        return [str(error)]
    except ValidationError as error:  # a model's own check, should a service not wrap it
        return [" ".join(error.messages)]
