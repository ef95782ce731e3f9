"""The provider's figures: how far the fleet has taken up online forms."""

from django.db.models import Count, F
from django.utils import timezone

from sites.hungarian import HungarianOrder
from sites.models import Municipality

from .constants import FormEventKind, FormKind, FormStatus
from .models import FormCustomisation, FormEvent, FormTemplate, TemplateVersion
from .services import outdated_customisations


def personalised_published():
    """Published forms that a municipality made its own: a local form, or a template with
    at least one customisation."""
    published = FormCustomisation.objects.unscoped().filter(
        status=FormStatus.PUBLISHED, live_revision__isnull=False
    )
    return published.filter(kind=FormKind.LOCAL) | published.filter(kind=FormKind.OVERLAY).exclude(
        live_revision__overlay={}
    )


def fleet_figures(today=None):
    today = today or timezone.localdate()
    joined = Municipality.objects.filter(active=True)
    joined_count = joined.count()
    personalised_ids = set(personalised_published().values_list("municipality_id", flat=True))
    by_county = []
    for row in joined.values("county").annotate(total=Count("id")).order_by("county"):
        ids = set(joined.filter(county=row["county"]).values_list("id", flat=True))
        with_forms = len(ids & personalised_ids)
        by_county.append(
            {
                "county": row["county"],
                "total": row["total"],
                "personalised": with_forms,
                "share": round(100 * with_forms / row["total"], 1) if row["total"] else 0,
            }
        )
    personalised_count = len(personalised_ids & set(joined.values_list("id", flat=True)))
    outdated = list(
        outdated_customisations().order_by(HungarianOrder("municipality__name"), "code")[:500]
    )
    # A deadline is missed by every municipality still serving an earlier version after it.
    overdue = []
    for version in TemplateVersion.objects.filter(
        live_by__isnull=False, live_by__lte=today
    ).select_related("template"):
        behind = (
            FormCustomisation.objects.unscoped()
            .filter(
                template=version.template,
                kind=FormKind.OVERLAY,
                status=FormStatus.PUBLISHED,
                live_revision__template_version__number__lt=version.number,
            )
            .select_related("municipality")
        )
        if behind.exists():
            overdue.append(
                {"version": version, "municipalities": [c.municipality for c in behind[:200]]}
            )
    # A version replaced by a newer one has no deadline of its own any more.
    upcoming = (
        TemplateVersion.objects.filter(live_by__gte=today)
        .exclude(template__versions__number__gt=F("number"))
        .select_related("template")
        .order_by("live_by")
    )
    staged = (
        TemplateVersion.objects.filter(effective_from__gt=timezone.now())
        .select_related("template")
        .order_by("effective_from")
    )
    # What the passed deadlines did, per municipality (the forms' history).
    enforced = (
        FormEvent.objects.unscoped()
        .filter(kind__in=[FormEventKind.DEADLINE_SWITCHED, FormEventKind.DEADLINE_WITHDRAWN])
        .select_related("customisation__municipality", "template_version__template")
        .order_by("-created_at")[:200]
    )
    return {
        "joined": joined_count,
        "templates": FormTemplate.objects.filter(
            is_active=True, current_version__isnull=False
        ).count(),
        "personalised": personalised_count,
        "share": round(100 * personalised_count / joined_count, 1) if joined_count else 0,
        "by_county": by_county,
        "outdated": outdated,
        "overdue": overdue,
        "upcoming": upcoming,
        "staged": staged,
        "enforced": enforced,
        "conflicts": FormCustomisation.objects.unscoped()
        .filter(conflict_version__isnull=False)
        .exclude(conflicts=[])
        .exclude(conflict_version=F("base_version"))
        .count(),
    }


def templates_in_use():
    """[(template code, title, municipalities publishing it)] of the central templates that
    at least one municipality has published, most used first."""
    rows = (
        FormCustomisation.objects.unscoped()
        .filter(status=FormStatus.PUBLISHED, template__isnull=False)
        .values("template__code", "template__title")
        .annotate(municipalities=Count("municipality", distinct=True))
        .order_by("-municipalities", "template__code")
    )
    return [(r["template__code"], r["template__title"], r["municipalities"]) for r in rows]
