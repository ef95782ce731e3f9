"""Eger's trade notifications for ``make run`` (issue 17): the library's IPAR-001 (notice of
trading), IPAR-002 (change or closure), IPAR-003 (opening hours) and IPAR-008
(accommodation) adopted and published on their latest versions, so a demo citizen acting
for his company can file them on the portal. Idempotent: a live form on the current
version is left alone; one served on an older version is moved onto the current one."""

from django.db import transaction

from services.forms.models import FormTemplate
from services.forms.services import adopt, live_form, publish, reapply

FORMS = ("IPAR-001", "IPAR-002", "IPAR-003", "IPAR-008")


@transaction.atomic
def load_demo(municipality, stdout=None):
    """Publish the notification forms the municipality does not serve on their current
    version; returns how many were published or updated."""
    changed = 0
    templates = FormTemplate.objects.filter(code__in=FORMS, is_active=True).select_related(
        "current_version"
    )
    for template in templates.order_by("code"):
        if template.current_version_id is None:
            continue
        form = live_form(municipality, template.code)
        if form is None:
            publish(adopt(municipality, template))
        elif (
            form.template_id == template.pk
            and form.live_revision is not None
            and form.live_revision.template_version_id != template.current_version_id
        ):
            reapply(form, template.current_version)
        else:
            continue
        changed += 1
        if stdout is not None:
            stdout.write(f"  {municipality.name}: {template.code} {template.title}")
    return changed
