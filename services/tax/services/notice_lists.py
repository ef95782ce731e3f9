"""The enforcement list as CSV: one row per taxpayer on the list, from the run's
snapshot (what was owed on the run's day, not today), with the reminder it follows."""

from django.utils.translation import gettext as _

from ..constants import TaxType
from ..models import Notice

ENFORCEMENT_TAX_TYPES = [code for code in TaxType.values]


def enforcement_header():
    return [
        _("Taxpayer identifier"),
        _("Name"),
        _("Address"),
        _("Overdue total (Ft)"),
        *[str(TaxType(code).label) + " (Ft)" for code in ENFORCEMENT_TAX_TYPES],
        _("Reminder"),
        _("Reminder dated"),
        _("Reminder delivered by"),
    ]


def enforcement_rows(run):
    """[[cell, …]] of the run's list, in taxpayer identifier order."""
    notices = list(
        Notice.objects.for_municipality(run.municipality_id)
        .filter(run=run)
        .order_by("identifier", "pk")
    )
    reminder_ids = [
        int(n.key.split(":", 1)[1]) for n in notices if n.key.startswith("enforcement:")
    ]
    reminders = {
        r.pk: r
        for r in Notice.objects.for_municipality(run.municipality_id)
        .filter(pk__in=reminder_ids)
        .select_related("run", "document")
    }
    rows = []
    for notice in notices:
        overdue = {line["tax_type"]: line["overdue"] for line in notice.lines}
        reminder = reminders.get(int(notice.key.split(":", 1)[1]))
        rows.append(
            [
                notice.identifier,
                notice.name,
                notice.address,
                notice.overdue,
                *[overdue.get(code, 0) for code in ENFORCEMENT_TAX_TYPES],
                (reminder.document.registry_number if reminder and reminder.document else "")
                or (f"{reminder.run_id}/{reminder.pk}" if reminder else ""),
                reminder.run.as_of.isoformat() if reminder else "",
                reminder.get_channel_display() if reminder else "",
            ]
        )
    return rows
