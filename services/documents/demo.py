"""Demo data for ``make run``: citizens' complaints submitted to Eger through the forms
service, so they arrive in the demo officer's inbox as registered cases, exactly as real
submissions do. Idempotent: a second run adds nothing."""

from django.db import transaction
from django.utils.translation import gettext as _

from services.forms import services as forms
from services.forms.models import FormTemplate

from .casetypes import load_schedule, sync_case_types
from .models import Case

DEMO_FORM = "PANASZ-001"
DEMO_HANDLING_GROUP = "Városüzemeltetési csoport"
DEMO_COMPLAINTS = [
    (
        "Szabó Katalin",
        "szabo.katalin@example.hu",
        "Kátyú a Széchenyi utcában",
        "A Széchenyi utca 12. előtt mély kátyú van, két autó gumija már kilyukadt.",
    ),
    (
        "Horváth Péter",
        "horvath.peter@example.hu",
        "Nem világít a közvilágítás",
        "A Dobó téri sétányon három lámpa egy hete nem világít.",
    ),
    (
        "Varga Eszter",
        "",
        "Illegális hulladéklerakás",
        "A Vécsey-völgy szélén építési törmeléket raktak le az éjjel.",
    ),
    (
        "Kovács László",
        "kovacs.laszlo@example.hu",
        "Zajos szórakozóhely",
        "Hétvégén hajnali háromig szól a zene a Bajcsy-Zsilinszky utcai szórakozóhelyen.",
    ),
]


def _demo_form(municipality):
    template = FormTemplate.objects.filter(code=DEMO_FORM).first()
    if template is None:
        return None
    customisation = forms.adopt(municipality, template)
    overlay = dict(customisation.overlay or {})
    meta = dict(overlay.get("meta") or {})
    if meta.get("handling_group") != DEMO_HANDLING_GROUP:
        meta["handling_group"] = DEMO_HANDLING_GROUP
        overlay["meta"] = meta
        forms.save_customisation(customisation, overlay=overlay)
    if (
        not customisation.is_published
        or customisation.live_revision.definition.get("handling_group") != DEMO_HANDLING_GROUP
    ):
        forms.publish(customisation)
    return customisation


def load_demo(municipality, stdout=None):
    load_schedule()
    sync_case_types(municipality)
    if Case.objects.for_municipality(municipality).filter(submission_id__isnull=False).exists():
        return 0
    with transaction.atomic():
        customisation = _demo_form(municipality)
        if customisation is None:
            return 0
        # Through intake, as a citizen's form on the municipality's site would arrive.
        from services.intake import services as intake
        from sites.actor import Actor, Channel

        actor = Actor(municipality=municipality, channel=Channel.SITE_FORM)
        for name, email, subject, description in DEMO_COMPLAINTS:
            intake.submit_new(
                actor,
                "form",
                customisation,
                municipality=municipality,
                data={
                    "bejelento_neve": name,
                    "bejelento_email": email or "ugyfel@example.hu",
                    "bejelentes_tipusa": "panasz",
                    "targy": subject,
                    "leiras": description,
                    "nyilatkozat": "on",
                    "kelt_helye": municipality.name,
                },
            )
    if stdout is not None:
        stdout.write(
            _("Document registry: %(count)d demo submissions registered as cases in %(name)s.")
            % {"count": len(DEMO_COMPLAINTS), "name": municipality.name}
        )
    return len(DEMO_COMPLAINTS)
