"""Writing the audit trail (see models/audit.py): one call per view or change."""

from sites.hungarian import user_name

from . import events
from .models import AuditEvent


def _ip_of(actor):
    # The column is nullable: an event without an address (a batch job) stores NULL, not "".
    return getattr(actor, "ip_address", "") or None


def _channel_of(actor):
    return str(getattr(actor, "channel", "") or "")


def actor_of(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    return user.pk, user_name(user)[:150]


def record(
    action,
    *,
    municipality_id,
    user=None,
    actor=None,
    case=None,
    document=None,
    detail="",
    actor_name="",
):
    """``user`` is who acts when a service was told so explicitly; otherwise the actor's."""
    event = entry(
        action,
        municipality_id=municipality_id,
        user=user,
        actor=actor,
        case=case,
        document=document,
        detail=detail,
        actor_name=actor_name,
    )
    event.save()
    events.announce(event)
    return event


def entry(
    action,
    *,
    municipality_id,
    user=None,
    actor=None,
    case=None,
    document=None,
    detail="",
    actor_name="",
):
    """The unsaved record of ``record``: a registration writes its records in one batch
    with its other rows (then ``announce_all``), since they are written while its number's
    row is locked."""
    actor_id, name = actor_of(user if user is not None else getattr(actor, "user", None))
    return AuditEvent(
        municipality_id=municipality_id,
        actor_id=actor_id,
        actor_name=(name or actor_name)[:150],
        ip_address=_ip_of(actor),
        channel=_channel_of(actor),
        action=action,
        case_id=case.pk if case is not None else getattr(document, "case_id", None),
        document_id=document.pk if document is not None else None,
        registry_number=(
            document.registry_number
            if document is not None
            else case.registry_number
            if case is not None
            else ""
        ),
        detail=str(detail)[:500],
    )


def announce_all(entries):
    """Announce records built with ``entry`` once the caller has written them (the
    registry writes them in one batch with the rows they are about)."""
    for event in entries:
        events.announce(event)


def record_many(action, cases, *, municipality_id, actor, detail=""):
    """The same record for every case of a list the user was shown or took away (one
    insert); list views are not announced to listeners, they change nothing."""
    actor_id, name = actor_of(actor.user)
    ip_address = _ip_of(actor)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            municipality_id=municipality_id,
            actor_id=actor_id,
            actor_name=name,
            ip_address=ip_address,
            channel=_channel_of(actor),
            action=action,
            case_id=case.pk,
            registry_number=case.registry_number,
            detail=str(detail)[:500],
        )
        for case in cases
    )


def history(case):
    return AuditEvent.objects.for_municipality(case.municipality_id).filter(case_id=case.pk)
