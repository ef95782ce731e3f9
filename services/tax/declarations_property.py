"""The building, land and communal tax declarations of the central library (ADO-002,
-003, -004) read as register data, their checks against the register before submission,
and their receivers: a registered declaration goes to the tax officer's queue
(``services.property_declarations``), since these taxes are assessed by a decision.
``receivers`` imports this module."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from services.forms import services as forms
from sites.actor import Actor, Channel

from . import declarations as read
from .services.property_declarations import (
    DECLARATION_TAX_TYPES,
    _open_shares,
    find_property,
    receive_declaration,
)

# Per form: the repeating group and its sub-fields (parcel, address, area, share).
GROUPS = {
    "ADO-002": (
        "ingatlan",
        "ingatlan_hrsz",
        "ingatlan_cim",
        "ingatlan_alapterulet",
        "ingatlan_tulajdoni_hanyad",
    ),
    "ADO-003": ("telek", "telek_hrsz", "telek_cim", "telek_terulete", "telek_tulajdoni_hanyad"),
    "ADO-004": ("ingatlan", "ingatlan_hrsz", "ingatlan_cim", None, None),
}
_SHARE = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


def _day(value):
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def _parcel(value):
    try:
        return forms.normalise_parcel_number(str(value or ""))
    except ValidationError:
        return None


def rows_of(code, answers):
    """[(row index, {parcel_number, address, area_m2, share, problems})] of the form."""
    group, parcel_key, address_key, area_key, share_key = GROUPS[code]
    rows = []
    for index, row in enumerate(answers.get(group) or []):
        if not isinstance(row, dict):
            continue
        share = None
        if share_key:
            match = _SHARE.fullmatch(str(row.get(share_key) or ""))
            if match and 0 < int(match[1]) <= int(match[2]):
                share = [int(match[1]), int(match[2])]
        rows.append(
            (
                index,
                {
                    "parcel_number": _parcel(row.get(parcel_key)) or str(row.get(parcel_key) or ""),
                    "address": str(row.get(address_key) or "")[:200],
                    "area_m2": read._int(row.get(area_key)) if area_key else None,
                    "share": share,
                },
            )
        )
    return rows


def _path(group, index, key):
    return f"{group}__{index}__{key}"


def _checker(code):
    def check(answers, context):
        municipality = context.municipality
        tax_type = DECLARATION_TAX_TYPES[code]
        found = read.declarant(answers, "adozo", municipality)
        errors = read.identity_errors(found, municipality, context.submitter, tax_type)
        effective_on = _day(answers.get("valtozas_datuma"))
        if effective_on is not None and effective_on > timezone.localdate():
            errors["valtozas_datuma"] = [
                _("Declare a change once it has happened: the date cannot be in the future.")
            ]
        change = answers.get("bevallas_jellege")
        group, parcel_key, _address, _area, share_key = GROUPS[code]
        for index, row in rows_of(code, answers):
            prop = find_property(municipality, row["parcel_number"])
            if prop is None:
                errors[_path(group, index, parcel_key)] = [
                    _(
                        "The parcel %(parcel)s is not in the property register of "
                        "%(municipality)s. Check the parcel number on the title deed."
                    )
                    % {"parcel": row["parcel_number"], "municipality": municipality.name}
                ]
                continue
            raw_share = (answers.get(group) or [{}])[index].get(share_key) if share_key else None
            if share_key and raw_share and row["share"] is None:
                errors[_path(group, index, share_key)] = [
                    _("Write the share as a fraction between 0 and 1, e.g. 1/2.")
                ]
            if (
                change == "megszunes"
                and found.taxpayer is not None
                and effective_on is not None
                and not _open_shares(prop, found.taxpayer, effective_on).exists()
            ):
                errors[_path(group, index, parcel_key)] = [
                    _(
                        "%(identifier)s holds no share of the parcel %(parcel)s in the "
                        "register: there is no obligation to end."
                    )
                    % {"identifier": found.identifier, "parcel": row["parcel_number"]}
                ]
        return errors

    check.__name__ = f"check_{code.replace('-', '_').lower()}"
    return check


def _receiver(code):
    check = _checker(code)

    def received(submission, registry_number):
        from .receivers import ReturnRefused, _Checking

        errors = check(submission.data, _Checking(submission))
        if errors:
            raise ReturnRefused(next(iter(errors.values()))[0])
        municipality = submission.municipality
        answers = submission.data
        found = read.declarant(answers, "adozo", municipality)
        return receive_declaration(
            found.taxpayer,
            template_code=code,
            tax_type=DECLARATION_TAX_TYPES[code],
            change=answers.get("bevallas_jellege") or "uj",
            effective_on=_day(answers.get("valtozas_datuma"))
            or timezone.localdate(submission.submitted_at or timezone.now()),
            rows=[row for _index, row in rows_of(code, answers)],
            registry_number=str(registry_number),
            submission_reference=submission.reference,
            received_on=timezone.localdate(submission.submitted_at or timezone.now()),
            actor=Actor.system(Channel.PORTAL, municipality=municipality),
        )

    received.__name__ = f"{code.replace('-', '_').lower()}_received"
    return received


for _code in GROUPS:
    forms.answer_checks.register(_code, _checker(_code))
    forms.submission_receivers.register(_code, _receiver(_code))
