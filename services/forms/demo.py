"""Demo data for ``make run``: every demo municipality serves the forms most municipalities
put online first, customised from the provider's library, so its website's service
directory and quick links lead somewhere. Idempotent: a published form is left alone."""

from django.db import transaction

from .models import FormTemplate
from .services import adopt, live_form, publish

DEMO_FORMS = (
    "PANASZ-001",
    "ADO-001",
    "ADO-002",
    "ADO-004",
    "IPAR-001",
    "KOZT-001",
    "KORNY-001",
    "SZOC-001",
    "ANYK-001",
)


@transaction.atomic  # one commit for all of them: the demo loads about fifty municipalities
def load_demo(municipality):
    """Publish the demo forms the municipality does not serve yet; returns how many."""
    templates = FormTemplate.objects.filter(code__in=DEMO_FORMS, is_active=True)
    published = 0
    for template in templates:
        if template.current_version_id is None or live_form(municipality, template.code):
            continue
        publish(adopt(municipality, template))
        published += 1
    return published
