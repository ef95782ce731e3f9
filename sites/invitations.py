"""Invitations of colleagues: the only way the web makes someone a municipality's staff.

A site admin invites an e-mail address. That grants nothing and looks at no account: it
stores a :class:`StaffInvitation` and e-mails a single-use link. The role follows only when
somebody opens the link logged in with an account that has *verified* the invited address
(allauth's e-mailed confirmation), that is not a citizen's account, while the invitation is
neither used, revoked nor expired. So a person who registered the address before the
invitation without being able to read its mailbox, a citizen's account, or anyone who
merely guesses an address gets nothing, and the site admin learns nothing about accounts
that exist for an address.

The link carries a random token; only its SHA-256 is stored. The token has 256 bits, so
the hash itself is the lookup key (an attacker cannot steer a hash byte by byte to time the
lookup), and the found row is compared once more in constant time."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.services import has_email, has_verified_email, is_citizen_account

from .models import StaffInvitation
from .staff import add_member


class Refusal(models.TextChoices):
    """Why an invitation cannot be accepted, with what the visitor can do about it."""

    INVALID = "invalid", _(
        "This invitation link is not valid. Check that you opened the whole link from the "
        "e-mail, or ask the site admin who invited you to send the invitation again."
    )
    USED = "used", _(
        "This invitation has already been accepted; a link can be used only once. Log in "
        "to the admin with the account that accepted it."
    )
    REVOKED = "revoked", _(
        "The municipality withdrew this invitation. Ask the site admin who invited you if "
        "you still need access."
    )
    EXPIRED = "expired", _(
        "This invitation expired on %(expires)s. Ask the site admin who invited you to send "
        "it again."
    )
    CITIZEN_ACCOUNT = "citizen_account", _(
        "You are logged in with a citizen account (it logs in through the national agent or "
        "with a phone code). A municipality's staff work with a separate work account: log "
        "out, create an account with the invited address (%(email)s) and accept the "
        "invitation with it. If that address already belongs to your citizen account, ask "
        "the site admin to invite your work e-mail address instead."
    )
    INACTIVE_ACCOUNT = "inactive_account", _(
        "This account is switched off. Only the platform's operators can switch it on again."
    )
    UNVERIFIED_ADDRESS = "unverified_address", _(
        "Your account has the address %(email)s, but it is not confirmed yet. Confirm it "
        "with the link we e-mail to it (My profile → E-mail address → Manage), then open "
        "this invitation again."
    )
    OTHER_ADDRESS = "other_address", _(
        "This invitation was sent to %(email)s, and the account you are logged in with has "
        "no confirmed address like that. Log out, log in with the account of that address "
        "(or create one with it), then open this invitation again."
    )

    @property
    def concerns_account(self):
        """The link is good, but the logged-in account may not use it."""
        return self not in {Refusal.INVALID, Refusal.USED, Refusal.REVOKED, Refusal.EXPIRED}

    def message(self, invitation):
        if invitation is None:
            return str(self.label)
        expires = timezone.localtime(invitation.expires_at)
        return str(self.label) % {
            "email": invitation.email,
            "expires": expires.strftime("%Y. %m. %d. %H:%M"),
        }


class InvitationRefused(Exception):
    def __init__(self, refusal, invitation=None):
        super().__init__(refusal.message(invitation))
        self.refusal = refusal
        self.invitation = invitation


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token():
    token = secrets.token_urlsafe(32)
    return token, _hash(token)


def _expiry(now):
    return now + timedelta(days=settings.STAFF_INVITATION_DAYS)


def _open(municipality):
    return StaffInvitation.objects.for_municipality(municipality).filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    )


def open_invitations(municipality):
    """What the site admin's staff page lists: invitations neither accepted nor revoked."""
    return _open(municipality)


@transaction.atomic
def invite(municipality, *, email, first_name, last_name, role, invited_by):
    """Invite ``email`` to work for ``municipality`` in ``role``; e-mail the link on commit.

    An open invitation of the same address to this municipality is replaced, so only the
    latest link works."""
    email = email.strip().lower()
    now = timezone.now()
    _open(municipality).filter(email__iexact=email).update(revoked_at=now, revoked_by=invited_by)
    token, token_hash = _new_token()
    invitation = StaffInvitation.objects.for_municipality(municipality).create(
        municipality=municipality,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        invited_by=invited_by,
        token_hash=token_hash,
        sent_at=now,
        expires_at=_expiry(now),
    )
    transaction.on_commit(lambda: _send(invitation, token))
    return invitation


@transaction.atomic
def resend(invitation):
    """A new link (the old one stops working) valid for the full period again."""
    if not invitation.is_open:
        raise ValueError("Only an open invitation can be sent again.")
    token, invitation.token_hash = _new_token()
    invitation.sent_at = timezone.now()
    invitation.expires_at = _expiry(invitation.sent_at)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    transaction.on_commit(lambda: _send(invitation, token))
    return invitation


def revoke(invitation, *, by):
    if invitation.is_open:
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = by
        invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


def find(token):
    """The invitation whose link carries ``token``, in whichever municipality, or None."""
    token_hash = _hash(token)
    # Across municipalities on purpose: the token is the only key an invitee has.
    invitation = (
        StaffInvitation.objects.unscoped()
        .select_related("municipality")
        .filter(token_hash=token_hash)
        .first()
    )
    if invitation is None or not hmac.compare_digest(invitation.token_hash, token_hash):
        return None
    return invitation


def refusal_of_invitation(invitation, now=None):
    """Why nobody can accept this invitation any more, or None."""
    if invitation is None:
        return Refusal.INVALID
    if invitation.accepted_at is not None:
        return Refusal.USED
    if invitation.revoked_at is not None:
        return Refusal.REVOKED
    if invitation.is_expired(now):
        return Refusal.EXPIRED
    return None


def refusal_for(invitation, user, now=None):
    """Why ``user`` may not accept ``invitation``, or None if they may."""
    refusal = refusal_of_invitation(invitation, now)
    if refusal is not None:
        return refusal
    if not user.is_active:
        return Refusal.INACTIVE_ACCOUNT
    if is_citizen_account(user):
        return Refusal.CITIZEN_ACCOUNT
    if has_verified_email(user, invitation.email):
        return None
    if has_email(user, invitation.email):
        return Refusal.UNVERIFIED_ADDRESS
    return Refusal.OTHER_ADDRESS


@transaction.atomic
def accept(token, user):
    """Give ``user`` the invited role in the invitation's municipality (and nowhere else).

    Returns the membership; raises :class:`InvitationRefused` with the reason otherwise."""
    invitation = find(token)
    if invitation is not None:
        # Locked, so two tabs accepting at once give one membership and one acceptance.
        invitation = (
            StaffInvitation.objects.unscoped()
            .select_for_update()
            .select_related("municipality")
            .get(pk=invitation.pk)
        )
    refusal = refusal_for(invitation, user)
    if refusal is not None:
        raise InvitationRefused(refusal, invitation)
    membership = add_member(
        invitation.municipality, user, invitation.role, invited_by=invitation.invited_by
    )
    if not (user.first_name or user.last_name):
        # A new work account has no name yet: the site admin's list shows the invited one.
        user.first_name, user.last_name = invitation.first_name, invitation.last_name
        user.save(update_fields=["first_name", "last_name"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def link(token):
    base = (getattr(settings, "PORTAL_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + reverse("accounts:accept_invitation", args=[token])


def _send(invitation, token):
    # In the platform's language, whatever language the inviting site admin's admin uses.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "municipality": invitation.municipality,
            "role": invitation.get_role_display().lower(),
            "link": link(token),
            "expires": timezone.localtime(invitation.expires_at),
        }
        subject = render_to_string("sites/staff/invitation_subject.txt", context).strip()
        body = render_to_string("sites/staff/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])
