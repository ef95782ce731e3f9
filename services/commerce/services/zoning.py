"""The municipality's zoning matrix (zone × industrial activity → allowed or not), which
an industrial notification is checked against at once (57/2013. (II. 27.) Korm. rendelet:
the notary checks the local building regulation and registers the site or prohibits the
activity). Each municipality edits its own; it starts from data/commerce/zoning_default.json,
a default that says so, never a legal rule."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ZoningRule, ZoningZone
from . import catalogue, procedure_rules
from .errors import CommerceError


@transaction.atomic
def ensure_matrix(municipality):
    """The municipality's zones, created from the default on first use."""
    zones = ZoningZone.objects.for_municipality(municipality)
    if zones.exists():
        return zones
    default = procedure_rules.default_zoning()
    activities = catalogue.industrial_activities()
    for item in default["zones"]:
        zone = ZoningZone.objects.create(
            municipality=municipality,
            code=item["code"],
            name=item["name"],
            industrial=bool(item["industrial"]),
        )
        allowed = set(default["allowed"].get(item["code"], ()))
        ZoningRule.objects.bulk_create(
            ZoningRule(
                municipality=municipality,
                zone=zone,
                activity=code,
                allowed=code in allowed or f"annex{activity['annex']}" in allowed,
            )
            for code, activity in activities.items()
        )
    return ZoningZone.objects.for_municipality(municipality)


def matrix(municipality):
    """``(zones, activities, {(zone_id, activity): allowed})`` for the editor."""
    zones = list(ensure_matrix(municipality))
    rules = ZoningRule.objects.for_municipality(municipality).filter(zone__in=zones)
    cells = {(rule.zone_id, rule.activity): rule.allowed for rule in rules}
    return zones, catalogue.industrial_activities(), cells


@transaction.atomic
def save_matrix(municipality, allowed):
    """Set every cell: ``allowed`` is the set of ``(zone_id, activity)`` that may be carried
    on; any other cell of the municipality's zones is prohibited."""
    zones = list(ensure_matrix(municipality))
    activities = catalogue.industrial_activities()
    for zone in zones:
        for code in activities:
            ZoningRule.objects.update_or_create(
                municipality=municipality,
                zone=zone,
                activity=code,
                defaults={"allowed": (zone.pk, code) in allowed},
            )


@transaction.atomic
def add_zone(municipality, *, code, name, industrial=False):
    code, name = str(code or "").strip()[:20], str(name or "").strip()[:200]
    if not code or not name:
        raise CommerceError(_("Give the zone's code and name."))
    zones = ensure_matrix(municipality)
    if zones.filter(code=code).exists():
        raise CommerceError(_("A zone with this code already exists."))
    zone = ZoningZone.objects.create(
        municipality=municipality, code=code, name=name, industrial=bool(industrial)
    )
    ZoningRule.objects.bulk_create(
        ZoningRule(municipality=municipality, zone=zone, activity=activity, allowed=False)
        for activity in catalogue.industrial_activities()
    )
    return zone


def check(municipality, *, zone_code, activity, occupancy_permit=False):
    """The zoning check of a notification: ``(allowed, reason)``. An Annex 2 activity is
    only notified in an industrial area or in a building with a recent occupancy permit
    for it (57/2013. 2. § (2) b)); elsewhere it needs a site licence."""
    found = catalogue.industrial_activities().get(activity)
    if found is None:
        return False, _("The activity is not in the decree's annexes.")
    zone = ensure_matrix(municipality).filter(code=zone_code).first()
    if zone is None:
        return False, _("The zone %(zone)s is not in the municipality's zoning matrix.") % {
            "zone": zone_code
        }
    rule = ZoningRule.objects.for_municipality(municipality).filter(zone=zone, activity=activity)
    if not rule.filter(allowed=True).exists():
        return False, _(
            "The local building regulation does not allow %(activity)s in the zone %(zone)s."
        ) % {"activity": found["name"], "zone": zone.name}
    if found["annex"] == 2 and not (zone.industrial or occupancy_permit):
        return False, _(
            "An activity of Annex 2 outside an industrial area needs a site licence "
            "(IPAR-007), unless the building has a recent occupancy permit for it."
        )
    return True, ""


def zone_is_industrial(municipality, zone_code):
    return ensure_matrix(municipality).filter(code=zone_code, industrial=True).exists()
