"""The accounts' verified identities, for the tax office's link between a taxpayer and a
portal account. The services may not read the accounts app (the layers forbid it), so
the portal, which may read both, registers this reader in the tax office's registry."""

from accounts.models import CitizenProfile
from services.tax.services import IdentitySource, VerifiedIdentity, identity_sources


def _identity(profile):
    return VerifiedIdentity(
        user=profile.user,
        family_name=profile.family_name,
        given_name=profile.given_name,
        date_of_birth=profile.date_of_birth,
        method=profile.identification_method,
        assurance_level=profile.assurance_level,
        identified_at=profile.last_identified_at,
        method_label=str(profile.get_identification_method_display()),
        level_label=str(profile.get_assurance_level_display()),
    )


def _verified():
    # Only what an identity provider vouched for: a profile is filled from it alone, and
    # one never identified (an empty "Profilom") is not an identity.
    return CitizenProfile.objects.filter(last_identified_at__isnull=False).select_related("user")


@identity_sources.register("accounts")
class AccountIdentities(IdentitySource):
    def identity_of(self, user):
        profile = _verified().filter(user=user).first()
        return _identity(profile) if profile is not None else None

    def matching(self, *, date_of_birth):
        return [_identity(p) for p in _verified().filter(date_of_birth=date_of_birth)[:50]]
