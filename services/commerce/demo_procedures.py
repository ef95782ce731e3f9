"""Eger's licence procedures for ``make run``: the library's IPAR-005..007 adopted and
published, the zoning matrix, an operating licence application in progress (one
specialist authority answered, one still open, an on-site inspection scheduled) and an
industrial notification whose zoning check drafted a prohibition for the officer.
Everything goes through the same paths as a citizen's form and the officer's screens.
Idempotent: a municipality that has procedures is left alone."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.documents import services as registry
from services.forms.models import FormTemplate
from services.forms.services import adopt, live_form, publish
from services.intake import services as intake
from sites.actor import Actor, Channel

from . import services as commerce
from .models import AnswerOutcome, Procedure

FORMS = ("IPAR-005", "IPAR-006", "IPAR-007")
OFFICER = "ugyintezo"


def _publish_forms(municipality):
    forms = {}
    for template in FormTemplate.objects.filter(code__in=FORMS, is_active=True):
        form = live_form(municipality, template.code)
        if form is None and template.current_version_id is not None:
            form = adopt(municipality, template)
            publish(form)
        forms[template.code] = form
    return forms


def _address(street, number):
    return {"postal_code": "3300", "settlement": "Eger", "street": street, "house_number": number}


def _trader(name, tax_number, street):
    return {
        "kerelmezo_neve": name,
        "kerelmezo_formaja": "company",
        "kerelmezo_szekhelye": _address(street, "7"),
        "cegjegyzekszam": "10-09-031245",
        "kerelmezo_adoszama": tax_number,
        "kerelmezo_email": "iroda@example.hu",
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
    }


def _submit(municipality, form, data):
    application = intake.submit_new(
        Actor(municipality=municipality, channel=Channel.SITE_FORM),
        "form",
        form,
        municipality=municipality,
        data=data,
    )
    return Procedure.objects.for_municipality(municipality).get(
        case__submission_id=application.subject_id
    )


@transaction.atomic
def load_demo(municipality, stdout=None):
    forms = _publish_forms(municipality)
    commerce.zoning.ensure_matrix(municipality)
    if Procedure.objects.for_municipality(municipality).exists() or not forms.get("IPAR-005"):
        return None
    officer = get_user_model().objects.filter(username=OFFICER).first()
    actor = Actor(user=officer, municipality=municipality, channel=Channel.ADMIN)
    today = timezone.localdate()

    licence = _submit(
        municipality,
        forms["IPAR-005"],
        {
            **_trader("Agria Festék és Vegyiáru Kft.", "12345676-2-10", "Faiskola út"),
            "uzlet_cime": _address("Széchenyi István utca", "41"),
            "uzlet_helyrajzi_szama": "4512/3",
            "uzlet_elnevezese": "Agria Festékbolt",
            "uzlet_alapterulete": "120",
            "hasznalati_jogcim": "lease",
            "nyitvatartas": "H–P 8–18, Szo 8–12",
            "uzletkoteles_termekek": ["L1", "L2"],
            "kereskedelem_jellege": ["kiskereskedelem"],
            "helyszini_szemle": "on",
        },
    )
    if officer is not None:
        registry.assign(licence.case, officer, user=officer, actor=actor)
        registry.start(licence.case, user=officer, actor=actor)
    answered = commerce.add_request(
        licence,
        actor=actor,
        authority_code="katasztrofavedelem",
        sent_on=today - datetime.timedelta(days=6),
        reference="HEV/2026/01187",
    )
    commerce.record_answer(
        answered,
        actor=actor,
        outcome=AnswerOutcome.CONDITIONS,
        answered_on=today - datetime.timedelta(days=2),
        conditions="Legfeljebb 200 liter gyúlékony festék tárolható, tűzálló szekrényben.",
    )
    commerce.add_request(
        licence,
        actor=actor,
        authority_code="nepegeszsegugy",
        sent_on=today - datetime.timedelta(days=6),
        reference="HEV/2026/01188",
    )
    commerce.schedule_inspection(
        licence, actor=actor, scheduled_on=today + datetime.timedelta(days=5)
    )

    if forms.get("IPAR-006"):
        # A joinery notified in a garden-suburb residential zone: the check drafts a
        # prohibition for the officer to review.
        _submit(
            municipality,
            forms["IPAR-006"],
            {
                **_trader("Bükki Asztalosműhely Kft.", "23456787-2-10", "Kertész utca"),
                "telep_cime": _address("Csákó utca", "14"),
                "telep_helyrajzi_szama": "7781/2",
                "telep_elnevezese": "Asztalosműhely",
                "ovezet": "Lke",
                "ipari_tevekenyseg": "2/1",
                "hasznalati_jogcim": "owner",
                "megkezdes_datuma": (today + datetime.timedelta(days=20)).isoformat(),
            },
        )
    if stdout is not None:
        stdout.write(
            _(
                "Trade procedures of %(name)s: a licence case in progress and an industrial "
                "notification with a drafted prohibition."
            )
            % {"name": municipality.name}
        )
    return licence
