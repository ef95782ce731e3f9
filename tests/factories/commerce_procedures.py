"""Licence applications (IPAR-005, IPAR-007) and industrial notifications (IPAR-006) of
the central library, adopted, published and submitted the way a citizen sends them."""

from services.forms import services as forms
from tests.factories.forms import library_template
from tests.factories.intake import submit_form
from tests.factories.tax import tax_number


def published(municipality, code):
    form = forms.adopt(municipality, library_template(code))
    forms.publish(form)
    return form


def _address(municipality, street="Fő utca", number="12"):
    # A postal code the platform does not know, so any settlement name is accepted.
    return {
        "postal_code": "9999",
        "settlement": municipality.name,
        "street": street,
        "house_number": number,
    }


def trader_answers(municipality, name="Festékház Kft.", number=None):
    number = number or tax_number()
    return {
        "kerelmezo_neve": name,
        "kerelmezo_formaja": "company",
        "kerelmezo_szekhelye": _address(municipality, "Ipar utca", "1"),
        "cegjegyzekszam": "10-09-123456",
        "kerelmezo_adoszama": number,
        "statisztikai_szamjel": f"{number[:8]}-4752-113-10",
        "kerelmezo_email": "iroda@example.hu",
        "nyilatkozat": "on",
        "kelt_helye": municipality.name,
    }


def licence_answers(municipality, products=("L2",), inspection=False, **extra):
    return {
        **trader_answers(municipality),
        "uzlet_cime": _address(municipality, "Fő utca", "12"),
        "uzlet_helyrajzi_szama": "1234/5",
        "uzlet_elnevezese": "Színes Festékbolt",
        "uzlet_alapterulete": "80",
        "hasznalati_jogcim": "lease",
        "uzletkoteles_termekek": list(products),
        "kereskedelem_jellege": ["kiskereskedelem"],
        **({"helyszini_szemle": "on"} if inspection else {}),
        **extra,
    }


def site_answers(municipality, activity="1/5", zone="Gksz", **extra):
    answers = {
        **trader_answers(municipality, name="Kovász Pékség Kft."),
        "telep_cime": _address(municipality, "Malom utca", "4"),
        "telep_helyrajzi_szama": "567/2",
        "telep_elnevezese": "Kovász pékműhely",
        "ovezet": zone,
        "ipari_tevekenyseg": activity,
        "hasznalati_jogcim": "owner",
        **extra,
    }
    return answers


def notify_industry(municipality, **answers):
    form = published(municipality, "IPAR-006")
    data = site_answers(municipality, **answers)
    data.setdefault("megkezdes_datuma", "2026-12-15")
    return submit_form(form, data)


def apply_for_site_licence(municipality, **answers):
    form = published(municipality, "IPAR-007")
    data = site_answers(municipality, activity="2/2", zone="Lk", **answers)
    data.setdefault("szomszedok", "Nagy Péter, Malom utca 6.")
    from tests.portal.journey.conftest import pdf

    return submit_form(form, data, files={"helyszinrajz": pdf("helyszinrajz.pdf")})


def apply_for_licence(municipality, **answers):
    return submit_form(
        published(municipality, "IPAR-005"), licence_answers(municipality, **answers)
    )
