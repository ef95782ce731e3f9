"""Retention: which closed cases have outlived their retention period, and what happens
to them (destruction, or hand-over to the public archive), with the CSV list that goes
with the destruction record or the hand-over list."""

import csv

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.hungarian import HungarianOrder

from . import auditing
from .constants import ArchivalValue, AuditAction, CaseStatus, RetentionMark
from .models import Case

HEADER = (
    "onkormanyzat",
    "ksh_kod",
    "iktatoszam",
    "targy",
    "irattari_tetelszam",
    "tetel_megnevezese",
    "lezarva",
    "megorzesi_ido_ev",
    "leveltari_ertek",
    "megorzes_vege",
    "teendo",
)


def action_for(case):
    return (
        RetentionMark.ARCHIVE if case.archival_value == ArchivalValue.NS else RetentionMark.DESTROY
    )


def due_cases(as_of=None, municipality=None):
    """Closed cases whose retention ended before ``as_of`` and that are not marked yet.
    HN cases have no end and never appear."""
    as_of = as_of or timezone.localdate()
    cases = (
        Case.objects.for_municipality(municipality)
        if municipality is not None
        else Case.objects.unscoped()
    )
    return (
        cases.filter(
            status=CaseStatus.CLOSED,
            retention_ends_on__isnull=False,
            retention_ends_on__lt=as_of,
            retention_mark="",
        )
        .exclude(archival_value=ArchivalValue.HN)
        .select_related("municipality", "case_type")
        .order_by(HungarianOrder("municipality__name"), "case_type__code", "registry_number")
    )


def write_report(cases, stream):
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(HEADER)
    count = 0
    for case in cases:
        writer.writerow(
            [
                case.municipality.name,
                case.municipality.ksh_code,
                case.registry_number,
                case.subject,
                case.case_type.code,
                case.case_type.name,
                timezone.localtime(case.closed_at).date().isoformat() if case.closed_at else "",
                case.retention_years if case.retention_years is not None else "",
                case.archival_value,
                case.retention_ends_on.isoformat() if case.retention_ends_on else "",
                str(action_for(case).label),
            ]
        )
        count += 1
    return count


@transaction.atomic
def mark(cases, actor=None):
    """Mark each case for destruction or hand-over; the case itself stays until the
    archive's consent (destruction) or the hand-over is done. ``actor`` (sites.actor) is who
    marks: the platform itself unless a caller says otherwise."""
    actor = actor or Actor.system()
    now = timezone.now()
    counts = {RetentionMark.DESTROY: 0, RetentionMark.ARCHIVE: 0}
    for case in cases:
        action = action_for(case)
        Case.objects.for_municipality(case.municipality_id).filter(
            pk=case.pk, retention_mark=""
        ).update(retention_mark=action, retention_marked_at=now)
        auditing.record(
            AuditAction.RETENTION,
            municipality_id=case.municipality_id,
            case=case,
            actor=actor,
            actor_name=_("retention command"),
            detail=str(action.label),
        )
        counts[action] += 1
    return counts
