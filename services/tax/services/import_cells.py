"""Reading a register CSV file (services.tax.services.imports): the file into numbered rows,
a row's cells into values, every problem noted with the column's name as the file's header
writes it."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sites.hungarian import fold
from sites.normalise import parse_decimal, parse_whole, structured, text

from ..constants import TaxType
from .errors import TaxError
from .import_columns import _CHOICE_LABELS, _CHOICES, COLUMNS, KINDS, MAX_AMOUNT


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
