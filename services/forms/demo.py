"""Demo data for ``make run``: every demo municipality serves the forms most municipalities
put online first, customised from the provider's library, so its website's service
directory and quick links lead somewhere. Idempotent: a published form is left alone."""

from django.db import transaction

from sites.models import Municipality

from .demo_legal import load_legal_change_demo  # noqa: F401  (the legal change of issue #22)
from .models import FormTemplate
from .services import (
    adopt,
    copy_as_local,
    live_form,
    publish,
    published_forms,
    save_customisation,
)

DEMO_FORMS = (
    "PANASZ-001",
    "ADO-001",
    "ADO-002",
    "ADO-004",
    "ADO-007",
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


# -- the portal search's journey (issue 18): parking permits in several municipalities

# Each municipality names its residents' parking permit in its own words (Budapest's
# districts call it a "várakozási hozzájárulás"): the portal's search must find them all
# for "parkol", with or without accents. Eger's own form comes from portal.journey.demo.
PARKING_PERMIT_TITLES = {
    "13392": "Lakossági várakozási hozzájárulás (parkolási engedély) iránti kérelem",
    "14216": "Lakossági parkolási engedély kérelem",
    "03522": "Parkolási engedély kérelem belvárosi lakosoknak",
    "25131": "Lakossági parkolási bérlet és engedély kérelem",
    "30988": "Parkolási engedély kérelem mozgásukban korlátozott személyeknek",
}


def parking_permit_definition(title):
    return {
        "title": title,
        "intro": (
            "A fizető parkolási övezetben lakóhellyel rendelkezők kedvezményes parkolási "
            "engedélyt kérhetnek gépjárművükre. A díjat és az övezeteket az önkormányzat "
            "parkolási rendelete állapítja meg."
        ),
        "office": "Polgármesteri Hivatal, Városüzemeltetési Iroda",
        "handling_group": "",
        "fee": {"kind": "none"},
        "steps": [
            {
                "key": "kerelmezo",
                "title": "A kérelmező",
                "fields": [
                    {"key": "kerelmezo_neve", "type": "text", "label": "Név", "required": True},
                    {
                        "key": "lakcim",
                        "type": "postal_address",
                        "label": "Lakcím",
                        "required": True,
                    },
                    {"key": "email", "type": "email", "label": "E-mail cím", "required": True},
                ],
            },
            {
                "key": "jarmu",
                "title": "A gépjármű",
                "fields": [
                    {
                        "key": "rendszam",
                        "type": "text",
                        "label": "Rendszám",
                        "required": True,
                        "options": {"max_length": 10},
                    },
                    {"key": "gyartmany", "type": "text", "label": "Gyártmány, típus"},
                    {"key": "megjegyzes", "type": "textarea", "label": "Megjegyzés"},
                ],
            },
        ],
    }


@transaction.atomic
def load_parking_permit_demo(stdout=None):
    """Publish a local parking permit form in the municipalities above that have none yet;
    returns how many it published."""
    published = 0
    for municipality in Municipality.objects.filter(ksh_code__in=PARKING_PERMIT_TITLES):
        title = PARKING_PERMIT_TITLES[municipality.ksh_code]
        if any(form.title == title for form in published_forms(municipality)):
            continue
        customisation = copy_as_local(municipality, title=title)
        save_customisation(customisation, definition=parking_permit_definition(title))
        publish(customisation)
        published += 1
        if stdout is not None:
            stdout.write(f"  {municipality.name}: {customisation.code} {title}")
    return published
