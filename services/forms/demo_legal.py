"""Demo of a legal change (issue #22): the provider stages version 2 of the public-space
use template (KOZT-001) with a fee set by law and a date in force of tomorrow 00:00.

Eger customised the form beforehand: its own fee (3 000 Ft) and the parcel number hidden.
Version 2 makes the parcel number required (a conflict for Eger: a required field cannot
stay hidden) and sets the fee by law, so Eger's officer sees the staged version, previews
it with Eger's customisation and resolves the conflict in advance; after the date every
municipality serves version 2 with the statutory fee.

The fee (5 000 Ft) and the reference are DEMO content, not law: see
data/form_templates/README.md. Idempotent: nothing happens once version 2 exists."""

import copy
import datetime

from django.db import transaction
from django.utils import timezone

from .designer import OverlayEditor
from .models import FormTemplate
from .services import live_form, publish, publish_template_version, save_customisation

DEMO_TEMPLATE = "KOZT-001"
DEMO_FEE = 5000  # demo figure, not a statutory amount
DEMO_LOCAL_FEE = 3000
DEMO_REFERENCE = "Bemutató jogszabályváltozás (nem hatályos jogszabály)"


def version_2(definition):
    definition = copy.deepcopy(definition)
    definition["fee"] = {"kind": "fixed", "amount": DEMO_FEE}
    definition["fee_statutory"] = DEMO_REFERENCE
    for step in definition["steps"]:
        for spec in step["fields"]:
            if spec["key"] == "helyszin_hrsz":
                spec["required"] = True
            if spec["key"] == "nyilatkozat":
                spec["statutory"] = DEMO_REFERENCE
    return definition


def _customise(eger, template):
    customisation = live_form(eger, template.code)
    if customisation is None or customisation.overlay.get("hidden"):
        return customisation
    editor = OverlayEditor(customisation.base_version.definition, customisation.overlay)
    editor.set_fee({"kind": "fixed", "amount": DEMO_LOCAL_FEE})
    editor.hide_field("helyszin_hrsz")
    save_customisation(customisation, overlay=editor.result())
    publish(customisation)
    return customisation


@transaction.atomic
def load_legal_change_demo(eger, stdout=None):
    """Returns the staged version, or None when the demo was loaded before."""
    template = FormTemplate.objects.filter(code=DEMO_TEMPLATE).first()
    if template is None or template.current_version is None:
        return None
    if template.versions.filter(number__gt=1).exists():
        return None
    _customise(eger, template)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    effective = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    version, report = publish_template_version(
        template,
        version_2(template.current_version.definition),
        change_note=(
            "A közterület-használati díjat és a helyrajzi szám megadását jogszabály írja elő."
        ),
        legal_reference=DEMO_REFERENCE,
        effective_from=effective,
        live_by=tomorrow + datetime.timedelta(days=14),
    )
    if stdout is not None:
        stdout.write(
            f"  {template.code} v{version.number} staged, in force from "
            f"{effective:%Y-%m-%d %H:%M}: {report['staged']} ready, "
            f"{report['conflict']} with a conflict"
        )
    return version
