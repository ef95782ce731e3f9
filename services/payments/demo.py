"""Demo data for ``make run``: a local form with a fee in Eger, to pay with the simulated
VPOS. The amount is a demo value, not a legal one (each municipality sets its own fees)."""

from django.db import transaction
from django.utils.translation import gettext as _

from services.forms import services as forms
from sites.hungarian import format_number

DEMO_FORM_TITLE = "Hatósági bizonyítvány kiállítása (díjköteles demó űrlap)"
DEMO_FEE = 3000


def demo_definition():
    return {
        "title": DEMO_FORM_TITLE,
        "intro": (
            "Demó űrlap a befizetés kipróbálásához: beküldés után a díjat a szimulált "
            "bankkártyás fizetéssel fizetheti meg (tesztkártya: 4242 4242 4242 4242)."
        ),
        "office": "",
        "handling_group": "",
        "fee": {"kind": "fixed", "amount": DEMO_FEE},
        "steps": [
            {
                "key": "adatok",
                "title": "Adatok",
                "fields": [
                    {"key": "nev", "type": "text", "label": "Név", "required": True},
                    {"key": "email", "type": "email", "label": "E-mail cím", "required": True},
                    {
                        "key": "cel",
                        "type": "textarea",
                        "label": "Mire kéri a bizonyítványt?",
                        "required": True,
                    },
                ],
            }
        ],
    }


@transaction.atomic
def load_demo(municipality, stdout=None):
    """Idempotent: the form is made and published once."""
    if any(form.title == DEMO_FORM_TITLE for form in forms.published_forms(municipality)):
        return None
    customisation = forms.copy_as_local(municipality, title=DEMO_FORM_TITLE)
    forms.save_customisation(customisation, definition=demo_definition())
    forms.publish(customisation)
    if stdout is not None:
        stdout.write(
            _(
                "Payments: %(municipality)s form %(code)s with a %(fee)s Ft fee "
                "(/urlapok/%(code)s/), simulated VPOS test card 4242 4242 4242 4242."
            )
            % {
                "municipality": municipality.name,
                "code": customisation.code,
                "fee": format_number(DEMO_FEE),
            }
        )
    return customisation
