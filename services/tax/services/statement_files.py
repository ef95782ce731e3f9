"""What a bank statement file brings, before matching: its items (``ParsedItem``), the
error that refuses a file (``StatementError``), whole-forint amounts and the account
number in its 24-digit form. The two formats are read by ``statement_mt940`` and
``statement_camt053``; ``statements`` imports the items."""

import datetime
import functools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sites.validators import normalise_giro_account

from .errors import TaxError

# A statement of a busy collection account for a month is a few MB; camt.053 of 50,000
# transfers is about 50 MB. Past this the file is refused before it is read.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
# Bulk lookups go in chunks so that a query's parameter list stays reasonable.
CHUNK = 5000


class StatementError(TaxError):
    """The file cannot be imported; ``errors`` lists every problem found, in Hungarian."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class Where:
    """An item's place in the file for an error message, translated only when an error
    is written (not 50,000 times for a file without one)."""

    def __init__(self, number, line=None):
        self.number, self.line = number, line

    def __str__(self):
        if self.line:
            return _("item %(number)s (line %(line)s)") % {"number": self.number, "line": self.line}
        return _("item %(number)s") % {"number": self.number}


@dataclass
class ParsedItem:
    """One item of a statement as read from the file, before matching."""

    number: int
    account: str
    credit: bool
    amount: int
    booked_on: datetime.date
    value_date: datetime.date
    line: int | None = None
    reversal: bool = False
    booked_by_bank: bool = True
    bank_reference: str = ""
    customer_reference: str = ""
    remark: str = ""
    payer_name: str = ""
    payer_account: str = ""
    statement_reference: str = ""

    def where(self):
        return str(Where(self.number, self.line))

    def as_raw(self):
        """What the item's columns do not keep (asdict would deep-copy, slowly)."""
        raw = {
            "line": self.line,
            "reversal": self.reversal,
            "booked_by_bank": self.booked_by_bank,
            "customer_reference": self.customer_reference,
            "statement_reference": self.statement_reference,
        }
        return {key: value for key, value in raw.items() if value not in (None, "")}


def whole_forints(value, currency, where, errors):
    """An amount in integer forints; a fraction or another currency is an error, never
    rounded or truncated (a fillér lost is money lost)."""
    if currency and currency.upper() != "HUF":
        errors.append(
            _("%(where)s: the amount is in %(currency)s; a collection account is kept in forints.")
            % {"where": where, "currency": currency}
        )
        return None
    if value != value.to_integral_value():
        errors.append(
            _(
                "%(where)s: the amount %(amount)s HUF has a fraction; forint amounts are whole "
                "numbers. Ask the bank for a corrected statement."
            )
            % {"where": where, "amount": value}
        )
        return None
    amount = abs(int(value))
    if amount == 0:
        errors.append(_("%(where)s: the amount is zero.") % {"where": where})
        return None
    return amount


@functools.lru_cache(maxsize=1024)
def account_digits(value):
    """The 24 digits of a Hungarian account (GIRO 2×8 padded, or from an IBAN), or ''."""
    try:
        giro = normalise_giro_account(value)
    except ValidationError:
        return ""
    return giro.replace("-", "").ljust(24, "0")


# A run of digits with single spaces or hyphens between groups: 8123 456 789, 12345676-2-41.
