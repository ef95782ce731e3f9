"""Building, land and communal tax declarations (ADO-002, -003, -004) in the officer's
queue: received from the portal, checked by the officer, and on acceptance written into
the register from their effective date (see ``models.declarations`` for why a decision
stands between them). Every write goes through the register services, so the history
rules hold (a change is a new dated row; a share is never over whole)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sites.actor import Actor

from ..constants import RightKind, TaxObjectKind, TaxType
from ..models import (
    DeclarationChange,
    DeclarationEvent,
    DeclarationState,
    Ownership,
    Property,
    PropertyDeclaration,
    TaxObject,
)
from ..models.registers import DatedModel
from .errors import TaxError
from .registers import (
    change_property,
    end,
    property_details_on,
    record_ownership,
    register_tax_object,
)


def find_property(municipality, parcel_number):
    """The municipality's property of this (normalised) parcel number, or None."""
    return (
        Property.objects.for_municipality(municipality).filter(parcel_number=parcel_number).first()
    )


def _event(declaration, state, actor, note=""):
    user = (actor or Actor.system()).user
    return DeclarationEvent.objects.create(
        municipality_id=declaration.municipality_id,
        declaration=declaration,
        state=state,
        by=user,
        by_name=(user.get_full_name() or user.get_username()) if user else "",
        note=note,
    )


@transaction.atomic
def receive_declaration(
    taxpayer,
    *,
    template_code,
    tax_type,
    change,
    effective_on,
    rows,
    registry_number,
    received_on,
    submission_reference="",
    actor=None,
):
    """A declaration as received, into the officer's queue; the same registry number
    twice adds nothing (returns the first)."""
    existing = (
        PropertyDeclaration.objects.for_municipality(taxpayer.municipality_id)
        .filter(registry_number=registry_number)
        .first()
    )
    if existing is not None:
        return existing
    declaration = PropertyDeclaration.objects.create(
        municipality_id=taxpayer.municipality_id,
        taxpayer=taxpayer,
        template_code=template_code,
        tax_type=tax_type,
        change=change,
        effective_on=effective_on,
        rows=rows,
        registry_number=str(registry_number)[:40],
        submission_reference=submission_reference[:40],
        received_on=received_on,
    )
    _event(declaration, DeclarationState.RECEIVED, actor)
    return declaration


def declarations_of(municipality, *, state="", taxpayer=None):
    rows = PropertyDeclaration.objects.for_municipality(municipality).select_related("taxpayer")
    if state in DeclarationState.values:
        rows = rows.filter(state=state)
    if taxpayer is not None:
        rows = rows.filter(taxpayer=taxpayer)
    return rows


def declaration_history(declaration):
    return DeclarationEvent.objects.for_municipality(declaration.municipality_id).filter(
        declaration=declaration
    )


def _locked(declaration):
    locked = (
        PropertyDeclaration.objects.select_for_update()
        .for_municipality(declaration.municipality_id)
        .get(pk=declaration.pk)
    )
    if locked.state != DeclarationState.RECEIVED:
        raise TaxError(_("This declaration has already been decided."))
    return locked


def _open_shares(prop, holder, on):
    return Ownership.objects.for_municipality(prop.municipality_id).filter(
        DatedModel.on(on), property=prop, holder=holder, valid_to__isnull=True
    )


def _ensure_tax_object(prop, tax_type, on, actor):
    found = TaxObject.objects.for_municipality(prop.municipality_id).filter(
        property=prop, tax_type=tax_type, valid_to__isnull=True
    )
    if not found.exists():
        register_tax_object(
            prop.municipality,
            tax_type=tax_type,
            kind=TaxObjectKind.PROPERTY,
            property=prop,
            valid_from=on,
            actor=actor,
        )


def _apply_row(declaration, row, actor):
    on = declaration.effective_on
    prop = find_property(declaration.municipality_id, row["parcel_number"])
    if prop is None:
        raise TaxError(
            _("The parcel %(parcel)s is not in the property register.")
            % {"parcel": row["parcel_number"]}
        )
    holder = declaration.taxpayer
    share = tuple(row["share"]) if row.get("share") else None
    if declaration.change == DeclarationChange.END:
        for held in _open_shares(prop, holder, on):
            end(held, valid_to=on)
        return
    area = row.get("area_m2")
    if area:
        current = property_details_on(prop, on)
        if current is None or int(current.area_m2) != int(area):
            change_property(prop, valid_from=on, actor=actor, area_m2=area)
    if share is not None:
        held = list(_open_shares(prop, holder, on))
        same = [h for h in held if (h.share_numerator, h.share_denominator) == share]
        if not same:
            for old in held:
                end(old, valid_to=on)
            record_ownership(prop, holder, share=share, right=RightKind.OWNER, valid_from=on)
    if declaration.change == DeclarationChange.NEW:
        _ensure_tax_object(prop, declaration.tax_type, on, actor)


@transaction.atomic
def accept_declaration(declaration, *, actor=None):
    """The officer accepts: the register changes from the effective date, row by row.
    TaxError (Hungarian) when the register refuses; then nothing is written."""
    declaration = _locked(declaration)
    try:
        with transaction.atomic():
            for row in declaration.rows:
                _apply_row(declaration, row, actor)
    except ValidationError as error:
        raise TaxError(" ".join(error.messages)) from error
    PropertyDeclaration.objects.for_municipality(declaration.municipality_id).filter(
        pk=declaration.pk
    ).update(state=DeclarationState.ACCEPTED)
    declaration.state = DeclarationState.ACCEPTED
    _event(declaration, DeclarationState.ACCEPTED, actor)
    return declaration


@transaction.atomic
def refuse_declaration(declaration, *, reason, actor=None):
    if not str(reason or "").strip():
        raise TaxError(_("A refusal needs its reason."))
    declaration = _locked(declaration)
    PropertyDeclaration.objects.for_municipality(declaration.municipality_id).filter(
        pk=declaration.pk
    ).update(state=DeclarationState.REFUSED, refusal_reason=reason)
    declaration.state = DeclarationState.REFUSED
    declaration.refusal_reason = reason
    _event(declaration, DeclarationState.REFUSED, actor, note=reason)
    return declaration


# The tax types of the property-tax forms.
DECLARATION_TAX_TYPES = {
    "ADO-002": TaxType.BUILDING,
    "ADO-003": TaxType.LAND,
    "ADO-004": TaxType.COMMUNAL,
}
