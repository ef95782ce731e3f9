"""Payments: a municipality's own Stripe account."""

import factory

from services.payments.models import MerchantAccount


class MerchantAccountFactory(factory.django.DjangoModelFactory):
    """The municipality's Stripe connected account (set by an operator in the admin)."""

    class Meta:
        model = MerchantAccount

    municipality = None
    stripe_account_id = factory.Sequence(lambda n: f"acct_teszt{n:07d}")

    @classmethod
    def _create(cls, model_class, *, municipality, **fields):
        # Payments' records are reached only through their municipality (sites.tenancy).
        return model_class.objects.for_municipality(municipality).create(
            municipality=municipality, **fields
        )
