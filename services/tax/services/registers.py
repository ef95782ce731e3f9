"""The registers: taxpayers, representations, properties, ownership shares and tax objects,
each change with its effective date, and the state of the registers on any date."""

from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sites import normalise
from sites.actor import Actor

from ..constants import (
    DeliveryChannel,
    PropertyKind,
    RightKind,
    TaxObjectKind,
    TaxpayerKind,
    TaxType,
    UseCategory,
)
from ..models import (
    Ownership,
    Property,
    PropertyDetails,
    Representation,
    TaxObject,
    Taxpayer,
    TaxpayerDetails,
)
from ..models.registers import DatedModel
from .errors import TaxError

TAXPAYER_FIELDS = (
    "family_name",
    "given_names",
    "postal_code",
    "settlement",
    "address_line",
    "delivery_channel",
)
PROPERTY_FIELDS = ("address", "area_m2", "kind", "use_category", "zone")


def _user(actor):
    return (actor or Actor.system()).user


def _require_choice(value, choices, label):
    if value not in choices.values:
        raise TaxError(_("Unknown %(what)s: %(value)s") % {"what": label, "value": value})
    return value


def _full_clean(row):
    try:
        row.full_clean(exclude=["municipality", "taxpayer", "property", "holder", "representative"])
    except ValidationError as error:
        raise TaxError(" ".join(error.messages)) from error


def _supersede(open_rows, valid_from):
    """Close the row that holds until further notice, from ``valid_from`` on. A change that
    takes effect on or before that row's own start would rewrite history: refused."""
    current = open_rows.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current is None:
        return None
    if valid_from <= current.valid_from:
        raise TaxError(
            _("A change must take effect after %(date)s, when the current record starts.")
            % {"date": current.valid_from.isoformat()}
        )
    current.valid_to = valid_from
    current.save()
    return current


def normalise_identifier(kind, identifier):
    from services.forms import services as forms

    try:
        if kind == TaxpayerKind.PERSON:
            return forms.normalise_tax_id(identifier)
        return forms.normalise_tax_number(identifier)
    except ValidationError as error:
        raise TaxError(" ".join(error.messages)) from error


def find_taxpayer(municipality, identifier):
    """The municipality's taxpayer with this tax identification number or tax number."""
    for kind in TaxpayerKind:
        try:
            value = normalise_identifier(kind, identifier)
        except TaxError:
            continue
        field_name = "tax_id" if kind == TaxpayerKind.PERSON else "tax_number"
        found = Taxpayer.objects.for_municipality(municipality).filter(**{field_name: value})
        return found.first()
    return None


@transaction.atomic
def register_taxpayer(municipality, *, kind, identifier, valid_from, actor=None, **details):
    """A new taxpayer with their first details (name family name first, address, delivery
    channel), valid from ``valid_from``."""
    _require_choice(kind, TaxpayerKind, _("taxpayer kind"))
    value = normalise_identifier(kind, identifier)
    taxpayer = Taxpayer(
        municipality=municipality,
        kind=kind,
        tax_id=value if kind == TaxpayerKind.PERSON else "",
        tax_number=value if kind == TaxpayerKind.ORGANISATION else "",
    )
    try:
        with transaction.atomic():
            taxpayer.save()
    except IntegrityError as error:
        raise TaxError(
            _("A taxpayer with the identifier %(id)s is already registered.") % {"id": value}
        ) from error
    _new_details(taxpayer, valid_from, details, actor)
    return taxpayer


def _new_details(taxpayer, valid_from, details, actor):
    unknown = set(details) - set(TAXPAYER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown taxpayer details: {', '.join(sorted(unknown))}")
    _require_choice(details.get("delivery_channel"), DeliveryChannel, _("delivery channel"))
    row = TaxpayerDetails(
        municipality=taxpayer.municipality,
        taxpayer=taxpayer,
        valid_from=valid_from,
        recorded_by=_user(actor),
        **details,
    )
    _full_clean(row)
    row.save()
    return row


@transaction.atomic
def change_taxpayer(taxpayer, *, valid_from, actor=None, **changes):
    """New details from ``valid_from`` on: the current ones are closed, never rewritten."""
    current = details_on(taxpayer, valid_from) or _latest(_taxpayer_details(taxpayer))
    if current is None:
        raise TaxError(_("The taxpayer has no details to change."))
    details = {name: getattr(current, name) for name in TAXPAYER_FIELDS}
    details.update(changes)
    _supersede(_taxpayer_details(taxpayer), valid_from)
    return _new_details(taxpayer, valid_from, details, actor)


def _latest(rows):
    return rows.order_by("-valid_from").first()


# Related managers do not carry the municipality scope (sites.tenancy): every query here
# names the municipality of the record it starts from.
def _taxpayer_details(taxpayer):
    return TaxpayerDetails.objects.filter(municipality=taxpayer.municipality_id, taxpayer=taxpayer)


def _property_details(prop):
    return PropertyDetails.objects.filter(municipality=prop.municipality_id, property=prop)


def details_on(taxpayer, day):
    return _taxpayer_details(taxpayer).filter(DatedModel.on(day)).order_by("-valid_from").first()


def _area(value):
    # As people write it ("93,5", "1 250"): the project's one number parser.
    try:
        area = value if isinstance(value, Decimal) else normalise.parse_decimal(str(value))
    except ValidationError as error:
        raise TaxError(_("The area must be a number of square metres.")) from error
    if area <= 0:
        raise TaxError(_("The area must be more than 0 m²."))
    return area


@transaction.atomic
def register_property(municipality, *, parcel_number, valid_from, actor=None, **details):
    """A property by its parcel number, with its first details valid from ``valid_from``."""
    from services.forms import services as forms

    try:
        parcel = forms.normalise_parcel_number(parcel_number)
    except ValidationError as error:
        raise TaxError(" ".join(error.messages)) from error
    prop = Property(municipality=municipality, parcel_number=parcel)
    try:
        with transaction.atomic():
            prop.save()
    except IntegrityError as error:
        raise TaxError(
            _("The parcel %(parcel)s is already registered.") % {"parcel": parcel}
        ) from error
    _new_property_details(prop, valid_from, details, actor)
    return prop


def _new_property_details(prop, valid_from, details, actor):
    unknown = set(details) - set(PROPERTY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown property details: {', '.join(sorted(unknown))}")
    _require_choice(details.get("kind"), PropertyKind, _("property kind"))
    _require_choice(details.get("use_category"), UseCategory, _("use category"))
    details["area_m2"] = _area(details.get("area_m2"))
    row = PropertyDetails(
        municipality=prop.municipality,
        property=prop,
        valid_from=valid_from,
        recorded_by=_user(actor),
        **details,
    )
    _full_clean(row)
    row.save()
    return row


@transaction.atomic
def change_property(prop, *, valid_from, actor=None, **changes):
    current = property_details_on(prop, valid_from) or _latest(_property_details(prop))
    details = {name: getattr(current, name) for name in PROPERTY_FIELDS}
    details.update(changes)
    _supersede(_property_details(prop), valid_from)
    return _new_property_details(prop, valid_from, details, actor)


def property_details_on(prop, day):
    return _property_details(prop).filter(DatedModel.on(day)).order_by("-valid_from").first()


def _same_municipality(*rows):
    municipalities = {row.municipality_id for row in rows}
    if len(municipalities) != 1:
        raise TaxError(_("The records belong to different municipalities."))


@transaction.atomic
def record_ownership(
    prop, holder, *, share, right=RightKind.OWNER, valid_from, valid_to=None, actor=None
):
    """``holder`` holds ``share`` (numerator, denominator) of the property under ``right``
    from ``valid_from``. The shares held under one right never add up to more than whole."""
    _same_municipality(prop, holder)
    _require_choice(right, RightKind, _("right"))
    numerator, denominator = share
    if not (0 < numerator <= denominator):
        raise TaxError(_("A share is a fraction between 0 and 1, e.g. 1/2."))
    Property.objects.select_for_update().for_municipality(prop.municipality).get(pk=prop.pk)
    held = sum(
        (
            Fraction(row.share_numerator, row.share_denominator)
            for row in Ownership.objects.filter(
                DatedModel.on(valid_from),
                municipality=prop.municipality_id,
                property=prop,
                right=right,
            )
        ),
        Fraction(0),
    )
    if held + Fraction(numerator, denominator) > 1:
        raise TaxError(
            _("On %(date)s the shares of this right would add up to more than the whole property.")
            % {"date": valid_from.isoformat()}
        )
    row = Ownership(
        municipality=prop.municipality,
        property=prop,
        holder=holder,
        share_numerator=numerator,
        share_denominator=denominator,
        right=right,
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=_user(actor),
    )
    _full_clean(row)
    row.save()
    return row


def end(row, *, valid_to):
    """Close a dated row (an ownership share, a representation, a tax object): from
    ``valid_to`` on it no longer holds. Closing is the one change a dated row accepts."""
    if row.valid_to is not None:
        raise TaxError(_("This record was already closed on %(date)s.") % {"date": row.valid_to})
    if valid_to <= row.valid_from:
        raise TaxError(_("The end of validity must be later than its start."))
    row.valid_to = valid_to
    row.save()
    return row


@transaction.atomic
def transfer_share(ownership, new_holder, *, on, actor=None):
    """The share passes to ``new_holder`` on ``on`` (a sale, an inheritance)."""
    end(ownership, valid_to=on)
    return record_ownership(
        ownership.property,
        new_holder,
        share=(ownership.share_numerator, ownership.share_denominator),
        right=ownership.right,
        valid_from=on,
        actor=actor,
    )


def add_representation(
    taxpayer, representative, *, valid_from, valid_to=None, tax_types=(), actor=None
):
    _same_municipality(taxpayer, representative)
    if taxpayer.pk == representative.pk:
        raise TaxError(_("A taxpayer does not need to represent themselves."))
    row = Representation(
        municipality=taxpayer.municipality,
        taxpayer=taxpayer,
        representative=representative,
        tax_types=sorted({str(code) for code in tax_types}),
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=_user(actor),
    )
    _full_clean(row)
    row.save()
    return row


def may_act_for(representative, taxpayer, tax_type, day):
    """Whether ``representative`` may act for ``taxpayer`` in ``tax_type`` on ``day``."""
    if representative.municipality_id != taxpayer.municipality_id:
        return False
    rows = Representation.objects.for_municipality(taxpayer.municipality).filter(
        DatedModel.on(day), taxpayer=taxpayer, representative=representative
    )
    return any(row.covers(tax_type) for row in rows)


def register_tax_object(
    municipality,
    *,
    tax_type,
    kind,
    valid_from,
    property=None,
    taxpayer=None,
    description="",
    valid_to=None,
    actor=None,
):
    _require_choice(tax_type, TaxType, _("tax type"))
    _require_choice(kind, TaxObjectKind, _("tax object kind"))
    for row in (property, taxpayer):
        if row is not None and row.municipality_id != municipality.pk:
            raise TaxError(_("The records belong to different municipalities."))
    if kind == TaxObjectKind.PROPERTY and property is None:
        raise TaxError(_("A property tax object names its property."))
    if kind != TaxObjectKind.PROPERTY and taxpayer is None:
        raise TaxError(_("A business site or an accommodation names its operator."))
    row = TaxObject(
        municipality=municipality,
        tax_type=tax_type,
        kind=kind,
        property=property,
        taxpayer=taxpayer,
        description=description,
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=_user(actor),
    )
    _full_clean(row)
    row.save()
    return row


# The state on a day lives in register_state; its names stay importable from here.
from .register_state import RegisterState, state_on  # noqa: E402, F401
