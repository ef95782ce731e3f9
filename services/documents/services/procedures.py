"""The cases of given procedures, for a service's own list (the trade officer's licence
cases): the cases filed under the case types the registry chooses for those form codes —
the municipality's own choice for the form, else the schedule's item that lists the
central template. Never the general fallback item: a code no case type lists has no
cases of its own yet."""

from ..access import visible_cases
from ..casetypes import case_types
from ..models import FormCaseType


def case_types_of_forms(municipality, form_codes):
    codes = set(form_codes)
    chosen = {
        row.case_type_id
        for row in FormCaseType.objects.for_municipality(municipality).filter(form_code__in=codes)
    }
    # JSON "contains" lookups do not exist on SQLite (make run): the schedule is short.
    for case_type in case_types(municipality).select_related("schedule_item"):
        item = case_type.schedule_item
        if item is not None and codes & set(item.form_codes or ()):
            chosen.add(case_type.pk)
    return case_types(municipality).filter(pk__in=chosen)


def cases_of_forms(municipality, form_codes, *, user):
    """The municipality's cases of these procedures that ``user`` may see (a restricted
    case only its handling officer), newest first."""
    return (
        visible_cases(user, municipality)
        .filter(case_type__in=case_types_of_forms(municipality, form_codes))
        .select_related("case_type", "officer")
        .order_by("-received_at", "-pk")
    )
