"""People: a municipality's staff in one role, the portal's citizens, the provider's operators."""

import factory
from allauth.account.models import EmailAddress

from sites.constants import StaffRole
from sites.staff import add_member

from .municipalities import UserFactory


class StaffFactory(UserFactory):
    """A user working for ``municipality`` in ``role``, added the way operators' tools add
    staff (sites.staff.add_member): ``StaffFactory(municipality=m, role=StaffRole.OFFICER)``.
    The same username again gives the same account a role in another municipality too."""

    municipality = None
    role = StaffRole.EDITOR

    @classmethod
    def _create(cls, model_class, *args, municipality, role, **fields):
        user = super()._create(model_class, *args, **fields)
        add_member(municipality, user, role)
        return user


class CitizenFactory(UserFactory):
    """A citizen's account; ``email_address="..."`` adds an address confirmed through
    allauth (``email_address__verified=False``: not confirmed yet). The account's own
    ``email`` field is left as UserFactory makes it, so a test can tell the two apart."""

    class Meta:
        skip_postgeneration_save = True  # the hook saves an address, not the account

    first_name = "Anna"
    last_name = "Kiss"

    @factory.post_generation
    def email_address(user, create, extracted, verified=True):
        if create and extracted:
            EmailAddress.objects.create(user=user, email=extracted, verified=verified, primary=True)


class OperatorFactory(UserFactory):
    """One of the provider's operators: a superuser."""

    username = "operator"
    is_superuser = True
    is_staff = True
