"""Matching a statement's items: the taxpayer identifiers in a remark, the key that
identifies an item at the bank (so a re-import books nothing twice), and the lookups of
collection accounts and taxpayers in bulk — the queries stay constant as a statement grows."""

import hashlib
import re

from django.core.exceptions import ValidationError

from ..constants import UnmatchedReason
from ..models import CollectionAccount, Taxpayer
from .bulk_rows import among
from .statement_files import CHUNK, account_digits

_CLUSTER = re.compile(r"[0-9]+(?:[ \-][0-9]+)*")
# The ?20-style subfield markers of a structured MT940 :86: glue to the digits after them.
_SUBFIELD = re.compile(r"\?[0-9]{2}")


def identifiers_in(remark):
    """(identifiers, mistyped): the valid adóazonosító jelek and adószámok in a remark, in
    their stored form, and whether something shaped like one had a wrong check digit."""
    from services.forms import services as forms

    found, mistyped = [], False
    for cluster in _CLUSTER.finditer(_SUBFIELD.sub(" ", remark)):
        groups = re.split(r"[ \-]", cluster.group())
        for start in range(len(groups)):
            joined = ""
            for end in range(start, len(groups)):
                joined += groups[end]
                if len(joined) > 11:
                    break
                shape = [len(g) for g in groups[start : end + 1]]
                if len(joined) == 10 and joined[0] == "8":
                    try:
                        found.append(forms.normalise_tax_id(joined))
                    except ValidationError:
                        mistyped = mistyped or shape == [10]
                elif len(joined) == 11:
                    try:
                        found.append(forms.normalise_tax_number(joined))
                    except ValidationError:
                        mistyped = mistyped or shape == [8, 1, 2]
    return list(dict.fromkeys(found)), mistyped


def item_identity(item):
    """What identifies an item at the bank: the account, the dates, the direction, the
    amount, the bank's references and the remark — not the statement it came in, so an
    overlapping statement gives the same identity."""
    return "\x1f".join(
        (
            account_digits(item.account) or item.account,
            item.booked_on.isoformat(),
            item.value_date.isoformat(),
            "C" if item.credit else "D",
            "R" if item.reversal else "",
            str(item.amount),
            item.bank_reference,
            item.customer_reference,
            item.remark,
        )
    )


def item_key(identity, occurrence):
    """The item's key: its identity and, since two identical transfers on the same day
    (no bank reference) are two payments, its place among the identical ones."""
    return hashlib.sha256(f"{identity}\x1f{occurrence}".encode()).hexdigest()


def chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def taxpayers_by_identifier(municipality, identifiers):
    """{identifier: taxpayer id} for the municipality, in a few bulk queries."""
    tax_ids = [i for i in identifiers if "-" not in i]
    tax_numbers = [i for i in identifiers if "-" in i]
    found = {}
    for field_name, values in (("tax_id", tax_ids), ("tax_number", tax_numbers)):
        for chunk in chunks(values):
            found.update(
                Taxpayer.objects.for_municipality(municipality)
                .filter(among(field_name, chunk))
                .values_list(field_name, "pk")
            )
    return found


def accounts_named(municipality, items):
    """({24 digits: tax type} of the municipality, {24 digits} of other municipalities),
    for the accounts the statement names."""
    wanted = {account_digits(item.account) for item in items} - {""}
    forms_ = set()
    for digits in wanted:
        forms_.add("-".join(digits[i : i + 8] for i in range(0, 24, 8)))
        if digits.endswith("0" * 8):
            forms_.add(f"{digits[:8]}-{digits[8:16]}")
    own, others = {}, set()
    for account in CollectionAccount.objects.unscoped().filter(giro__in=forms_):
        digits = account_digits(account.giro)
        if account.municipality_id == municipality.pk:
            own[digits] = account.tax_type
        else:
            others.add(digits)
    return own, others


def classify(item, own, others, identified, taxpayers):
    """(tax type, taxpayer id, reason): reason empty when the item can be booked."""
    digits = account_digits(item.account)
    tax_type = own.get(digits, "")
    if not tax_type:
        reason = (
            UnmatchedReason.OTHER_MUNICIPALITY
            if digits in others
            else UnmatchedReason.UNKNOWN_ACCOUNT
        )
        return "", None, reason
    if not item.credit:
        return tax_type, None, UnmatchedReason.DEBIT
    if item.reversal:
        return tax_type, None, UnmatchedReason.REVERSAL
    if not item.booked_by_bank:
        return tax_type, None, UnmatchedReason.NOT_BOOKED
    identifiers, mistyped = identified
    known = [taxpayers[i] for i in identifiers if i in taxpayers]
    if len(known) == 1:
        return tax_type, known[0], ""
    if len(known) > 1:
        return tax_type, None, UnmatchedReason.AMBIGUOUS
    if identifiers:
        return tax_type, None, UnmatchedReason.UNKNOWN_IDENTIFIER
    if mistyped:
        return tax_type, None, UnmatchedReason.INVALID_IDENTIFIER
    return tax_type, None, UnmatchedReason.NO_IDENTIFIER
