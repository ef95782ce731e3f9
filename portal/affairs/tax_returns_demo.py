"""Demo for ``make run`` (issue 16, items 3–4): Eger serves the library's tax forms on
their current versions, Kovács és Társa Kft. (which the demo citizen Kovács János
represents) runs the Koháry Vendégház, and two months ago's tourist-tax return was filed on
the portal — so Ügyeim shows its charge on the company's account, last month's return is
his to file, and the tax officer has his building-tax declaration in the queue.

Everything goes through the services a citizen's filing goes through (the forms, intake,
the registry, the tax receivers). Idempotent: what is there is left alone."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from portal.affairs.tax_demo import PARCEL, demo_tax_id
from portal.journey.demo import DEMO_CITIZEN, DEMO_COMPANY
from services.forms import services as forms
from services.forms.models import FormTemplate
from services.intake import services as intake
from services.tax import services as tax
from sites.actor import Actor, Channel

FORMS = ("ADO-001", "ADO-002", "ADO-003", "ADO-004", "ADO-005", "ADO-009", "ADO-010")
ACCOMMODATION = "Koháry Vendégház"
ADDRESS = {
    "postal_code": "3300",
    "settlement": "Eger",
    "street": "Koháry István utca",
    "house_number": "7",
}


def _publish(municipality):
    """The tax forms served on their current versions (an older one is moved on)."""
    changed = 0
    templates = FormTemplate.objects.filter(code__in=FORMS, is_active=True)
    for template in templates.select_related("current_version").order_by("code"):
        if template.current_version_id is None:
            continue
        form = forms.live_form(municipality, template.code)
        if form is None:
            forms.publish(forms.adopt(municipality, template))
        elif (
            form.template_id == template.pk
            and form.live_revision.template_version_id != template.current_version_id
        ):
            forms.reapply(form, template.current_version)
        else:
            continue
        changed += 1
    return changed


def _months_ago(today, count):
    year, month = today.year, today.month - count
    while month < 1:
        year, month = year - 1, month + 12
    return year, month


def _file(municipality, user, code, answers):
    form = forms.live_form(municipality, code)
    actor = Actor(user=user, municipality=municipality, channel=Channel.PORTAL)
    return intake.submit_new(actor, "form", form, municipality=municipality, data=answers)


def tourist_answers(company, year, month):
    return {
        "ev": str(year),
        "honap": f"{month:02d}",
        "beszedo_tipusa": "gazdalkodo",
        "beszedo_neve": DEMO_COMPANY[0],
        "beszedo_adoszama": company.tax_number,
        "beszedo_cime": ADDRESS,
        "szallashely_neve": ACCOMMODATION,
        "szallashely_cime": ADDRESS,
        "osszes_vendegejszaka": "318",
        "mentes_vendegejszaka": "22",
        "adokoteles_vendegejszaka": "296",
        "beszedett_ado": "148000",
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
    }


@transaction.atomic
def load_tax_returns_demo(municipality, stdout=None):
    user = get_user_model().objects.filter(username=DEMO_CITIZEN).first()
    company = tax.find_taxpayer(municipality, DEMO_COMPANY[1])
    person = tax.find_taxpayer(municipality, demo_tax_id())
    if user is None or company is None or person is None:
        return None
    published = _publish(municipality)
    today = timezone.localdate()
    link = tax.register_tourist_tax_collector(
        municipality,
        tax_number=company.tax_number,
        name=DEMO_COMPANY[0],
        postal_code="3300",
        settlement="Eger",
        address_line="Koháry István utca 7.",
        key="demo:szallas:kohary",
        description=f"{ACCOMMODATION}, Eger, Koháry István utca 7.",
        valid_from=datetime.date(today.year - 1, 1, 1),
        actor=Actor.system(municipality=municipality),
    )
    filed = 0
    year, month = _months_ago(today, 2)
    if tax.tourist_return_booked(link.tax_object, year, month) is None:
        _file(municipality, user, "ADO-005", tourist_answers(company, year, month))
        filed += 1
    if not tax.declarations_of(municipality, taxpayer=person).exists():
        _file(municipality, user, "ADO-002", _building_answers(person, today))
        filed += 1
    if stdout is not None:
        stdout.write(
            f"  Adóbevallások az Ügyeimben: {published} adóűrlap közzétéve, {filed} bevallás "
            f"benyújtva ({ACCOMMODATION}, {year}. {month:02d}. hó; építményadó-bevallás "
            f"az ügyintéző sorában), {municipality.name}."
        )
    return filed


def _building_answers(person, today):
    return {
        "bevallas_jellege": "valtozas",
        "valtozas_datuma": (today - datetime.timedelta(days=12)).isoformat(),
        "adozo_tipusa": "maganszemely",
        "adozo_neve": "Kovács János",
        "adozo_adoazonosito_jel": person.tax_id,
        "adozo_cime": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Csiky Sándor utca",
            "house_number": "18. 2/5.",
        },
        "ingatlan": [
            {
                "ingatlan_cim": "Eger, Csiky Sándor utca 18. 2/5.",
                "ingatlan_hrsz": PARCEL,
                "ingatlan_fajtaja": "lakas",
                "ingatlan_alapterulet": "71",
                "ingatlan_tulajdoni_hanyad": "1/1",
            }
        ],
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
    }
