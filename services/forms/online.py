"""The municipality's published forms as its website's online services (sites.online_services):
the service directory links to them and the home page shows the most used ones."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from sites.constants import ServiceField
from sites.online_services import OnlineService, online_services

from .constants import Category, SubmissionStatus
from .services import published_forms

FIELDS = {
    Category.LOCAL_TAXES: ServiceField.TAXES,
    Category.TRADE: ServiceField.TRADE,
    Category.PUBLIC_SPACE: ServiceField.PUBLIC_SPACE,
    Category.SOCIAL: ServiceField.SOCIAL,
    Category.REGISTRY: ServiceField.REGISTRY,
    Category.ENVIRONMENT: ServiceField.ENVIRONMENT,
    Category.COMPLAINTS: ServiceField.COMPLAINTS,
    Category.LOCAL: ServiceField.OTHER,
}
# Until a municipality's own figures say otherwise (a new site, forms nobody has used yet),
# its forms come in the order citizens of most municipalities need them.
USUAL_DEMAND = (
    "PANASZ-001",
    "ADO-002",
    "ADO-004",
    "KOZT-001",
    "SZOC-001",
    "IPAR-001",
    "ADO-001",
    "KORNY-001",
    "ANYK-001",
)
# "Most used" counts the submissions of the last year: a form used every spring (the tax
# returns) keeps its place all year.
USES_PERIOD = datetime.timedelta(days=365)


def published_form_services(municipality):
    since = timezone.now() - USES_PERIOD
    forms = published_forms(municipality).annotate(
        uses=Count(
            "revisions__submissions",
            filter=Q(revisions__submissions__submitted_at__gte=since)
            & ~Q(revisions__submissions__status=SubmissionStatus.DRAFT),
        )
    )

    def demand(form):
        rank = USUAL_DEMAND.index(form.code) if form.code in USUAL_DEMAND else len(USUAL_DEMAND)
        return (rank, form.code)

    for form in sorted(forms, key=demand):
        definition = form.live_revision.definition
        yield OnlineService(
            code=form.code,
            title=definition.get("title") or form.title,
            url=reverse("forms:detail", args=[form.code]),
            field=FIELDS.get(form.category, ServiceField.OTHER),
            description=form.template.description if form.template_id else "",
            uses=form.uses,
        )


online_services.register("forms", published_form_services)
