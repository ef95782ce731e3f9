"""Building, land and communal tax declarations filed on the portal: checked against the
register before submission (the parcel exists, a share is a fraction, an ended obligation
was held), registered, queued for the tax officer, and on acceptance written into the
register from their effective date; a refusal needs a reason; every step is in the
history."""

import datetime

import pytest
from django.utils import timezone, translation

from services.forms.validation import SubmissionInvalid
from services.tax.constants import TaxType
from services.tax.models import (
    DeclarationState,
    Ownership,
    PropertyDeclaration,
    TaxObject,
)
from services.tax.services import TaxError, property_details_on
from services.tax.services.property_declarations import (
    accept_declaration,
    declaration_history,
    refuse_declaration,
)
from tests.factories.intake import submit_form
from tests.factories.tax import building

from .conftest import published

pytestmark = pytest.mark.django_db


def building_answers(company, **changes):
    answers = {
        "bevallas_jellege": "uj",
        "valtozas_datuma": (timezone.localdate() - datetime.timedelta(days=20)).isoformat(),
        "adozo_tipusa": "gazdalkodo",
        "adozo_neve": "Minaret Vendéglátó Kft.",
        "adozo_adoszama": company.tax_number,
        "adozo_cime": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Széchenyi utca",
            "house_number": "2",
        },
        "ingatlan": [
            {
                "ingatlan_cim": "Eger, Knézich Károly utca 4.",
                "ingatlan_hrsz": "4711/2",
                "ingatlan_fajtaja": "uzlet",
                "ingatlan_alapterulet": "240",
                "ingatlan_tulajdoni_hanyad": "1/2",
            }
        ],
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
    }
    answers.update(changes)
    return answers


@pytest.fixture
def parcel(eger):
    return building(eger, parcel="4711/2", area="220")


def test_a_building_tax_declaration_waits_for_the_officer_then_updates_the_register(
    eger, provider, parcel
):
    company, _anna, user = provider
    form = published(eger, "ADO-002")

    submission = submit_form(form, building_answers(company), user=user)

    declaration = PropertyDeclaration.objects.for_municipality(eger).get()
    assert declaration.registry_number == submission.registry_number
    assert (declaration.tax_type, declaration.state) == (
        TaxType.BUILDING,
        DeclarationState.RECEIVED,
    )
    # Nothing in the register yet: the officer checks first.
    assert not Ownership.objects.for_municipality(eger).filter(holder=company).exists()

    accept_declaration(declaration)

    effective_on = declaration.effective_on
    share = Ownership.objects.for_municipality(eger).get(holder=company, property=parcel)
    assert (share.share_numerator, share.share_denominator) == (1, 2)
    assert share.valid_from == effective_on
    assert property_details_on(parcel, effective_on).area_m2 == 240
    assert property_details_on(parcel, effective_on - datetime.timedelta(days=1)).area_m2 == 220
    assert (
        TaxObject.objects.for_municipality(eger)
        .filter(property=parcel, tax_type=TaxType.BUILDING, valid_from=effective_on)
        .exists()
    )
    assert [e.state for e in declaration_history(declaration)] == ["received", "accepted"]
    with pytest.raises(TaxError):
        accept_declaration(declaration)


def test_a_refusal_needs_a_reason_and_changes_nothing(eger, provider, parcel):
    company, _anna, user = provider
    submit_form(published(eger, "ADO-002"), building_answers(company), user=user)
    declaration = PropertyDeclaration.objects.for_municipality(eger).get()

    with pytest.raises(TaxError):
        refuse_declaration(declaration, reason=" ")
    refuse_declaration(declaration, reason="A tulajdoni lap szerint 1/3 a hányad.")

    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.REFUSED
    assert not Ownership.objects.for_municipality(eger).filter(holder=company).exists()


def errors_of(form, answers, user):
    with pytest.raises(SubmissionInvalid) as refused, translation.override("hu"):
        submit_form(form, answers, user=user)
    return refused.value.errors


def test_an_unknown_parcel_is_refused_in_hungarian(eger, provider, parcel):
    company, _anna, user = provider
    answers = building_answers(company)
    answers["ingatlan"][0]["ingatlan_hrsz"] = "9999/1"

    errors = errors_of(published(eger, "ADO-002"), answers, user)

    assert "9999/1" in errors["ingatlan__0__ingatlan_hrsz"][0]
    assert "ingatlan-nyilvántartás" in errors["ingatlan__0__ingatlan_hrsz"][0]
    assert not PropertyDeclaration.objects.for_municipality(eger).exists()


def test_a_share_must_be_a_fraction(eger, provider, parcel):
    company, _anna, user = provider
    answers = building_answers(company)
    answers["ingatlan"][0]["ingatlan_tulajdoni_hanyad"] = "fele"

    errors = errors_of(published(eger, "ADO-002"), answers, user)

    assert "1/2" in errors["ingatlan__0__ingatlan_tulajdoni_hanyad"][0]


def test_ending_an_obligation_not_held_is_refused(eger, provider, parcel):
    company, _anna, user = provider

    errors = errors_of(
        published(eger, "ADO-002"), building_answers(company, bevallas_jellege="megszunes"), user
    )

    assert (
        "nincs" in errors["ingatlan__0__ingatlan_hrsz"][0]
        or "nem" in errors["ingatlan__0__ingatlan_hrsz"][0]
    )


def test_a_future_date_is_refused(eger, provider, parcel):
    company, _anna, user = provider
    later = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    errors = errors_of(
        published(eger, "ADO-002"), building_answers(company, valtozas_datuma=later), user
    )

    assert "jövőben" in errors["valtozas_datuma"][0]


@pytest.fixture
def eger_tax_officer(make_staff, eger):
    from sites.constants import StaffRole

    return make_staff(eger, StaffRole.TAX_OFFICER, username="adougyintezo_eger")


def test_the_officer_sees_the_queue_and_accepts_on_the_screen(
    client, eger, provider, parcel, eger_tax_officer
):
    from django.urls import reverse

    company, _anna, user = provider
    submit_form(published(eger, "ADO-002"), building_answers(company), user=user)
    declaration = PropertyDeclaration.objects.for_municipality(eger).get()
    client.force_login(eger_tax_officer)

    queue = client.get(reverse("tax_admin:declarations", args=[eger.pk]))
    card = client.get(reverse("tax_admin:taxpayer", args=[eger.pk, company.pk]))
    url = reverse("tax_admin:declaration", args=[eger.pk, declaration.pk])
    shown = client.get(url)
    client.post(url, {"action": "accept"})

    assert declaration.registry_number in queue.content.decode()
    assert declaration.registry_number in card.content.decode()
    assert "4711/2" in shown.content.decode()
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.ACCEPTED
    assert Ownership.objects.for_municipality(eger).filter(holder=company).exists()


def test_a_land_tax_declaration_writes_the_plot_and_its_share(eger, provider):
    from services.tax.constants import PropertyKind, UseCategory

    company, _anna, user = provider
    plot = building(
        eger, parcel="0812/4", area="1500", kind=PropertyKind.PLOT, use_category=UseCategory.OTHER
    )
    answers = building_answers(company)
    del answers["ingatlan"]
    answers["telek"] = [
        {
            "telek_cim": "Eger, Kistályai út 80.",
            "telek_hrsz": "0812/4",
            "telek_terulete": "1480",
            "telek_tulajdoni_hanyad": "1/1",
        }
    ]

    submit_form(published(eger, "ADO-003"), answers, user=user)
    declaration = PropertyDeclaration.objects.for_municipality(eger).get()
    accept_declaration(declaration)

    assert declaration.tax_type == TaxType.LAND
    assert property_details_on(plot, declaration.effective_on).area_m2 == 1480
    assert (
        TaxObject.objects.for_municipality(eger)
        .filter(property=plot, tax_type=TaxType.LAND)
        .exists()
    )


def test_a_communal_tax_declaration_needs_the_tax_office_to_know_the_person(eger, provider):
    _company, anna, user = provider
    building(eger, parcel="4711/2")
    answers = {
        "bevallas_jellege": "uj",
        "valtozas_datuma": (timezone.localdate() - datetime.timedelta(days=5)).isoformat(),
        "adozo_neve": "Kiss Anna",
        "adozo_adoazonosito_jel": anna.tax_id,
        "adozo_cime": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Dobó tér",
            "house_number": "1",
        },
        "adotargy_jellege": "tulajdon",
        "ingatlan": [
            {
                "ingatlan_cim": "Eger, Dobó tér 1.",
                "ingatlan_hrsz": "4711/2",
                "ingatlan_fajtaja": "lakas",
            }
        ],
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
    }
    form = published(eger, "ADO-004")

    submit_form(form, answers, user=user)

    declaration = PropertyDeclaration.objects.for_municipality(eger).get()
    assert (declaration.taxpayer, declaration.tax_type) == (anna, TaxType.COMMUNAL)
    from tests.factories.tax import tax_id

    unknown = tax_id()  # a valid identifier the register does not hold
    errors = errors_of(form, {**answers, "adozo_adoazonosito_jel": unknown}, user)
    assert "nem szerepel" in errors["adozo_adoazonosito_jel"][0]
