"""Legal-change notices: the provider sends one to all or some municipalities; the officers
and site admins of each see it in their admin until they have read it, and the provider
sees who of each municipality read it and when."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from sites.constants import StaffRole
from sites.models import Municipality, StaffMembership

from .models import Audience, LegalNotice, NoticeRead, NoticeRecipient

# Who of a municipality reads the provider's legal notices: the officers, who handle the
# forms and cases a law changes, and the site admins, who run the office's platform.
RECEIVING_ROLES = (StaffRole.OFFICER, StaffRole.SITE_ADMIN)


def audience_of(audience, *, counties=(), legal_statuses=(), municipalities=()):
    """The joined (active) municipalities a notice of this audience goes to."""
    joined = Municipality.objects.filter(active=True)
    if audience == Audience.ALL:
        return joined
    if audience == Audience.COUNTY:
        return joined.filter(county__in=list(counties))
    if audience == Audience.LEGAL_STATUS:
        return joined.filter(legal_status__in=list(legal_statuses))
    return joined.filter(pk__in=[getattr(m, "pk", m) for m in municipalities])


@transaction.atomic
def send_notice(
    *,
    actor,
    title,
    body,
    audience,
    law="",
    effective_on=None,
    templates=(),
    counties=(),
    legal_statuses=(),
    municipalities=(),
    now=None,
):
    notice = LegalNotice.objects.create(
        title=title,
        body=body,
        law=law,
        effective_on=effective_on,
        audience=audience,
        counties=list(counties) if audience == Audience.COUNTY else [],
        legal_statuses=list(legal_statuses) if audience == Audience.LEGAL_STATUS else [],
        sent_by=actor.user,
        sent_at=now or timezone.now(),
    )
    notice.templates.set(templates)
    recipients = audience_of(
        audience, counties=counties, legal_statuses=legal_statuses, municipalities=municipalities
    )
    NoticeRecipient.objects.bulk_create(
        [
            NoticeRecipient(notice=notice, municipality_id=pk)
            for pk in recipients.values_list("pk", flat=True)
        ]
    )
    return notice


def receiving_municipalities(user):
    """Where this user reads the provider's notices: municipalities where they are an
    officer or a site admin (operators send them; they read none)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Municipality.objects.none()
    memberships = StaffMembership.objects.unscoped().filter(
        user=user, is_active=True, role__in=RECEIVING_ROLES
    )
    return Municipality.objects.filter(pk__in=memberships.values("municipality_id"))


def _received(user):
    return NoticeRecipient.objects.for_municipalities(receiving_municipalities(user))


def notices_for(user):
    """[(notice, municipality, read_at or None)] the user's municipalities received, newest
    first."""
    received = list(_received(user).select_related("notice", "municipality"))
    reads = {
        (r.notice_id, r.municipality_id): r.read_at
        for r in NoticeRead.objects.for_municipalities(receiving_municipalities(user)).filter(
            user=user
        )
    }
    rows = [
        (r.notice, r.municipality, reads.get((r.notice_id, r.municipality_id))) for r in received
    ]
    rows.sort(key=lambda row: (row[0].sent_at, row[0].pk), reverse=True)
    return rows


def unread_for(user):
    """The notices the user has not opened yet: shown in their admin until they do."""
    return [
        (notice, municipality)
        for notice, municipality, read_at in notices_for(user)
        if read_at is None
    ]


def open_notice(user, notice_id, now=None):
    """The notice, if one of the user's municipalities received it; its first opening is
    the user's read receipt for each of those municipalities. None otherwise."""
    received = list(_received(user).filter(notice_id=notice_id).select_related("notice"))
    if not received:
        return None
    now = now or timezone.now()
    for recipient in received:
        try:
            with transaction.atomic():
                NoticeRead.objects.get_or_create(
                    notice_id=notice_id,
                    municipality_id=recipient.municipality_id,
                    user=user,
                    defaults={"read_at": now},
                )
        except IntegrityError:  # two tabs at once: the first receipt stays
            pass
    return received[0].notice


def receipts(notice):
    """[(municipality, [(user, read_at)])] for every municipality the notice went to, the
    municipalities where nobody read it first."""
    reads = {}
    for read in NoticeRead.objects.unscoped().filter(notice=notice).select_related("user"):
        reads.setdefault(read.municipality_id, []).append((read.user, read.read_at))
    rows = [
        (recipient.municipality, reads.get(recipient.municipality_id, []))
        for recipient in NoticeRecipient.objects.unscoped()
        .filter(notice=notice)
        .select_related("municipality")
    ]
    rows.sort(key=lambda row: (bool(row[1]), row[0].name))
    return rows


def read_share(notice):
    """(municipalities where somebody read it, municipalities it went to)."""
    sent = NoticeRecipient.objects.unscoped().filter(notice=notice).count()
    read = (
        NoticeRead.objects.unscoped()
        .filter(notice=notice)
        .values("municipality")
        .distinct()
        .count()
    )
    return read, sent


__all__ = [
    "audience_of",
    "notices_for",
    "open_notice",
    "read_share",
    "receipts",
    "receiving_municipalities",
    "send_notice",
    "unread_for",
]
