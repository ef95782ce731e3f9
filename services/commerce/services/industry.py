"""Industrial sites (57/2013), accommodations (239/2009) and operating licences
(210/2009) entering the register; like the trade register, each records one
``Notification`` and writes the first version naming it."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..constants import NotificationKind, SiteRegime
from ..models import (
    Accommodation,
    AccommodationVersion,
    IndustrialSite,
    LicenceVersion,
    OperatingLicence,
    SiteVersion,
    Trader,
    TraderVersion,
)
from . import catalogue, hours
from .errors import CommerceError
from .registers import _address, _next_number, _notification, _trader_values


@transaction.atomic
def register_site(
    municipality, *, actor, operator, received_on, activity, in_industrial_zone=False, **data
):
    """An industrial activity notified (57/2013 Annex 1, or Annex 2 in an industrial
    zone) or licensed (Annex 2 elsewhere). The zoning check comes with the procedures."""
    found = catalogue.industrial_activities().get(activity)
    if found is None:
        raise CommerceError(_("Choose the industrial activity from the decree's annexes."))
    if operator.municipality_id != municipality.pk:
        raise CommerceError(_("This trader is in another municipality's register."))
    regime = (
        SiteRegime.NOTIFIED if found["annex"] == 1 or in_industrial_zone else SiteRegime.LICENSED
    )
    notification = _notification(
        municipality,
        NotificationKind.INDUSTRIAL,
        actor=actor,
        received_on=received_on,
        effective_on=received_on,
    )
    site = IndustrialSite.objects.create(
        municipality=municipality,
        operator=operator,
        register_number=_next_number(IndustrialSite, municipality, received_on.year),
        registered_on=received_on,
    )
    SiteVersion.objects.create(
        municipality=municipality,
        site=site,
        notification=notification,
        valid_from=received_on,
        name=str(data.get("name", "") or "").strip(),
        parcel_number=str(data.get("parcel_number", "") or "").strip(),
        activity=activity,
        teaor_code=found["teaor"],
        regime=regime,
        opening_hours=hours.normalise_hours(data.get("opening_hours")),
        **_address(data, required=True),
    )
    return site


@transaction.atomic
def register_accommodation(municipality, *, actor, operator, received_on, reference="", **data):
    """An accommodation (239/2009) of a trader in the register (a ``Trader``), or of a new
    one (a dict, as ``notify_trading`` takes it): its kind, rooms and beds. The
    tourist-tax collector it implies is set up through services.tax next (issue #17
    item 6)."""
    kind = data.get("kind")
    if kind not in catalogue.accommodation_kinds():
        raise CommerceError(_("Choose the kind of accommodation."))
    if isinstance(operator, Trader) and operator.municipality_id != municipality.pk:
        raise CommerceError(_("This trader is in another municipality's register."))
    counts = {}
    for key in ("rooms", "beds"):
        value = str(data.get(key, "") or "").strip()
        if not value.isdigit() or int(value) < 1:
            raise CommerceError(_("Give the number of rooms and beds as whole numbers."))
        counts[key] = int(value)
    notification = _notification(
        municipality,
        NotificationKind.ACCOMMODATION,
        actor=actor,
        received_on=received_on,
        effective_on=received_on,
        reference=reference,
    )
    if not isinstance(operator, Trader):
        trader_kind, values = _trader_values(operator)
        found = Trader.objects.create(municipality=municipality, kind=trader_kind)
        TraderVersion.objects.create(
            municipality=municipality,
            trader=found,
            notification=notification,
            valid_from=received_on,
            **values,
        )
        operator = found
    accommodation = Accommodation.objects.create(
        municipality=municipality,
        operator=operator,
        register_number=_next_number(Accommodation, municipality, received_on.year),
        registered_on=received_on,
    )
    AccommodationVersion.objects.create(
        municipality=municipality,
        accommodation=accommodation,
        notification=notification,
        valid_from=received_on,
        name=str(data.get("name", "") or "").strip() or "—",
        kind=kind,
        **counts,
        **_address(data, required=True),
    )
    return accommodation


@transaction.atomic
def grant_licence(shop, *, actor, number, granted_on, products):
    """Record an operating licence granted by the notary's decision (the licence case
    itself comes with the procedures)."""
    unknown = [code for code in products if code not in catalogue.licence_products()]
    if not products or unknown:
        raise CommerceError(_("Choose the licensed products from the decree's annex."))
    notification = _notification(
        shop.municipality,
        NotificationKind.LICENCE,
        actor=actor,
        received_on=granted_on,
        effective_on=granted_on,
        reference=number,
    )
    try:
        with transaction.atomic():
            licence = OperatingLicence.objects.create(
                municipality=shop.municipality, shop=shop, number=number, granted_on=granted_on
            )
    except IntegrityError as error:
        raise CommerceError(_("A licence with this number is already registered.")) from error
    LicenceVersion.objects.create(
        municipality=shop.municipality,
        licence=licence,
        notification=notification,
        valid_from=granted_on,
        products=list(products),
    )
    return licence
