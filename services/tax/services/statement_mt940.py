"""Reading SWIFT MT940 statements (the maintained ``mt-940`` parser), with every error
named by its line."""

import datetime
import re
from decimal import Decimal, InvalidOperation

import mt940
from django.utils.translation import gettext as _

from .statement_files import ParsedItem, StatementError, Where, account_digits, whole_forints


def _decode(content):
    """UTF-8 if it is, else Windows-1250: what Hungarian banks' exports use."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1250", errors="replace")


class _TagError(Exception):
    def __init__(self, tag_id, value):
        super().__init__(tag_id, value)
        self.tag_id, self.value = tag_id, value


def _located_tags():
    """Fresh instances of the library's tags whose failures say which tag and text failed,
    so the error can name its line."""
    located = {}
    for tag_id, tag in mt940.tags.TAG_BY_ID.items():
        fresh = type(tag)()
        parse = fresh.parse

        def parse_located(transactions, value, _parse=parse, _id=tag_id):
            try:
                return _parse(transactions, value)
            except (RuntimeError, ValueError, InvalidOperation) as error:
                raise _TagError(_id, value) from error

        fresh.parse = parse_located
        located[tag_id] = fresh
    return located


def _line_of(text, tag_id, value):
    first = (value or "").split("\n")[0].strip()
    for prefix in (f":{tag_id}:", f":{tag_id}F:", f":{tag_id}M:", f":{tag_id}C:"):
        position = text.find(prefix + first)
        if position >= 0:
            return text.count("\n", 0, position) + 1
    return None


def _mt940_account(text):
    """The account of a :25: field: the whole of it, or the part of ``BANK/ACCOUNT`` or
    ``ACCOUNT/HUF`` that is a valid Hungarian account."""
    text = (text or "").strip()
    for candidate in (text, *text.split("/")):
        if account_digits(candidate.strip()):
            return candidate.strip()
    return text


# The payer's name in an :86: field that the library did not split into subfields. Only
# where the text says so: a SWIFT keyword (/ORDP/ ordering party, /NAME/), a German-style
# ?32/?33 subfield, a Hungarian label, or the words before the taxpayer's identifier when
# they look like a name (capitalised words, no digits, no tax-type word). Otherwise none:
# a remark such as "Építményadó befizetés Dobó tér 5." names nobody.
_KEYWORD = re.compile(r"/(?:ORDP|NAME)/+([^/?]+)", re.IGNORECASE)
_SUBFIELD = re.compile(r"\?3[23]([^?]*)")
_LABEL = re.compile(r"\b(?:befizető|megbízó|feladó|név)\s*:\s*([^,;:/]+)", re.IGNORECASE)
_IDENTIFIER = re.compile(r"\b(?:ad[oó]az|ad[oó]azonos[ií]t[oó]|ad[oó]sz[aá]m)", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"ad[oó]|befizet|t[eé]rít|sz[aá]mla|d[ií]j|utal|p[oó]tl[eé]k|[eé]v\b|f[eé]l",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[A-ZÁÉÍÓÖŐÚÜŰ][\w.\-]*\.?$")


def _looks_like_a_name(words):
    return (
        2 <= len(words) <= 6
        and all(_NAME_WORD.match(word) for word in words)
        and not any(char.isdigit() for word in words for char in word)
        and not any(_NOT_A_NAME.search(word) for word in words)
    )


def payer_name_from_details(details):
    """The payer's name in an unstructured :86: text, or "" when it names nobody."""
    text = " ".join((details or "").split())
    for pattern in (_KEYWORD, _LABEL):
        found = pattern.search(text)
        if found and found.group(1).strip():
            return found.group(1).strip()[:200]
    subfields = [part.strip() for part in _SUBFIELD.findall(details or "") if part.strip()]
    if subfields:
        return " ".join(subfields)[:200]
    identifier = _IDENTIFIER.search(text)
    if identifier:
        words = []
        for word in text[: identifier.start()].split():
            word = word.strip(",;:")
            if not _looks_like_a_name([word, word]):
                break
            words.append(word)
        if _looks_like_a_name(words):
            return " ".join(words)[:200]
    return ""


def parse_mt940(content):
    """The items of an MT940 file, or StatementError with every problem found."""
    text = _decode(content)
    if ":61:" not in text and ":20:" not in text:
        raise StatementError([_("The file is not an MT940 statement (no :20: or :61: field).")])
    try:
        statements = mt940.parse_statements(
            text,
            tags=_located_tags(),
            options=mt940.Options(strip_bom=True, unbounded_details=True),
        )
    except _TagError as error:
        line = _line_of(text, error.tag_id, error.value)
        raise StatementError(
            [
                _("Line %(line)s: the :%(tag)s: field cannot be read: %(value)s")
                % {"line": line or "?", "tag": error.tag_id, "value": error.value[:80]}
            ]
        ) from error
    except (RuntimeError, ValueError, KeyError, TypeError, InvalidOperation) as error:
        raise StatementError([_("The MT940 file cannot be read: %s") % error]) from error
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith(":61:")]
    items, errors, number = [], [], 0
    for statement in statements:
        account = _mt940_account(statement.data.get("account_identification"))
        reference = str(statement.data.get("transaction_reference") or "")
        if statement.transactions and not account:
            errors.append(_("Statement %s has no account (:25: field).") % (reference or "?"))
        for transaction_ in statement.transactions:
            data = transaction_.data
            if "amount" not in data:
                continue  # an :86: before any :61: carries no item
            number += 1
            line = lines[number - 1] if number <= len(lines) else None
            status = str(data.get("status") or "")
            amount_ = data["amount"]
            amount = whole_forints(
                Decimal(amount_.amount),
                amount_.currency or statement.currency,
                Where(number, line),
                errors,
            )
            value_date = data.get("date")
            booked_on = data.get("entry_date") or value_date
            if amount is None or value_date is None:
                continue
            details = str(data.get("transaction_details") or "")
            customer_reference = str(data.get("customer_reference") or "").strip()
            items.append(
                ParsedItem(
                    number=number,
                    line=line,
                    account=account,
                    credit=status.endswith("C"),
                    reversal=status.startswith("R"),
                    amount=amount,
                    booked_on=datetime.date(booked_on.year, booked_on.month, booked_on.day),
                    value_date=datetime.date(value_date.year, value_date.month, value_date.day),
                    bank_reference=str(data.get("bank_reference") or "").strip(),
                    customer_reference=""
                    if customer_reference.upper() == "NONREF"
                    else customer_reference,
                    remark=" ".join(details.split()),
                    payer_name=str(data.get("applicant_name") or "").strip()
                    or payer_name_from_details(details),
                    payer_account=str(
                        data.get("applicant_iban") or data.get("applicant_bin") or ""
                    ),
                    statement_reference=reference,
                )
            )
    if errors:
        raise StatementError(errors)
    return items
