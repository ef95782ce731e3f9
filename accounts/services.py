"""The operations on citizen accounts that other apps may call.

``session_identity(request)`` is what a form that needs an identified citizen asks: it
answers only for a session that was opened through a national identity provider, so an
identity remembered from an earlier login does not count for a phone or e-mail login."""

from dataclasses import dataclass

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils import timezone

from sites.hungarian import format_phone, person_name
from sites.models import StaffMembership

from .constants import NATIONAL_AGENT_PROVIDERS, AssuranceLevel
from .identity import IDENTITY_FIELDS, IdentityClaims
from .models import CitizenProfile, IdentificationRecord, PhoneNumber

__all__ = [
    "IdentityClaims",
    "SessionIdentity",
    "display_name",
    "has_email",
    "has_verified_email",
    "is_citizen_account",
    "is_session_mfa_authenticated",
    "profile_for",
    "record_identification",
    "requires_mfa",
    "session_identity",
]


def profile_for(user):
    """The user's citizen profile (an empty one if they were never identified)."""
    profile, _created = CitizenProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def record_identification(user, claims, *, provider):
    """Store what the identity provider said about the user, and that it said it.

    The provider is the authority: its values replace ours, an empty value included (a
    changed birth name must not survive). Every identification is recorded."""
    profile = CitizenProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = CitizenProfile(user=user)
    changed = []
    for name in IDENTITY_FIELDS:
        value = getattr(claims, name)
        if getattr(profile, name) != value:
            setattr(profile, name, value if value is not None else _empty(name))
            changed.append(name)
    for name, value in (
        ("identification_method", claims.method),
        ("assurance_level", claims.assurance_level),
        ("national_agent_id", claims.subject),
    ):
        if getattr(profile, name) != value:
            setattr(profile, name, value)
            changed.append(name)
    profile.last_identified_at = timezone.now()
    profile.save()
    if user.first_name != claims.given_name or user.last_name != claims.family_name:
        user.first_name, user.last_name = claims.given_name[:150], claims.family_name[:150]
        user.save(update_fields=["first_name", "last_name"])
    IdentificationRecord.objects.create(
        user=user,
        provider=provider,
        method=claims.method,
        assurance_level=claims.assurance_level,
        changed_fields=changed,
    )
    return profile


def _empty(name):
    return None if name == "date_of_birth" else ""


@dataclass(frozen=True)
class SessionIdentity:
    profile: CitizenProfile
    provider: str
    assurance_level: str

    def at_least(self, level):
        return AssuranceLevel.rank(self.assurance_level) >= AssuranceLevel.rank(level)


def session_identity(request):
    """The identity this session was opened with, or None (phone, e-mail, not logged in)."""
    user = request.user
    if not user.is_authenticated:
        return None
    for record in reversed(get_authentication_records(request, user)):
        if record.get("method") != "socialaccount":
            continue
        provider = record.get("provider", "")
        profile = CitizenProfile.objects.filter(user=user).first()
        if profile is None or not profile.is_identified:
            return None
        if provider in NATIONAL_AGENT_PROVIDERS:
            return SessionIdentity(profile, provider, profile.assurance_level)
    return None


# -- citizen accounts and work accounts


def is_citizen_account(user):
    """Whether the account is a citizen's own, bound to the person rather than to a job.

    It is, once it logs in through an identity provider (the national agent, or the
    development agent standing in for it) or with a mobile phone number: such an account
    carries the person's identity data, cases and payments, and giving it a municipality's
    staff role would let the site admin see that person's data and make a citizen's login
    (an SMS code) open the admin. Staff work with a separate account of e-mail, password
    and TOTP.

    An e-mail and password account counts as a possible work account. So does one with a
    merely empty citizen profile: opening "Profilom" creates that for any account."""
    if SocialAccount.objects.filter(user=user).exists():
        return True
    if PhoneNumber.objects.filter(user=user).exists():
        return True
    return CitizenProfile.objects.filter(user=user, last_identified_at__isnull=False).exists()


def has_verified_email(user, email):
    """Whether the account proved (through allauth's e-mailed link) that it owns ``email``."""
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def has_email(user, email):
    """Whether ``email`` is the account's address at all, confirmed or not."""
    return (
        user.email.lower() == email.lower()
        or EmailAddress.objects.filter(user=user, email__iexact=email).exists()
    )


# -- staff second factor


def requires_mfa(user):
    """Staff of any municipality and the provider's operators need a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    # Across municipalities on purpose: any active membership anywhere makes one staff.
    return StaffMembership.objects.unscoped().filter(user=user, is_active=True).exists()


def is_session_mfa_authenticated(request):
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# -- phone numbers (allauth's account adapter stores them through these)


def display_name(user):
    """How the login pages and their messages name a person (allauth's ACCOUNT_USER_DISPLAY):
    family name first; an account opened with a texted code by its number, written as
    Hungarians read it, never by its internal user name (tel36301234567)."""
    name = person_name(user.last_name, user.first_name)
    if name:
        return name
    number = (
        PhoneNumber.objects.filter(user=user).values_list("number", flat=True).first()
        if user.pk
        else None
    )
    return format_phone(number) if number else (user.email or user.get_username())


def set_phone(user, number, *, verified):
    PhoneNumber.objects.update_or_create(
        user=user,
        defaults={
            "number": number,
            "verified": verified,
            "verified_at": timezone.now() if verified else None,
        },
    )


def user_by_phone(number):
    phone = PhoneNumber.objects.select_related("user").filter(number=number).first()
    return phone.user if phone else None
