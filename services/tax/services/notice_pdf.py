"""A notice as PDF, drawn by WeasyPrint from the notice's snapshot (as the statements
are: portal.affairs.tax_pdf). One notice on demand (the officer's screen, the mailbox
document) and many in one file for the printer: one HTML document whose notices each
start on a new page, so WeasyPrint lays the fonts and styles out once.

WeasyPrint is imported only when a PDF is made, so that the rest does not depend on
Pango. Everything printed comes from the snapshot and the run, never from today's
registers: the PDF made a year later says what the notice said."""

import datetime

from django.template.loader import render_to_string
from django.utils import translation

from ..constants import TaxType
from ..models import NoticeKind


def _context(notice, run, municipality):
    accounts = run.accounts or {}
    lines = []
    for line in notice.lines:
        code = line["tax_type"]
        account = accounts.get(code) or {}
        lines.append(
            {
                **line,
                "label": str(TaxType(code).label),
                "account": account,
                "credit": max(-line["balance"], 0),
            }
        )
    # The transfer table: one row per tax type owed, with its collection account; the
    # remark is the taxpayer identifier (the statement import matches by it).
    owed = [line for line in lines if line["balance"] > 0]
    return {
        "notice": notice,
        "run": run,
        "municipality": municipality,
        "lines": lines,
        "transfers": owed,
        "missing_accounts": [line["label"] for line in owed if not line["account"]],
        "remark": notice.identifier,
        "pay_by": datetime.date.fromisoformat(run.rules["pay_by"])
        if run.rules.get("pay_by")
        else None,
        "is_reminder": run.kind == NoticeKind.REMINDER,
        "credit": -notice.balance if notice.balance < 0 else 0,
    }


def _html(notices, run, municipality):
    with translation.override("hu"):
        return render_to_string(
            "tax/notice_pdf.html",
            {
                "notices": [_context(n, run, municipality) for n in notices],
                "title": run.get_kind_display(),
            },
        )


def notice_pdf(notice, run=None):
    """One notice's PDF (bytes)."""
    from weasyprint import HTML

    run = run or notice.run
    html = _html([notice], run, run.municipality)
    return HTML(string=html, base_url=None).write_pdf()


def notices_pdf(notices, run):
    """Many notices of one run in one PDF for the printer: (bytes, pages)."""
    from weasyprint import HTML

    document = HTML(string=_html(notices, run, run.municipality), base_url=None).render()
    return document.write_pdf(), len(document.pages)
