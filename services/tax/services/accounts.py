"""Each municipality's collection bank account per tax type (GIRO, optionally IBAN)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..constants import TaxType
from ..models import CollectionAccount
from .errors import TaxError


@transaction.atomic
def set_collection_account(municipality, tax_type, *, giro, iban="", holder_name=""):
    """The account into which ``tax_type`` is paid at the municipality (one per tax type):
    the numbers are checked (GIRO check digits, IBAN mod 97 and its match to the GIRO)."""
    if tax_type not in TaxType.values:
        raise TaxError(_("Unknown tax type: %s") % tax_type)
    account = (
        CollectionAccount.objects.for_municipality(municipality)
        .select_for_update()
        .filter(tax_type=tax_type)
        .first()
    ) or CollectionAccount(municipality=municipality, tax_type=tax_type)
    account.giro, account.iban, account.holder_name = giro, iban, holder_name
    try:
        account.full_clean(exclude=["municipality"])
    except ValidationError as error:
        raise TaxError(" ".join(error.messages)) from error
    account.save()
    return account


def collection_account(municipality, tax_type):
    return (
        CollectionAccount.objects.for_municipality(municipality).filter(tax_type=tax_type).first()
    )


def collection_accounts(municipality):
    return {
        account.tax_type: account
        for account in CollectionAccount.objects.for_municipality(municipality).order_by("tax_type")
    }
