"""Bank transfers from a statement file: SWIFT MT940 and ISO 20022 camt.053.

An import reads the whole file first and refuses it whole, with every error by item (and,
in MT940, line) number, before anything is written; then one transaction books what it
can. An item is matched by

* the statement's own account: one of the municipality's collection accounts, which names
  the tax type (another municipality's account, or an unknown one, is not booked here);
* the taxpayer identifier in the remark: an adóazonosító jel (10 digits starting with 8)
  or an adószám (NNNNNNNN-N-NN), with spaces or hyphens, after a prefix or not
  (``ADÓAZ:8123 456 789``), its check digit right, of exactly one taxpayer of the
  municipality.

A matched credit is booked as a payment through the ledger, which allocates it. Everything
else (debits, reversals, unknown accounts, no, mistyped, unknown or several identifiers)
waits in the unmatched queue for an officer (``assign_statement_item``,
``return_statement_item``, ``close_statement_item``).

Re-importing a statement, or one that overlaps it, books nothing twice: each item is kept
under a key of what identifies it at the bank (``item_key``), and the payment carries the
same key as its idempotency key. Lookups are in bulk (taxpayers by identifier, keys), so
the queries per item stay constant as a statement grows."""

import datetime
import functools
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

import mt940
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.validators import normalise_giro_account

from ..constants import (
    BALANCE_SIGN,
    EntryKind,
    StatementFormat,
    StatementItemState,
    TaxType,
    UnmatchedReason,
)
from ..models import CollectionAccount, LedgerEntry, StatementImport, StatementItem, Taxpayer
from .errors import TaxError
from .ledger import AccountState, _charge_order, book_payment, settle

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
        if self.line:
            return _("item %(number)s (line %(line)s)") % {"number": self.number, "line": self.line}
        return _("item %(number)s") % {"number": self.number}

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


def _whole_forints(value, currency, where, errors):
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


# -- MT940


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
            probe = ParsedItem(number, account, True, 0, datetime.date.min, datetime.date.min, line)
            amount = _whole_forints(
                Decimal(amount_.amount),
                amount_.currency or statement.currency,
                probe.where(),
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
                    payer_name=str(data.get("applicant_name") or "").strip(),
                    payer_account=str(
                        data.get("applicant_iban") or data.get("applicant_bin") or ""
                    ),
                    statement_reference=reference,
                )
            )
    if errors:
        raise StatementError(errors)
    return items


# -- camt.053

CAMT_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})")
_XML_DECIMAL = re.compile(r"[0-9]{1,18}(\.[0-9]{1,5})?")


def _xml_date(element):
    """A date from <Dt> or <DtTm> under ``element`` (the date part of a timestamp)."""
    if element is None:
        return None
    for child in element:
        if child.tag.endswith("}Dt") or child.tag.endswith("}DtTm"):
            try:
                return datetime.date.fromisoformat((child.text or "").strip()[:10])
            except ValueError:
                return None
    return None


def parse_camt053(content):
    """The items of a camt.053 (version 02 and later) file, or StatementError."""
    try:
        # defusedxml: no entity expansion, no external entities, no DTD tricks.
        root = fromstring(content, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise StatementError([_("The XML file cannot be read: %s") % error]) from error
    match = (
        CAMT_NAMESPACE.fullmatch(root.tag[1:].split("}")[0]) if root.tag.startswith("{") else None
    )
    if not match or int(match[1]) < 2:
        raise StatementError(
            [_("The file is not an ISO 20022 camt.053 statement (version 02 or later).")]
        )
    ns = {"c": match.group(0)}

    def text(element, path):
        found = element.find(path, ns) if element is not None else None
        return (found.text or "").strip() if found is not None and found.text else ""

    items, errors, number = [], [], 0
    statements = root.findall("c:BkToCstmrStmt/c:Stmt", ns)
    if not statements:
        raise StatementError([_("The camt.053 file has no statement (Stmt element).")])
    for statement in statements:
        account = text(statement, "c:Acct/c:Id/c:IBAN") or text(
            statement, "c:Acct/c:Id/c:Othr/c:Id"
        )
        reference = text(statement, "c:Id")
        currency = (
            (statement.find("c:Acct/c:Ccy", ns).text or "").strip()
            if statement.find("c:Acct/c:Ccy", ns) is not None
            else ""
        )
        for entry in statement.findall("c:Ntry", ns):
            indicator = text(entry, "c:CdtDbtInd")
            status = text(entry, "c:Sts/c:Cd") or text(entry, "c:Sts")
            booked_on = _xml_date(entry.find("c:BookgDt", ns))
            value_date = _xml_date(entry.find("c:ValDt", ns)) or booked_on
            details = entry.findall("c:NtryDtls/c:TxDtls", ns) or [None]
            for detail in details:
                number += 1
                where = _("item %(number)s") % {"number": number}
                amount_element = None
                if detail is not None and len(details) > 1:
                    amount_element = detail.find("c:Amt", ns)
                    if amount_element is None:
                        amount_element = detail.find("c:AmtDtls/c:TxAmt/c:Amt", ns)
                else:
                    amount_element = entry.find("c:Amt", ns)
                if amount_element is None or not _XML_DECIMAL.fullmatch(
                    (amount_element.text or "").strip()
                ):
                    errors.append(
                        _("%(where)s: the amount is missing or not a number.") % {"where": where}
                    )
                    continue
                if indicator not in ("CRDT", "DBIT"):
                    errors.append(
                        _("%(where)s: credit or debit (CdtDbtInd) is missing.") % {"where": where}
                    )
                    continue
                if booked_on is None:
                    errors.append(_("%(where)s: the booking date is missing.") % {"where": where})
                    continue
                amount = _whole_forints(
                    Decimal(amount_element.text.strip()),
                    amount_element.get("Ccy") or currency,
                    where,
                    errors,
                )
                if amount is None:
                    continue
                remark = " ".join(
                    part.text.strip()
                    for part in (
                        detail.findall(".//c:RmtInf/c:Ustrd", ns) if detail is not None else []
                    )
                    if part.text
                )
                if detail is not None:
                    structured = text(detail, "c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref")
                    remark = " ".join(part for part in (remark, structured) if part)
                remark = remark or text(entry, "c:AddtlNtryInf")
                party = "c:RltdPties/c:Dbtr" if indicator == "CRDT" else "c:RltdPties/c:Cdtr"
                party_account = (
                    "c:RltdPties/c:DbtrAcct" if indicator == "CRDT" else "c:RltdPties/c:CdtrAcct"
                )
                items.append(
                    ParsedItem(
                        number=number,
                        account=account,
                        credit=indicator == "CRDT",
                        reversal=text(entry, "c:RvslInd").lower() == "true",
                        booked_by_bank=status in ("", "BOOK"),
                        amount=amount,
                        booked_on=booked_on,
                        value_date=value_date,
                        bank_reference=text(detail, "c:Refs/c:AcctSvcrRef")
                        or text(entry, "c:AcctSvcrRef")
                        or text(entry, "c:NtryRef"),
                        customer_reference=text(detail, "c:Refs/c:EndToEndId")
                        if text(detail, "c:Refs/c:EndToEndId") != "NOTPROVIDED"
                        else "",
                        remark=" ".join(remark.split()),
                        payer_name=text(detail, f"{party}/c:Nm")
                        or text(detail, f"{party}/c:Pty/c:Nm"),
                        payer_account=text(detail, f"{party_account}/c:Id/c:IBAN")
                        or text(detail, f"{party_account}/c:Id/c:Othr/c:Id"),
                        statement_reference=reference,
                    )
                )
    if errors:
        raise StatementError(errors)
    return items


def parse_statement(content):
    """(format, items) of a statement file, recognised by its content."""
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return StatementFormat.CAMT053, parse_camt053(content)
    if b":20:" in content or b":61:" in content:
        return StatementFormat.MT940, parse_mt940(content)
    raise StatementError([_("The file is neither an MT940 nor a camt.053 bank statement.")])


# -- matching


@functools.lru_cache(maxsize=1024)
def account_digits(value):
    """The 24 digits of a Hungarian account (GIRO 2×8 padded, or from an IBAN), or ''."""
    try:
        giro = normalise_giro_account(value)
    except ValidationError:
        return ""
    return giro.replace("-", "").ljust(24, "0")


# A run of digits with single spaces or hyphens between groups: 8123 456 789, 12345676-2-41.
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


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _taxpayers_by_identifier(municipality, identifiers):
    """{identifier: taxpayer} for the municipality, in a few bulk queries."""
    tax_ids = [i for i in identifiers if "-" not in i]
    tax_numbers = [i for i in identifiers if "-" in i]
    found = {}
    for field_name, values in (("tax_id", tax_ids), ("tax_number", tax_numbers)):
        for chunk in _chunks(values):
            for taxpayer in Taxpayer.objects.for_municipality(municipality).filter(
                **{f"{field_name}__in": chunk}
            ):
                found[getattr(taxpayer, field_name)] = taxpayer
    return found


def _accounts(municipality, items):
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


def _classify(item, own, others, identified, taxpayers):
    """(tax type, taxpayer, reason): reason empty when the item can be booked."""
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


def _user(actor):
    return (actor or Actor.system()).user


def import_statement(municipality, content, *, file_name, actor=None):
    """Import a statement file for the municipality; returns its ``StatementImport``
    (counts booked, queued, duplicate). A file with any error imports nothing and raises
    ``StatementError`` listing them."""
    limit = getattr(settings, "TAX_STATEMENT_MAX_BYTES", DEFAULT_MAX_BYTES)
    if len(content) > limit:
        raise StatementError(
            [_("The file is larger than %(mb)s MB; split the statement.") % {"mb": limit // 2**20}]
        )
    statement_format, items = parse_statement(content)
    if not items:
        raise StatementError([_("The statement has no items.")])
    try:
        return _import(municipality, content, file_name, statement_format, items, actor)
    except IntegrityError as error:
        # Another import of the same items committed first; the unique key refused ours.
        raise StatementError(
            [_("Another import is booking the same items at this moment. Try again in a minute.")]
        ) from error


@transaction.atomic
def _import(municipality, content, file_name, statement_format, items, actor):
    occurrences = Counter()
    keyed = []
    for item in items:
        identity = item_identity(item)
        occurrences[identity] += 1
        keyed.append((item_key(identity, occurrences[identity]), item))
    existing = set()
    for chunk in _chunks(key for key, _item in keyed):
        existing.update(
            StatementItem.objects.for_municipality(municipality)
            .filter(key__in=chunk)
            .values_list("key", flat=True)
        )
    new = [(key, item) for key, item in keyed if key not in existing]
    own, others = _accounts(municipality, items)
    identified = {key: identifiers_in(item.remark) for key, item in new}
    taxpayers = _taxpayers_by_identifier(
        municipality, {i for ids, _mistyped in identified.values() for i in ids}
    )
    record = StatementImport.objects.create(
        municipality=municipality,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        format=statement_format,
        item_count=len(items),
        duplicate_count=len(items) - len(new),
        imported_by=_user(actor),
    )
    classified = [
        (key, item, *_classify(item, own, others, identified[key], taxpayers)) for key, item in new
    ]
    payments = book_payments_in_bulk(
        municipality,
        [
            (taxpayer, tax_type, item.amount, item.value_date, _reference(item), f"statement:{key}")
            for key, item, tax_type, taxpayer, reason in classified
            if not reason
        ],
        actor,
    )
    rows, payments = [], iter(payments)
    for key, item, tax_type, taxpayer, reason in classified:
        payment = None if reason else next(payments)
        rows.append(_row(municipality, record, key, item, tax_type, taxpayer, reason, payment))
    StatementItem.objects.bulk_create(rows, batch_size=2000)
    record.booked_count = sum(1 for row in rows if row.state == StatementItemState.BOOKED)
    record.queued_count = len(rows) - record.booked_count
    StatementImport.objects.for_municipality(municipality).filter(pk=record.pk).update(
        booked_count=record.booked_count, queued_count=record.queued_count
    )
    return record


def _sort_key(entry):
    return (entry.booked_on, entry.pk or float("inf"))


def book_payments_in_bulk(municipality, bookings, actor=None):
    """Book many payments and allocate them, as ``ledger.book_payment`` does one by one,
    in a number of queries that does not grow with the number of payments.

    ``bookings`` are (taxpayer, tax type, amount, paid on, reference, idempotency key);
    returns the payment entries in the same order. The taxpayers are locked (in id
    order, the ledger's lock), the payments inserted, and every affected account read in
    one go; then ``ledger.settle``'s first step (each tax type's money to its own charges,
    oldest due first, interest last) runs on the account in memory, with the ledger's own
    ``AccountState`` and charge order, and its allocations are inserted together. Where
    the second step (netting an overpayment against a due debt of another tax type) could
    do anything, that taxpayer is settled by ``ledger.settle`` itself instead."""
    if not bookings:
        return []
    user = _user(actor)
    taxpayer_ids = sorted({taxpayer.pk for taxpayer, *_rest in bookings})
    for chunk in _chunks(taxpayer_ids):
        list(
            Taxpayer.objects.for_municipality(municipality)
            .select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    payments = LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                municipality=municipality,
                taxpayer=taxpayer,
                tax_type=tax_type,
                kind=EntryKind.PAYMENT,
                amount=amount,
                signed_amount=amount * BALANCE_SIGN[EntryKind.PAYMENT],
                booked_on=paid_on,
                reference=reference,
                idempotency_key=key,
                recorded_by=user,
            )
            for taxpayer, tax_type, amount, paid_on, reference, key in bookings
        ],
        batch_size=2000,
    )
    entries = defaultdict(list)
    for chunk in _chunks(taxpayer_ids):
        for entry in (
            LedgerEntry.objects.for_municipality(municipality)
            .filter(taxpayer_id__in=chunk)
            .order_by("booked_on", "pk")
        ):
            entries[entry.taxpayer_id].append(entry)
    dates = defaultdict(set)
    taxpayer_of = {}
    for (taxpayer, *_rest), payment in zip(bookings, payments, strict=True):
        dates[taxpayer.pk].add(payment.booked_on)
        taxpayer_of[taxpayer.pk] = taxpayer
    allocations, by_ledger = [], []
    for taxpayer_id in taxpayer_ids:
        planned = _allocate_own_tax_types(
            municipality, taxpayer_id, entries[taxpayer_id], sorted(dates[taxpayer_id]), user
        )
        if planned is None:
            by_ledger.append(taxpayer_id)
        else:
            allocations.extend(planned)
    LedgerEntry.objects.bulk_create(allocations, batch_size=2000)
    for taxpayer_id in by_ledger:
        for day in sorted(dates[taxpayer_id]):
            settle(taxpayer_of[taxpayer_id], on=day, actor=actor)
    return payments


def _allocate_own_tax_types(municipality, taxpayer_id, entries, dates, user):
    """The allocations ``settle`` would book on each of ``dates`` in its first step, or
    None where its second step (netting) could book something too."""
    planned = []
    for day in dates:
        state = AccountState(
            sorted((e for e in entries + planned if e.booked_on <= day), key=_sort_key)
        )
        for tax_type in sorted({s.tax_type for s in state.money()}):
            charges = sorted(state.open_charges(tax_type), key=_charge_order)
            for source in state.money(tax_type):
                for charge in charges:
                    amount = min(state.remaining(source), state.open_amount(charge))
                    if amount > 0:
                        allocation = LedgerEntry(
                            municipality=municipality,
                            taxpayer_id=taxpayer_id,
                            tax_type=charge.tax_type,
                            kind=EntryKind.ALLOCATION,
                            amount=amount,
                            signed_amount=0,
                            booked_on=day,
                            source=source,
                            target=charge,
                            recorded_by=user,
                        )
                        state.note(allocation)
                        planned.append(allocation)
                    if state.remaining(source) == 0:
                        break
        money_types = {s.tax_type for s in state.money()}
        if any(c.due_on <= day and money_types - {c.tax_type} for c in state.open_charges()):
            return None
    return planned


def _reference(item):
    return (item.bank_reference or item.customer_reference or item.remark)[:120]


def _row(municipality, record, key, item, tax_type, taxpayer, reason, payment):
    return StatementItem(
        municipality=municipality,
        statement_import=record,
        number=item.number,
        key=key,
        account=item.account[:40],
        tax_type=tax_type,
        credit=item.credit,
        amount=item.amount,
        booked_on=item.booked_on,
        value_date=item.value_date,
        bank_reference=item.bank_reference[:70],
        remark=item.remark,
        payer_name=item.payer_name[:200],
        payer_account=item.payer_account[:40],
        raw=item.as_raw(),
        state=StatementItemState.BOOKED if payment else StatementItemState.WAITING,
        reason=reason,
        taxpayer=taxpayer,
        payment=payment,
    )


# -- the unmatched queue


def statement_items(statement_import):
    """The items an import brought (not those it found already imported), in file order."""
    return StatementItem.objects.for_municipality(statement_import.municipality_id).filter(
        statement_import=statement_import
    )


def unmatched_queue(municipality):
    """The items waiting for an officer, oldest first."""
    return (
        StatementItem.objects.for_municipality(municipality)
        .filter(state=StatementItemState.WAITING)
        .order_by("booked_on", "pk")
    )


def _waiting(item):
    locked = (
        StatementItem.objects.for_municipality(item.municipality_id)
        .select_for_update()
        .get(pk=item.pk)
    )
    if locked.state != StatementItemState.WAITING:
        raise TaxError(
            _("This item is no longer waiting: it is %s.") % locked.get_state_display().lower()
        )
    return locked


@transaction.atomic
def assign_statement_item(item, *, taxpayer, tax_type, actor=None):
    """The officer's decision: the waiting credit ``item`` is the payment of ``taxpayer``
    on ``tax_type``. It is booked (and allocated) on its value date."""
    item = _waiting(item)
    if taxpayer.municipality_id != item.municipality_id:
        raise TaxError(_("The taxpayer belongs to another municipality."))
    if tax_type not in TaxType.values:
        raise TaxError(_("Unknown tax type: %s") % tax_type)
    if not item.credit or item.reason == UnmatchedReason.REVERSAL:
        raise TaxError(_("Only money paid in (a credit) can be booked as a payment."))
    item.payment = book_payment(
        taxpayer,
        tax_type,
        item.amount,
        paid_on=item.value_date,
        reference=(item.bank_reference or item.remark)[:120],
        idempotency_key=f"statement:{item.key}",
        actor=actor,
    )
    item.taxpayer, item.tax_type = taxpayer, tax_type
    return _decide(item, StatementItemState.ASSIGNED, actor, "")


def _decide(item, state, actor, note):
    item.state = state
    item.decided_at = timezone.now()
    item.decided_by = _user(actor)
    item.note = note[:300]
    item.save(
        update_fields=[
            "state",
            "decided_at",
            "decided_by",
            "note",
            "payment",
            "taxpayer",
            "tax_type",
        ]
    )
    return item


@transaction.atomic
def return_statement_item(item, *, note, actor=None):
    """The money is sent back to the payer (the bank transfer is made outside)."""
    if not note.strip():
        raise TaxError(_("Say why the money is returned."))
    item = _waiting(item)
    if not item.credit:
        raise TaxError(_("Only money paid in (a credit) can be returned."))
    return _decide(item, StatementItemState.RETURNED, actor, note.strip())


@transaction.atomic
def close_statement_item(item, *, note, actor=None):
    """Nothing to book (a debit, a bank fee, a reversal the bank settled): closed with why."""
    if not note.strip():
        raise TaxError(_("Say why the item needs no booking."))
    item = _waiting(item)
    return _decide(item, StatementItemState.DISMISSED, actor, note.strip())
