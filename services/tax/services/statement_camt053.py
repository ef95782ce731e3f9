"""Reading ISO 20022 camt.053 statements (version 02 and later), safely: no entity
expansion, no external entities, no DTD."""

import datetime
import re
from decimal import Decimal
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from .statement_files import ParsedItem, StatementError, Where, whole_forints

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
    clark = {}  # "c:A/c:B" -> ("{urn…}A", "{urn…}B")

    def find(element, path):
        # Child by child with full tag names: ElementTree's C fast path, several times
        # quicker than a namespaced path through ElementPath (50,000 items × 12 lookups).
        tags = clark.get(path)
        if tags is None:
            namespace = "{" + ns["c"] + "}"
            tags = clark[path] = tuple(namespace + part[2:] for part in path.split("/"))
        for tag in tags:
            if element is None:
                return None
            element = element.find(tag)
        return element

    def text(element, path):
        found = find(element, path)
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
        currency = text(statement, "c:Acct/c:Ccy")
        for entry in statement.findall("c:Ntry", ns):
            indicator = text(entry, "c:CdtDbtInd")
            status = text(entry, "c:Sts/c:Cd") or text(entry, "c:Sts")
            booked_on = _xml_date(find(entry, "c:BookgDt"))
            value_date = _xml_date(find(entry, "c:ValDt")) or booked_on
            details = entry.findall("c:NtryDtls/c:TxDtls", ns) or [None]
            for detail in details:
                number += 1
                where = Where(number)
                amount_element = None
                if detail is not None and len(details) > 1:
                    amount_element = find(detail, "c:Amt")
                    if amount_element is None:
                        amount_element = find(detail, "c:AmtDtls/c:TxAmt/c:Amt")
                else:
                    amount_element = find(entry, "c:Amt")
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
                amount = whole_forints(
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
