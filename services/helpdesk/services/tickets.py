"""A ticket's life: opened by a municipality's staff, answered by the provider's operators,
waiting for the municipality, resolved, reopened. Every change is a ``TicketEvent``, and
the SLA clock (``..sla``) is moved here and nowhere else."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sites.models import Municipality

from .. import sla
from ..constants import CLOCK_RUNS, PRIORITY_ORDER, EventKind, Priority, Status
from ..models import Screenshot, Ticket, TicketEvent, TicketMessage

logger = logging.getLogger(__name__)

MAX_SCREENSHOTS = 5


class HelpdeskError(Exception):
    """A step the ticket's state does not allow; the message is for the person."""


def _event(ticket, kind, actor, detail="", at=None):
    return TicketEvent.objects.create(
        municipality_id=ticket.municipality_id,
        ticket=ticket,
        kind=kind,
        actor=getattr(actor, "user", None),
        detail=str(detail)[:255],
        at=at or timezone.now(),
    )


def _set_status(ticket, status, actor, now):
    """Change the status and move the clock: it runs while the ticket is with the provider,
    pauses while the provider waits for the municipality, stops when resolved."""
    if status == ticket.status:
        return
    if ticket.clock_since is not None and status not in CLOCK_RUNS:
        ticket.sla_used_seconds += sla.working_seconds(ticket.clock_since, now)
        ticket.clock_since = None
    elif ticket.clock_since is None and status in CLOCK_RUNS:
        ticket.clock_since = now
    old = ticket.get_status_display()
    ticket.status = status
    ticket.resolved_at = now if status == Status.RESOLVED else None
    _event(ticket, EventKind.STATUS, actor, f"{old} → {ticket.get_status_display()}", now)


def _attach(ticket, actor, screenshots, now):
    for upload in screenshots:
        Screenshot.objects.create(
            municipality_id=ticket.municipality_id,
            ticket=ticket,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
            uploaded_by=actor.user,
            uploaded_at=now,
        )
        _event(ticket, EventKind.SCREENSHOT, actor, upload.name, now)


@transaction.atomic
def open_ticket(
    municipality, *, actor, subject, category, description, page_url="", screenshots=(), now=None
):
    """A staff member's ticket to the provider; the SLA clock starts now."""
    now = now or timezone.now()
    ticket = Ticket.objects.create(
        municipality=municipality,
        subject=subject,
        category=category,
        description=description,
        page_url=page_url[:500],
        opened_by=actor.user,
        created_at=now,
        updated_at=now,
        clock_since=now,
    )
    _event(ticket, EventKind.OPENED, actor, ticket.subject, now)
    _attach(ticket, actor, list(screenshots)[:MAX_SCREENSHOTS], now)
    return ticket


@transaction.atomic
def staff_reply(ticket, *, actor, body, screenshots=(), now=None):
    """The municipality writes: a waiting or resolved ticket goes back to the provider and
    its clock runs again from the time already used."""
    now = now or timezone.now()
    ticket = (
        Ticket.objects.for_municipality(ticket.municipality_id)
        .select_for_update()
        .get(pk=ticket.pk)
    )
    room = MAX_SCREENSHOTS - screenshots_of(ticket).count()
    if len(screenshots) > room:
        raise HelpdeskError(
            _("A ticket takes at most %(count)s screenshots.") % {"count": MAX_SCREENSHOTS}
        )
    TicketMessage.objects.create(
        municipality_id=ticket.municipality_id,
        ticket=ticket,
        author=actor.user,
        body=body,
        created_at=now,
    )
    _event(ticket, EventKind.STAFF_MESSAGE, actor, at=now)
    _attach(ticket, actor, screenshots, now)
    if ticket.status in (Status.WAITING, Status.RESOLVED):
        _set_status(ticket, Status.OPEN, actor, now)
    ticket.updated_at = now
    ticket.save()
    return ticket


ANSWER_STATUSES = (Status.WAITING, Status.RESOLVED, Status.OPEN)


@transaction.atomic
def answer(ticket, *, actor, body, status, now=None):
    """An operator's answer; ``status`` says what follows: waiting for the municipality
    (the clock pauses), resolved (it stops) or still in progress (it runs on). The person
    who opened the ticket gets an e-mail with the ticket's link only."""
    if status not in ANSWER_STATUSES:
        raise HelpdeskError(_("Choose what happens to the ticket after the answer."))
    now = now or timezone.now()
    ticket = (
        Ticket.objects.for_municipality(ticket.municipality_id)
        .select_for_update()
        .get(pk=ticket.pk)
    )
    TicketMessage.objects.create(
        municipality_id=ticket.municipality_id,
        ticket=ticket,
        author=actor.user,
        body=body,
        from_provider=True,
        created_at=now,
    )
    _event(ticket, EventKind.ANSWER, actor, at=now)
    if ticket.first_answer_at is None:
        ticket.first_answer_at = now
    _set_status(ticket, status, actor, now)
    ticket.updated_at = now
    ticket.save()
    transaction.on_commit(lambda: _email_answer(ticket))
    return ticket


@transaction.atomic
def set_priority(ticket, *, actor, priority, now=None):
    if priority not in Priority.values:
        raise HelpdeskError(_("Choose a priority from the list."))
    now = now or timezone.now()
    ticket = (
        Ticket.objects.for_municipality(ticket.municipality_id)
        .select_for_update()
        .get(pk=ticket.pk)
    )
    if ticket.priority != priority:
        old = ticket.get_priority_display()
        ticket.priority = priority
        _event(ticket, EventKind.PRIORITY, actor, f"{old} → {ticket.get_priority_display()}", now)
        if ticket.status == Status.NEW:
            _set_status(ticket, Status.OPEN, actor, now)
        ticket.updated_at = now
        ticket.save()
    return ticket


@transaction.atomic
def take(ticket, *, actor, now=None):
    """The operator takes the ticket: assigned to them, and a new ticket is in progress."""
    now = now or timezone.now()
    ticket = (
        Ticket.objects.for_municipality(ticket.municipality_id)
        .select_for_update()
        .get(pk=ticket.pk)
    )
    ticket.assigned_to = actor.user
    _event(ticket, EventKind.ASSIGNED, actor, actor.user.get_full_name() or "", now)
    if ticket.status == Status.NEW:
        _set_status(ticket, Status.OPEN, actor, now)
    ticket.updated_at = now
    ticket.save()
    return ticket


def ticket_link(ticket):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("helpdesk_admin:ticket", args=[ticket.pk])


def _email_answer(ticket):
    """Only the ticket's number and link: its text, the municipality's data and names stay
    behind the admin's login."""
    address = ticket.opened_by.email
    if not address:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Answer to your helpdesk ticket #%(number)s") % {"number": ticket.pk}
        body = _(
            "The provider's helpdesk has answered your ticket #%(number)s.\n"
            "Read it in the administration: %(link)s\n"
        ) % {"number": ticket.pk, "link": ticket_link(ticket)}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception:  # the answer is in the admin; a lost e-mail is only logged
        logger.exception("Helpdesk answer notice for ticket %s could not be e-mailed", ticket.pk)


# -- who sees what


def is_operator(user):
    """The provider's operators (superusers) work the queue of every municipality."""
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def staff_municipalities(user):
    """Where the user may open and read tickets: every municipality they work for."""
    return Municipality.objects.for_staff(user)


def tickets_of(user):
    """The tickets the user may read: their municipalities' (all for operators)."""
    if is_operator(user):
        return Ticket.objects.unscoped()
    return Ticket.objects.for_municipalities(staff_municipalities(user))


def screenshot_of(user, ticket_id, screenshot_id):
    """A screenshot the user may see (the ticket's municipality's staff and the operators),
    or None."""
    return (
        Screenshot.objects.unscoped()
        .filter(
            pk=screenshot_id,
            ticket_id=ticket_id,
            ticket__in=tickets_of(user),
        )
        .first()
    )


def messages_of(ticket):
    return TicketMessage.objects.for_municipality(ticket.municipality_id).filter(ticket=ticket)


def screenshots_of(ticket):
    return Screenshot.objects.for_municipality(ticket.municipality_id).filter(ticket=ticket)


def events_of(ticket):
    return TicketEvent.objects.for_municipality(ticket.municipality_id).filter(ticket=ticket)


def queue(status=None, priority=None):
    """The operators' queue: open tickets, the most pressing first, then the oldest."""
    tickets = Ticket.objects.unscoped().select_related("municipality", "assigned_to")
    tickets = tickets.filter(status=status) if status else tickets.exclude(status=Status.RESOLVED)
    if priority:
        tickets = tickets.filter(priority=priority)
    rank = Case(
        *(When(priority=value, then=Value(index)) for index, value in enumerate(PRIORITY_ORDER)),
        default=Value(9),
    )
    return tickets.annotate(rank=rank).order_by("rank", "created_at", "pk")
