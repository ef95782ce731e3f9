"""The form the fuzzer fills: one field of every kind a person types into, and the oracle
that says whether what was stored is what validation accepted."""

import re
from decimal import Decimal

from sites import normalise

NUMBER_TYPES = {"integer", "money"}


def fuzz_definition():
    def field(key, type, **extra):
        return {"key": key, "type": type, "label": key, "required": False, **extra}

    return {
        "title": "Fuzz űrlap",
        "intro": "",
        "office": "",
        "handling_group": "",
        "fee": {"kind": "none"},
        "steps": [
            {
                "key": "elso",
                "title": "Első",
                "fields": [
                    field("nev", "text"),
                    field("darab", "integer"),
                    field("osszeg", "money"),
                    field("nap", "date"),
                    field("email", "email"),
                    field("adoazonosito", "tax_id"),
                    field("adoszam", "tax_number"),
                    field("szamla", "bank_account"),
                    field("iban", "iban"),
                    field("telefon", "phone"),
                    field("hrsz", "parcel_number"),
                    field(
                        "fajta",
                        "choice",
                        options={
                            "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
                        },
                    ),
                ],
            },
            {
                "key": "masodik",
                "title": "Második",
                "fields": [
                    field(
                        "tetelek",
                        "group",
                        options={"max_rows": 5},
                        fields=[field("megnevezes", "text"), field("mennyiseg", "integer")],
                    ),
                    field("cim", "postal_address"),
                    field("megjegyzes", "textarea"),
                ],
            },
        ],
    }


def _plain_fraction(text):
    """The Decimal of a plainly written fraction ("1.5", "3000,00", "12 500,5 Ft"), read
    without the module under test; None for anything else."""
    written = normalise.ascii_digits(str(text)).strip()
    written = re.sub(r"\s*(Ft|HUF)$", "", written, flags=re.IGNORECASE)
    match = re.fullmatch(r"(-?[0-9]+)[.,]([0-9]{1,2})", written)
    return Decimal(f"{match[1]}.{match[2]}") if match else None


def number_problems(posted, stored):
    """Why a stored number is not what was typed (empty when it is)."""
    problems = []
    if not isinstance(stored, int) or isinstance(stored, bool):
        return [f"{posted!r} stored as {stored!r}, not a whole number"]
    fraction = _plain_fraction(posted)
    if fraction is not None and fraction != stored:
        problems.append(f"{posted!r} stored as {stored}")
    plain = normalise.ascii_digits(str(posted)).strip()
    if re.fullmatch(r"-?[0-9]{1,12}", plain) and int(plain) != stored:
        problems.append(f"{posted!r} stored as {stored}")
    return problems


def stored_number_problems(definition, raw, stored):
    """Check every number of ``stored`` (cleaned answers) against the raw answer typed."""
    problems = []
    for step in definition["steps"]:
        for spec in step["fields"]:
            key = spec["key"]
            if spec["type"] in NUMBER_TYPES and stored.get(key) is not None:
                problems += number_problems(raw.get(key), stored[key])
            if spec["type"] == "group":
                numbers = [s["key"] for s in spec["fields"] if s["type"] in NUMBER_TYPES]
                raw_rows, rows = raw.get(key) or [], stored.get(key) or []
                if len(raw_rows) != len(rows):  # empty rows are dropped: no alignment
                    continue
                for raw_row, row in zip(raw_rows, rows, strict=True):
                    for sub in numbers:
                        if row.get(sub) is not None:
                            problems += number_problems(raw_row.get(sub), row[sub])
    return problems
