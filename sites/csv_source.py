"""Reading municipalities from a CSV file (data/municipalities.csv and the like)."""

import csv
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .provisioning import MunicipalityData

REQUIRED_COLUMNS = ("name", "ksh_code", "county", "legal_status", "postal_code")


class SourceError(Exception):
    """The file itself cannot be read (missing columns, wrong encoding)."""


@dataclass
class SourceRow:
    line_number: int
    data: MunicipalityData | None
    error: str = ""


def read_municipalities(handle):
    """Yield one SourceRow per data line; a row that cannot be parsed carries its error."""
    reader = csv.DictReader(handle)
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(_("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    for row in reader:
        line_number = reader.line_num
        try:
            yield SourceRow(line_number, _row_to_data(row))
        except ValueError as error:
            yield SourceRow(line_number, None, str(error))


def _row_to_data(row):
    if None in row:
        raise ValueError(_("The row has more columns than the header."))
    population = (row.get("population") or "").strip()
    if population and not population.isdigit():
        raise ValueError(_("Population must be a whole number: %(value)s") % {"value": population})
    return MunicipalityData(
        name=(row.get("name") or "").strip(),
        ksh_code=(row.get("ksh_code") or "").strip(),
        county=(row.get("county") or "").strip(),
        legal_status=(row.get("legal_status") or "").strip(),
        postal_code=(row.get("postal_code") or "").strip(),
        population=int(population) if population else None,
        slug=(row.get("slug") or "").strip(),
    )
