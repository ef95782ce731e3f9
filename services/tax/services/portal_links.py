"""The link between a taxpayer and a portal account.

A private person's taxpayer record is linked to a portal account by an officer, from the
account's verified identity (KAÜ): the family and given names and the date of birth the
identity provider vouched for must match the register, where the adóazonosító jel itself
carries the date of birth (its 2nd–6th digits count the days since 1 January 1867). The
office may also be shown proposals — accounts whose verified identity matches a taxpayer
who has no link yet — which an officer confirms one by one; nothing is linked without an
officer. One account per taxpayer and one taxpayer per account, at each municipality: a
link of municipality A says nothing at municipality B.

The services never read the accounts app (the layers forbid it): the portal registers a
reader of verified identities in :data:`identity_sources`, which this module asks.
The delivery of the decisions to the linked account's mailbox is ``decision_delivery``."""

import datetime
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.registry import Registry

from ..constants import TaxpayerKind
from ..models import (
    LinkBasis,
    PortalLink,
    Taxpayer,
    TaxpayerDetails,
)
from ..models.registers import DatedModel
from .decrees import birth_date_from_tax_id
from .errors import TaxError


@dataclass(frozen=True)
class VerifiedIdentity:
    """What an identity provider vouched for about a portal account's person."""

    user: Any
    family_name: str
    given_name: str
    date_of_birth: datetime.date | None
    method: str = ""
    assurance_level: str = ""
    identified_at: datetime.datetime | None = None
    # How an officer reads the method and the level ("Ügyfélkapu+", "jelentős").
    method_label: str = ""
    level_label: str = ""
    extra: dict = field(default_factory=dict)


class IdentitySource:
    """Override both: the portal's reader of the accounts' verified identities."""

    def identity_of(self, user):
        """The account's verified identity, or None (never identified by an agent)."""
        raise NotImplementedError

    def matching(self, *, date_of_birth):
        """The verified identities with this date of birth (names are compared here)."""
        raise NotImplementedError


identity_sources = Registry("verified identities")


def _source():
    for source in identity_sources.values():
        return source()
    return None


def _fold(text):
    """A name as compared: case, accents' composition and spacing do not count; the
    accents themselves do (Kiss ≠ Kis, Szabó ≠ Szabo is a typo an officer should see)."""
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    return " ".join(text.replace("-", " ").split())


def _register_row(taxpayer, day=None):
    day = day or timezone.localdate()
    return (
        TaxpayerDetails.objects.for_municipality(taxpayer.municipality_id)
        .filter(DatedModel.on(day), taxpayer=taxpayer)
        .order_by("-valid_from", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Comparison:
    """The register against an identity, datum by datum; ``matches`` when all agree."""

    family_name: bool
    given_name: bool
    date_of_birth: bool
    register: dict
    identity: dict

    @property
    def matches(self):
        return self.family_name and self.given_name and self.date_of_birth

    def problems(self):
        names = {
            "family_name": _("family name"),
            "given_name": _("given name"),
            "date_of_birth": _("date of birth"),
        }
        return [str(label) for key, label in names.items() if not getattr(self, key)]


def compare_identity(taxpayer, identity, row=None):
    row = row or _register_row(taxpayer)
    born = birth_date_from_tax_id(taxpayer.tax_id)
    register = {
        "family_name": row.family_name if row else "",
        "given_name": row.given_names if row else "",
        "date_of_birth": born.isoformat() if born else "",
    }
    vouched = {
        "family_name": identity.family_name,
        "given_name": identity.given_name,
        "date_of_birth": identity.date_of_birth.isoformat() if identity.date_of_birth else "",
        "method": identity.method,
        "assurance_level": identity.assurance_level,
    }
    return Comparison(
        family_name=bool(register["family_name"])
        and _fold(register["family_name"]) == _fold(identity.family_name),
        given_name=bool(register["given_name"])
        and _fold(register["given_name"]) == _fold(identity.given_name),
        date_of_birth=born is not None and born == identity.date_of_birth,
        register=register,
        identity=vouched,
    )


def _active(municipality_id):
    return PortalLink.objects.for_municipality(municipality_id).filter(ended_at__isnull=True)


def link_of(taxpayer):
    """The taxpayer's link in force, or None."""
    return _active(taxpayer.municipality_id).filter(taxpayer=taxpayer).first()


def linked_user(taxpayer):
    link = link_of(taxpayer)
    return link.user if link is not None and link.user.is_active else None


def links_of(user):
    """The account's links in force, in every municipality (for the portal's tax pages:
    each names one municipality's taxpayer, and nothing of any other)."""
    return (
        PortalLink.objects.of_person(user, "user")
        .filter(ended_at__isnull=True)
        .select_related("taxpayer", "municipality")
    )


def links_history(taxpayer):
    return (
        PortalLink.objects.for_municipality(taxpayer.municipality_id)
        .filter(taxpayer=taxpayer)
        .select_related("user", "linked_by", "ended_by")
    )


@dataclass(frozen=True)
class Proposal:
    taxpayer: Any
    identity: VerifiedIdentity
    comparison: Comparison


def proposals_for(taxpayer):
    """Accounts whose verified identity matches a person taxpayer who has no link yet
    and who are linked to no other taxpayer of the municipality: for the officer to
    confirm. More than one means namesakes born the same day; the officer decides."""
    if taxpayer.kind != TaxpayerKind.PERSON or link_of(taxpayer) is not None:
        return []
    born = birth_date_from_tax_id(taxpayer.tax_id)
    source = _source()
    if born is None or source is None:
        return []
    row = _register_row(taxpayer)
    taken = set(_active(taxpayer.municipality_id).values_list("user_id", flat=True))
    found = []
    for identity in source.matching(date_of_birth=born):
        if identity.user.pk in taken or not identity.user.is_active:
            continue
        comparison = compare_identity(taxpayer, identity, row)
        if comparison.matches:
            found.append(Proposal(taxpayer, identity, comparison))
    return found


def _require_person(taxpayer):
    if taxpayer.kind != TaxpayerKind.PERSON:
        raise TaxError(
            _(
                "Only a private person is linked to a portal account; an organisation acts "
                "through its representatives."
            )
        )


@transaction.atomic
def link_taxpayer(taxpayer, user, *, basis=LinkBasis.IDENTITY, actor=None):
    """An officer links the taxpayer to the portal account after comparing the account's
    verified identity with the register. Refused (TaxError, in Hungarian) when the
    account was never identified by the national agent, when a datum differs, or when
    either side is already linked at this municipality."""
    actor = actor or Actor.system(municipality=taxpayer.municipality)
    _require_person(taxpayer)
    if basis not in LinkBasis.values:
        raise TaxError(_("Unknown basis of a link."))
    Taxpayer.objects.for_municipality(taxpayer.municipality_id).select_for_update().filter(
        pk=taxpayer.pk
    ).get()
    source = _source()
    identity = source.identity_of(user) if source is not None else None
    if identity is None:
        raise TaxError(
            _(
                "The portal account has no identity verified by the national agent (KAÜ): "
                "it cannot be linked."
            )
        )
    comparison = compare_identity(taxpayer, identity)
    if not comparison.matches:
        raise TaxError(
            _("The verified identity does not match the register: %(what)s differs.")
            % {"what": ", ".join(comparison.problems())}
        )
    if link_of(taxpayer) is not None:
        raise TaxError(_("The taxpayer is already linked to a portal account."))
    if _active(taxpayer.municipality_id).filter(user=user).exists():
        raise TaxError(
            _("This portal account is already linked to another taxpayer of the municipality.")
        )
    try:
        with transaction.atomic():
            return PortalLink.objects.create(
                municipality_id=taxpayer.municipality_id,
                taxpayer=taxpayer,
                user=user,
                basis=basis,
                matched={"register": comparison.register, "identity": comparison.identity},
                linked_by=actor.user,
            )
    except IntegrityError as error:  # linked meanwhile by another officer
        raise TaxError(_("The taxpayer is already linked to a portal account.")) from error


@transaction.atomic
def end_link(link, *, reason, actor=None):
    """End a link (a mistaken one, a changed account); the row stays with who and why."""
    reason = (reason or "").strip()
    if not reason:
        raise TaxError(_("Give the reason for ending the link."))
    updated = (
        PortalLink.objects.for_municipality(link.municipality_id)
        .filter(pk=link.pk, ended_at__isnull=True)
        .update(
            ended_at=timezone.now(),
            ended_by=(actor or Actor.system()).user,
            end_reason=reason[:255],
        )
    )
    if not updated:
        raise TaxError(_("This link has already ended."))
    link.refresh_from_db()
    return link
