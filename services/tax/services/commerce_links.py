"""The trade register's links into the tax registers (issue #17, item 6).

A shop or an industrial site makes its operator liable for local business tax (HIPA) at
the municipality where it is; an accommodation makes its operator the collector of the
tourist tax. The trade officer asks for these here; the trade register never writes a tax
model. Each call is idempotent: it finds the taxpayer by the tax number (or registers it)
and the open tax object by the entry's key (or adds it), so pressing the button twice, or
two officers at once, leaves one of each.

The key ("[ipar:uzlet:12]") opens the tax object's description: the tax office sees where
the object came from, and the next call finds it again. A person's tax identification
number is not in the trade register: a sole trader is registered under their business tax
number, which is how the business files HIPA."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from ..constants import DeliveryChannel, TaxObjectKind, TaxpayerKind, TaxType
from ..models import TaxObject, Taxpayer
from .errors import TaxError
from .registers import find_taxpayer, register_tax_object, register_taxpayer


@dataclass
class LinkResult:
    taxpayer: object
    tax_object: object
    taxpayer_created: bool
    object_created: bool


def _key_prefix(key):
    return f"[{key}]"


def _open_objects(taxpayer, tax_type, kind):
    return TaxObject.objects.for_municipality(taxpayer.municipality).filter(
        taxpayer=taxpayer, tax_type=tax_type, kind=kind, valid_to__isnull=True
    )


def _link(
    municipality,
    *,
    tax_type,
    kind,
    tax_number,
    name,
    postal_code,
    settlement,
    address_line,
    key,
    description,
    valid_from,
    actor,
):
    if not tax_number:
        raise TaxError(_("The trader has no tax number in the register: record it first."))
    taxpayer = find_taxpayer(municipality, tax_number)
    taxpayer_created = False
    if taxpayer is None:
        try:
            with transaction.atomic():
                taxpayer = register_taxpayer(
                    municipality,
                    kind=TaxpayerKind.ORGANISATION,
                    identifier=tax_number,
                    valid_from=valid_from,
                    actor=actor,
                    family_name=name[:200],
                    postal_code=postal_code,
                    settlement=settlement,
                    address_line=address_line[:200],
                    # Businesses keep their official mail electronically (cégkapu).
                    delivery_channel=DeliveryChannel.PORTAL_MAILBOX,
                )
            taxpayer_created = True
        except TaxError:
            # Registered by a concurrent call in the meantime: use that one.
            taxpayer = find_taxpayer(municipality, tax_number)
            if taxpayer is None:
                raise
    # One at a time per taxpayer: the check for an open object and the insert go together.
    Taxpayer.objects.select_for_update().for_municipality(municipality).get(pk=taxpayer.pk)
    existing = _open_objects(taxpayer, tax_type, kind).filter(
        description__startswith=_key_prefix(key)
    )
    found = existing.order_by("pk").first()
    if found is not None:
        return LinkResult(taxpayer, found, taxpayer_created, False)
    tax_object = register_tax_object(
        municipality,
        tax_type=tax_type,
        kind=kind,
        taxpayer=taxpayer,
        description=f"{_key_prefix(key)} {description}"[:200],
        valid_from=valid_from,
        actor=actor,
    )
    return LinkResult(taxpayer, tax_object, taxpayer_created, True)


@transaction.atomic
def register_business_tax(municipality, **details):
    """The operator of a shop or industrial site (``key``, ``description``) as a local
    business taxpayer with the site as a business-tax object. Takes ``tax_number``,
    ``name``, ``postal_code``, ``settlement``, ``address_line``, ``key``, ``description``,
    ``valid_from`` and ``actor``; returns a ``LinkResult``."""
    return _link(
        municipality, tax_type=TaxType.BUSINESS, kind=TaxObjectKind.BUSINESS_SITE, **details
    )


@transaction.atomic
def register_tourist_tax_collector(municipality, **details):
    """The operator of an accommodation as the collector of the tourist tax, with the
    accommodation as its tax object; the same arguments as ``register_business_tax``."""
    return _link(
        municipality, tax_type=TaxType.TOURIST, kind=TaxObjectKind.ACCOMMODATION, **details
    )


def commerce_link_state(municipality, tax_number):
    """What the tax registers hold for a trader's tax number: ``{"taxpayer": …,
    "business": {key, …}, "tourist": {key, …}}`` with the keys of the open tax objects
    that came from the trade register (empty when the number is unknown)."""
    state = {"taxpayer": None, "business": set(), "tourist": set()}
    taxpayer = find_taxpayer(municipality, tax_number) if tax_number else None
    if taxpayer is None:
        return state
    state["taxpayer"] = taxpayer
    for name, tax_type, kind in (
        ("business", TaxType.BUSINESS, TaxObjectKind.BUSINESS_SITE),
        ("tourist", TaxType.TOURIST, TaxObjectKind.ACCOMMODATION),
    ):
        for description in _open_objects(taxpayer, tax_type, kind).values_list(
            "description", flat=True
        ):
            if description.startswith("[") and "]" in description:
                state[name].add(description[1 : description.index("]")])
    return state
