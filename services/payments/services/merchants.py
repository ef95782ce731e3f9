"""The municipality as a merchant: its Stripe account (the money lands in its own
balance), set by the operators, every change recorded."""

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import MerchantAccount, MerchantAccountChange
from .errors import PaymentError


def merchant_account(municipality):
    return MerchantAccount.objects.for_municipality(municipality).first()


STRIPE_ACCOUNT_ID = re.compile(r"acct_[A-Za-z0-9]{6,60}")


def check_stripe_account(account, municipality):
    """The reason ``account`` cannot be ``municipality``'s Stripe account, or None."""
    if account and not STRIPE_ACCOUNT_ID.fullmatch(account):
        return _(
            "“%(account)s” is not a Stripe account id: it starts with acct_ followed by "
            "letters and digits only, e.g. acct_1AbCdEf2GhIjKl3M."
        ) % {"account": account}
    if account:
        taken = (
            MerchantAccount.objects.unscoped()
            .filter(stripe_account_id=account)
            .exclude(municipality=municipality)
            .select_related("municipality")
            .first()
        )
        if taken is not None:
            return _("The Stripe account %(account)s already belongs to %(other)s.") % {
                "account": account,
                "other": taken.municipality.name,
            }
    return None


def set_stripe_account(municipality, account, actor=None):
    """Connect ``municipality`` to its Stripe account ('' disconnects it) and record the
    change (who, when, old → new). ``actor`` (sites.actor) is who does it: an operator in
    the admin, or the platform itself from a management command (no person)."""
    account = account.strip()
    problem = check_stripe_account(account, municipality)
    if problem:
        raise PaymentError(problem)
    try:
        with transaction.atomic():
            record, _created = (
                MerchantAccount.objects.for_municipality(municipality)
                .select_for_update()
                .get_or_create(municipality=municipality)
            )
            old = record.stripe_account_id
            if old == account:
                return record
            record.stripe_account_id = account
            record.save(update_fields=["stripe_account_id"])
            MerchantAccountChange.objects.for_municipality(municipality).create(
                municipality=municipality,
                actor=getattr(actor, "user", None),
                old_account=old,
                new_account=account,
            )
    except IntegrityError:
        # Another operator gave the same account to another municipality a moment ago.
        problem = check_stripe_account(account, municipality)
        raise PaymentError(problem or _("The account could not be saved; try again.")) from None
    return record
