"""The notice runs: the balance notices (September, optionally before the March due date),
the payment reminders and the enforcement list, each a background run with progress.

The snapshot is set-based, as the assessment and interest runs are: one grouped query
sums every taxpayer's ledger per tax type up to the run's day (the balance, the charges
not yet due, the last due date of what is overdue), the taxpayers over the thresholds
are taken in chunks with their name and address on that day, and their notices go in by
COPY (``bulk_rows.insert_rows``). A notice's ``key`` is unique per taxpayer: the
September notice of a year, a reminder of the same overdue charges, one listing per
reminder — so a re-run, or a run started twice, skips whom it has noticed already.

Delivery and the print PDF are ``notice_delivery``; the PDF is ``notice_pdf``."""

import datetime

from django.db import transaction
from django.db.models import Case, F, Max, Q, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor

from ..constants import DeliveryChannel, EntryKind, TaxType
from ..models import (
    CollectionAccount,
    LedgerEntry,
    Notice,
    NoticeChannel,
    NoticeDelivery,
    NoticeKind,
    NoticeRun,
    PortalLink,
    RunState,
    TaxpayerDetails,
)
from ..rules import notice_rules
from .bulk_rows import among, insert_rows
from .duedates import half_year_due_dates
from .errors import TaxError

CHUNK = 5000


def _user(actor):
    return (actor or Actor.system()).user


def _update(run, **fields):
    """Progress and counts go straight to the row, so another process sees them."""
    NoticeRun.objects.filter(municipality=run.municipality_id, pk=run.pk).update(**fields)


def default_day(kind, today=None):
    """The configured day of the balance notice of ``kind`` this year (the last one that
    has come, for the demo and the start form); today for reminders and lists."""
    today = today or timezone.localdate()
    if kind not in (NoticeKind.SEPTEMBER, NoticeKind.MARCH):
        return today
    rule = notice_rules()["balance_notice"][str(kind)]
    day = datetime.date(today.year, rule["month"], rule["day"])
    return day if day <= today else day.replace(year=today.year - 1)


def _rules_for(kind, as_of):
    data = notice_rules()
    if kind in (NoticeKind.SEPTEMBER, NoticeKind.MARCH):
        rule = data["balance_notice"]
        first, second = half_year_due_dates(as_of.year)
        pay_by = second if kind == NoticeKind.SEPTEMBER else first
        if pay_by < as_of:  # a notice after the due date names the next one
            pay_by = half_year_due_dates(as_of.year + 1)[0]
        return {
            "min_debt": rule["min_debt"],
            "min_credit": rule["min_credit"],
            "pay_by": pay_by.isoformat(),
            "due_cut": as_of.isoformat(),
            "case_type_code": rule["case_type_code"],
            "source": rule["thresholds_source"],
        }
    if kind == NoticeKind.REMINDER:
        rule = data["reminder"]
        return {
            "min_debt": rule["min_debt"],
            "days_overdue": rule["days_overdue"],
            "due_cut": (as_of - datetime.timedelta(days=rule["days_overdue"])).isoformat(),
            "pay_by": (as_of + datetime.timedelta(days=rule["pay_within_days"])).isoformat(),
            "case_type_code": rule["case_type_code"],
            "source": rule["source"],
        }
    rule = data["enforcement"]
    return {
        "min_debt": rule["min_debt"],
        "days_after_reminder": rule["days_after_reminder"],
        "due_cut": as_of.isoformat(),
        "reminded_by": (as_of - datetime.timedelta(days=rule["days_after_reminder"])).isoformat(),
        "source": rule["source"],
    }


def _accounts(municipality):
    return {
        account.tax_type: {
            "label": str(TaxType(account.tax_type).label),
            "holder": account.holder_name,
            "giro": account.giro,
            "iban": account.iban,
        }
        for account in CollectionAccount.objects.for_municipality(municipality).order_by("pk")
    }


def create_notice_run(municipality, kind, *, as_of=None, actor=None):
    if kind not in NoticeKind.values:
        raise TaxError(_("Unknown kind of notice: %s") % kind)
    as_of = as_of or default_day(kind)
    if as_of > timezone.localdate():
        raise TaxError(_("A notice states the account on a day that has come, not later."))
    return NoticeRun.objects.create(
        municipality=municipality,
        kind=kind,
        as_of=as_of,
        rules=_rules_for(kind, as_of),
        accounts=_accounts(municipality),
        started_by=_user(actor),
    )


def start_notice_run(municipality, kind, *, as_of=None, actor=None):
    """Enqueue a notice run for the task worker; returns its row (with the immediate
    backend of tests and ``make run`` it has finished on return)."""
    from sites.background import run_command

    run = create_notice_run(municipality, kind, as_of=as_of, actor=actor)
    run_command.enqueue("tax_notice_run", {"run_id": run.pk})
    run.refresh_from_db()
    return run


def run_notices(run, *, actor=None, deliver=True, chunk_size=CHUNK):
    """Carry out a notice run: the snapshot, then (``deliver``) the mailbox deliveries.
    The print PDFs are made on request (``notice_delivery.make_print_files``)."""
    from .notice_delivery import deliver_notices

    municipality = run.municipality
    actor = actor or Actor.system(municipality=municipality)
    _update(run, state=RunState.RUNNING, started_at=timezone.now(), error="")
    try:
        snapshot(run, chunk_size=chunk_size)
        if deliver and run.kind != NoticeKind.ENFORCEMENT:
            deliver_notices(run, actor=actor)
    except Exception as error:
        _update(run, state=RunState.FAILED, finished_at=timezone.now(), error=str(error)[:2000])
        raise
    _update(run, state=RunState.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run


# -- the snapshot


def _balances(run):
    """Per taxpayer and tax type up to the run's day: the balance, the charges whose due
    date is after the cut (not yet overdue), the last due date of the overdue ones."""
    cut = datetime.date.fromisoformat(run.rules["due_cut"])
    later = Q(kind=EntryKind.CHARGE, due_on__gt=cut)
    overdue = Q(kind=EntryKind.CHARGE, due_on__lte=cut)
    return (
        LedgerEntry.objects.filter(municipality=run.municipality_id, booked_on__lte=run.as_of)
        .values("taxpayer_id", "tax_type")
        .annotate(
            balance=Sum("signed_amount"),
            upcoming=Sum(Case(When(later, then=F("amount")), default=0)),
            last_due=Max(Case(When(overdue, then=F("due_on")))),
        )
        .order_by("taxpayer_id", "tax_type")
    )


def _per_taxpayer(rows):
    """The grouped rows folded per taxpayer, in taxpayer order (streamed)."""
    current, lines = None, []
    for row in rows:
        if row["taxpayer_id"] != current:
            if current is not None:
                yield current, lines
            current, lines = row["taxpayer_id"], []
        lines.append(row)
    if current is not None:
        yield current, lines


def _lines(rows):
    lines, last_due = [], None
    for row in rows:
        balance, upcoming = row["balance"] or 0, row["upcoming"] or 0
        if not balance and not upcoming:
            continue
        overdue = max(0, min(balance, balance - upcoming))
        lines.append(
            {
                "tax_type": row["tax_type"],
                "balance": balance,
                "overdue": overdue,
                "upcoming": min(upcoming, max(balance, 0)),
            }
        )
        if overdue and row["last_due"] and (last_due is None or row["last_due"] > last_due):
            last_due = row["last_due"]
    return lines, last_due


def _key(run, taxpayer_id, last_due, reminders):
    if run.kind in (NoticeKind.SEPTEMBER, NoticeKind.MARCH):
        return f"{run.kind}:{run.as_of.year}"
    if run.kind == NoticeKind.REMINDER:
        # A new reminder only once a newer charge has become overdue.
        return f"reminder:{last_due.isoformat()}" if last_due else None
    reminder = reminders.get(taxpayer_id)
    return f"enforcement:{reminder}" if reminder else None


def _selected(run, lines, balance, overdue):
    rules = run.rules
    if run.kind in (NoticeKind.SEPTEMBER, NoticeKind.MARCH):
        return balance >= rules["min_debt"] or -balance >= rules["min_credit"]
    return overdue >= rules["min_debt"]


def _reminders_due(run):
    """For the enforcement list: {taxpayer id: reminder notice id} of the reminders made
    on or before the day the rules allow, the latest of each taxpayer."""
    reminded_by = datetime.date.fromisoformat(run.rules["reminded_by"])
    found = {}
    rows = (
        Notice.objects.for_municipality(run.municipality_id)
        .filter(kind=NoticeKind.REMINDER, run__as_of__lte=reminded_by)
        .order_by("taxpayer_id", "pk")
        .values_list("taxpayer_id", "pk")
    )
    for taxpayer_id, pk in rows:
        found[taxpayer_id] = pk
    return found


def snapshot(run, *, chunk_size=CHUNK):
    """Write the run's notices (see the module). Returns the number written."""
    municipality_id = run.municipality_id
    reminders = _reminders_due(run) if run.kind == NoticeKind.ENFORCEMENT else {}
    taken = set(
        Notice.objects.for_municipality(municipality_id)
        .filter(kind=run.kind)
        .values_list("taxpayer_id", "key")
    )
    linked = set(
        PortalLink.objects.for_municipality(municipality_id)
        .filter(ended_at__isnull=True, user__is_active=True)
        .values_list("taxpayer_id", flat=True)
    )
    counts = dict.fromkeys(
        ("examined", "notices", "below", "already", "mailbox", "print", "debt"), 0
    )
    total = (
        LedgerEntry.objects.filter(municipality=municipality_id, booked_on__lte=run.as_of)
        .values("taxpayer_id")
        .distinct()
        .count()
    )
    _update(run, taxpayers_total=total)
    pending = []
    for taxpayer_id, rows in _per_taxpayer(_balances(run).iterator(chunk_size=20000)):
        counts["examined"] += 1
        lines, last_due = _lines(rows)
        balance = sum(line["balance"] for line in lines)
        overdue = sum(line["overdue"] for line in lines)
        if not lines or not _selected(run, lines, balance, overdue):
            counts["below"] += 1
            continue
        key = _key(run, taxpayer_id, last_due, reminders)
        if key is None:
            counts["below"] += 1
            continue
        if (taxpayer_id, key) in taken:
            counts["already"] += 1
            continue
        pending.append((taxpayer_id, key, lines, balance, overdue))
        if len(pending) >= chunk_size:
            _write(run, pending, linked, counts)
            pending = []
            _progress(run, counts)
    if pending:
        _write(run, pending, linked, counts)
    _progress(run, counts)
    return counts["notices"]


def _progress(run, counts):
    _update(
        run,
        taxpayers_done=counts["examined"],
        notices=counts["notices"],
        below_threshold=counts["below"],
        already_noticed=counts["already"],
        to_mailbox=counts["mailbox"],
        to_print=counts["print"],
        total_debt=counts["debt"],
    )


def _details(run, taxpayer_ids):
    on = run.as_of
    rows = (
        TaxpayerDetails.objects.for_municipality(run.municipality_id)
        .filter(among("taxpayer_id", taxpayer_ids), valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .values_list(
            "taxpayer_id",
            "taxpayer__tax_id",
            "taxpayer__tax_number",
            "family_name",
            "given_names",
            "postal_code",
            "settlement",
            "address_line",
            "delivery_channel",
        )
    )
    return {row[0]: row[1:] for row in rows}


def _channel(run, taxpayer_id, channel, linked):
    if run.kind == NoticeKind.ENFORCEMENT:
        return NoticeChannel.LIST, ""
    if channel != DeliveryChannel.PORTAL_MAILBOX:
        return NoticeChannel.PRINT, _("The taxpayer's register names the post.")
    if taxpayer_id not in linked:
        return NoticeChannel.PRINT, _(
            "The taxpayer has no portal account linked at this municipality."
        )
    return NoticeChannel.MAILBOX, ""


@transaction.atomic
def _write(run, pending, linked, counts):
    details = _details(run, [row[0] for row in pending])
    now = timezone.now()
    rows = []
    for taxpayer_id, key, lines, balance, overdue in pending:
        found = details.get(taxpayer_id)
        if found is None:  # no name and address on the day: nobody to write to
            counts["below"] += 1
            continue
        tax_id, tax_number, family, given, postal, settlement, line, channel = found
        chosen, reason = _channel(run, taxpayer_id, channel, linked)
        rows.append(
            {
                "municipality_id": run.municipality_id,
                "run_id": run.pk,
                "taxpayer_id": taxpayer_id,
                "kind": run.kind,
                "key": key,
                "identifier": tax_id or tax_number,
                "name": " ".join(part for part in (family, given) if part),
                "address": f"{postal} {settlement}, {line}",
                "lines": lines,
                "balance": balance,
                "overdue": overdue,
                "channel": chosen,
                "channel_reason": str(reason),
                "created_at": now,
                "delivery": NoticeDelivery.LISTED
                if chosen == NoticeChannel.LIST
                else NoticeDelivery.PENDING,
            }
        )
        counts["notices"] += 1
        counts["mailbox" if chosen == NoticeChannel.MAILBOX else "print"] += (
            chosen != NoticeChannel.LIST
        )
        counts["debt"] += max(balance, 0)
    # A run started twice at once: the unique key lets the second one's rows fall away.
    insert_rows(Notice, rows, ignore_conflicts=True)
