"""Demo data for ``make run``: a form of Eger that needs an identified citizen, with three
steps, identity fields, a repeating group, a conditional field and a required attachment;
and a (self-declared) representation of a company for the demo citizen Kovács János.
Idempotent: a second run adds nothing."""

from django.db import transaction
from django.utils import timezone

from accounts.models import CitizenProfile
from services.forms import services as forms

from .constants import IdentifierKind, RepresentedKind
from .models import Representation

DEMO_FORM_TITLE = "Lakossági parkolási engedély kérelem"
DEMO_CITIZEN = "demo-kovacs-janos"
DEMO_COMPANY = ("Kovács és Társa Kft.", "12345676-2-10")


def demo_definition():
    return {
        "title": DEMO_FORM_TITLE,
        "intro": (
            "Lakóhelye közelében, a belvárosi övezetben ezzel a kérelemmel parkolhat "
            "kedvezményesen. Gépjárművenként 5 000 Ft a díj."
        ),
        "office": "Polgármesteri Hivatal, Városüzemeltetési Iroda",
        "handling_group": "Városüzemeltetési csoport",
        "requires_identification": True,
        "fee": {
            "kind": "computed",
            "base": 0,
            "terms": [{"per_row_of": "jarmuvek", "amount": 5000}],
        },
        "steps": [
            {
                "key": "kerelmezo",
                "title": "A kérelmező",
                "fields": [
                    {
                        "key": "kerelmezo_neve",
                        "type": "text",
                        "label": "Név",
                        "required": True,
                        "identity": "full_name",
                    },
                    {
                        "key": "kerelmezo_szuletesi_neve",
                        "type": "text",
                        "label": "Születési név",
                        "identity": "birth_name",
                    },
                    {
                        "key": "kerelmezo_anyja_neve",
                        "type": "text",
                        "label": "Anyja születési neve",
                        "identity": "mothers_name",
                    },
                    {
                        "key": "kerelmezo_szuletesi_helye",
                        "type": "text",
                        "label": "Születési hely",
                        "identity": "place_of_birth",
                    },
                    {
                        "key": "kerelmezo_szuletesi_ideje",
                        "type": "date",
                        "label": "Születési idő",
                        "identity": "date_of_birth",
                    },
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
                "key": "jarmuvek_lepes",
                "title": "Gépjárművek",
                "fields": [
                    {
                        "key": "jarmuvek",
                        "type": "group",
                        "label": "Gépjárművek",
                        "required": True,
                        "options": {"max_rows": 3, "row_label": "Gépjármű"},
                        "fields": [
                            {
                                "key": "rendszam",
                                "type": "text",
                                "label": "Rendszám",
                                "required": True,
                                "options": {"max_length": 10},
                            },
                            {"key": "gyartmany", "type": "text", "label": "Gyártmány, típus"},
                        ],
                    },
                    {
                        "key": "uzembentarto",
                        "type": "choice",
                        "label": "Az üzembentartó",
                        "required": True,
                        "options": {
                            "choices": [
                                {"value": "sajat", "label": "Saját magam"},
                                {"value": "ceg", "label": "Munkáltatóm vagy cégem"},
                            ]
                        },
                    },
                    {
                        "key": "ceg_neve",
                        "type": "text",
                        "label": "A cég neve",
                        "required": True,
                        "visible_when": {"field": "uzembentarto", "equals": "ceg"},
                    },
                ],
            },
            {
                "key": "mellekletek",
                "title": "Mellékletek",
                "fields": [
                    {
                        "key": "forgalmi",
                        "type": "file",
                        "required": True,
                        "label": "A forgalmi engedély másolata",
                        "options": {"allowed_types": ["pdf", "jpg", "png"], "max_size_mb": 5},
                    },
                    {"key": "megjegyzes", "type": "textarea", "label": "Megjegyzés"},
                ],
            },
        ],
    }


@transaction.atomic
def load_demo(municipality, stdout=None):
    existing = [
        form for form in forms.published_forms(municipality) if form.title == DEMO_FORM_TITLE
    ]
    if not existing:
        customisation = forms.copy_as_local(municipality, title=DEMO_FORM_TITLE)
        forms.save_customisation(customisation, definition=demo_definition())
        forms.publish(customisation)
        if stdout is not None:
            stdout.write(f"  {municipality.name}: {customisation.code} {DEMO_FORM_TITLE}")
    profile = CitizenProfile.objects.filter(national_agent_id=DEMO_CITIZEN).first()
    if profile is not None:
        name, tax_number = DEMO_COMPANY
        Representation.objects.get_or_create(
            representative=profile.user,
            identifier=tax_number,
            defaults={
                "kind": RepresentedKind.COMPANY,
                "name": name,
                "identifier_kind": IdentifierKind.TAX_NUMBER,
                "valid_from": timezone.localdate().replace(month=1, day=1),
            },
        )


def load_legal_change_draft(municipality):
    """The demo citizen's unfinished public-space use application, on the version of the
    form before the staged legal change (services.forms.demo_legal): once the change is in
    force, opening it carries the answers to the new version. Once only."""
    from sites.actor import Actor, Channel

    from .constants import EventKind
    from .models import JourneyEvent
    from .services import save_answers, start_draft

    profile = CitizenProfile.objects.filter(national_agent_id=DEMO_CITIZEN).first()
    customisation = forms.live_form(municipality, "KOZT-001")
    if profile is None or customisation is None:
        return None
    if JourneyEvent.objects.filter(
        user=profile.user,
        kind=EventKind.DRAFT_STARTED,
        municipality=municipality,
        detail__form="KOZT-001",
    ).exists():
        return None
    actor = Actor(user=profile.user, municipality=municipality, channel=Channel.PORTAL)
    draft = start_draft(actor, customisation)
    return save_answers(
        actor,
        draft,
        {
            "kerelmezo_tipusa": "maganszemely",
            "kerelmezo_neve": "Kovács János",
            "hasznalat_celja": "terasz",
            "hasznalat_leirasa": "Nyári vendéglátó terasz a kávézó előtt, 6 asztallal.",
            "helyszin": "Eger, Dobó István tér 2.",
            "terulet_m2": "24",
        },
        "kerelmezo",
    )
