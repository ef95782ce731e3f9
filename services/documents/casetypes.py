"""Loading the provider's retention schedule and giving each municipality its case types."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .constants import ArchivalValue
from .deadlines import deadline_rules
from .models import CaseType, FormCaseType, RetentionScheduleItem

# The provider-governed fields a municipality's copy follows when the schedule changes;
# its own choices (deadline days, handling group, active) are left alone.
PROVIDER_FIELDS = ("name", "retention_years", "archival_value", "procedure_rule")
# The case type a submission gets when neither the municipality nor the schedule says.
FALLBACK_CODE = "A-190"


class ScheduleError(ValueError):
    pass


def schedule_path():
    return Path(
        getattr(settings, "DOCUMENTS_RETENTION_SCHEDULE", None)
        or settings.BASE_DIR / "data" / "retention_schedule.json"
    )


def parse_schedule(data):
    problems, items, codes = [], [], set()
    for number, item in enumerate(data.get("items", []), start=1):
        code = str(item.get("code", "")).strip()
        if not code or code in codes:
            problems.append(f"item {number}: missing or repeated code {code!r}")
        if item.get("archival_value") not in ArchivalValue.values:
            problems.append(f"{code}: unknown archival value {item.get('archival_value')!r}")
        if item.get("procedure_rule") not in deadline_rules:
            problems.append(f"{code}: unknown deadline rule {item.get('procedure_rule')!r}")
        years = item.get("retention_years")
        if years is None and item.get("archival_value") != ArchivalValue.HN:
            problems.append(f"{code}: retention years are required unless HN")
        codes.add(code)
        items.append(
            {
                "code": code,
                "name": str(item.get("name", ""))[:255],
                "group": str(item.get("group", ""))[:255],
                "retention_years": years,
                "archival_value": item.get("archival_value"),
                "procedure_rule": item.get("procedure_rule"),
                "form_codes": list(item.get("form_codes", [])),
                "note": str(item.get("note", ""))[:255],
            }
        )
    if problems:
        raise ScheduleError("; ".join(problems))
    return items


@transaction.atomic
def load_schedule(path=None):
    """Create or update the provider's items from the JSON file; (created, updated)."""
    data = json.loads(Path(path or schedule_path()).read_text(encoding="utf-8"))
    created = updated = 0
    seen = set()
    for item in parse_schedule(data):
        seen.add(item["code"])
        row, was_created = RetentionScheduleItem.objects.get_or_create(
            code=item["code"], defaults=item
        )
        if was_created:
            created += 1
            continue
        changed = [k for k, v in item.items() if getattr(row, k) != v] + (
            [] if row.is_active else ["is_active"]
        )
        if changed:
            for key, value in item.items():
                setattr(row, key, value)
            row.is_active = True
            row.save()
            updated += 1
    # Items the provider dropped stay (cases point at them) but are no longer offered.
    updated += (
        RetentionScheduleItem.objects.exclude(code__in=seen)
        .filter(is_active=True)
        .update(is_active=False)
    )
    return created, updated


def ensure_schedule():
    if not RetentionScheduleItem.objects.exists():
        load_schedule()


@transaction.atomic
def sync_case_types(municipality):
    """Give the municipality a case type for every active provider item; bring the copies
    in line with the schedule. Returns how many were added or changed."""
    ensure_schedule()
    existing = {
        c.schedule_item_id: c
        for c in CaseType.objects.for_municipality(municipality).filter(schedule_item__isnull=False)
    }
    taken = set(CaseType.objects.for_municipality(municipality).values_list("code", flat=True))
    new, changed = [], 0
    for item in RetentionScheduleItem.objects.filter(is_active=True):
        own = existing.get(item.pk)
        if own is None:
            if item.code in taken:
                continue  # the municipality already uses the code for its own type
            new.append(
                CaseType(
                    municipality=municipality,
                    schedule_item=item,
                    code=item.code,
                    **{field: getattr(item, field) for field in PROVIDER_FIELDS},
                )
            )
        elif any(getattr(own, f) != getattr(item, f) for f in PROVIDER_FIELDS):
            for field in PROVIDER_FIELDS:
                setattr(own, field, getattr(item, field))
            own.save()
            changed += 1
    CaseType.objects.bulk_create(new, ignore_conflicts=True)
    return len(new) + changed


def case_types(municipality):
    """The municipality's case types, created from the schedule on first use."""
    types = CaseType.objects.for_municipality(municipality)
    if not types.filter(schedule_item__isnull=False).exists():
        sync_case_types(municipality)
    return types


def case_type_for_form(municipality, form_code, template_code=None):
    """The case type a submission of this form opens: the municipality's own choice for
    the form, else the schedule's item that lists the central template, else the general
    item."""
    types = case_types(municipality)
    chosen = (
        FormCaseType.objects.for_municipality(municipality)
        .filter(form_code=form_code)
        .select_related("case_type")
        .first()
    )
    if chosen:
        return chosen.case_type
    # JSON "contains" lookups do not exist on SQLite (make run): the schedule is short.
    by_form = {}
    for case_type in types.filter(is_active=True).select_related("schedule_item").order_by("code"):
        for code in case_type.schedule_item.form_codes if case_type.schedule_item else []:
            by_form.setdefault(code, case_type)
    for code in filter(None, [template_code, form_code]):
        if code in by_form:
            return by_form[code]
    return types.filter(code=FALLBACK_CODE).first() or types.order_by("code").first()
