"""Every change of a booking or a block is one appended BookingEvent (who, through which
channel, from which address): the office's record of what happened and who did it."""

from ..models import BookingEvent


def record(actor, kind, *, booking=None, block=None, municipality=None, note=""):
    owner = booking or block
    municipality_id = owner.municipality_id if owner is not None else municipality.pk
    return BookingEvent.objects.create(
        municipality_id=municipality_id,
        booking=booking,
        block=block,
        kind=kind,
        user=actor.user,
        channel=str(actor.channel or ""),
        ip_address=actor.ip_address or "",
        note=note[:300],
    )
