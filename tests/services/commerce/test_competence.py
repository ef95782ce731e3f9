"""Which notary: 210/2009. (IX. 29.) Korm. rendelet 2. § a) the seat's for mobile shop,
outside a shop, mail order, vending machine and vehicle; b) the place's for the rest."""

import pytest

from services.commerce import services as commerce
from services.commerce.constants import SEAT_COMPETENT_FORMS, TradingForm

pytestmark = pytest.mark.django_db

SEAT_FORMS = sorted(SEAT_COMPETENT_FORMS)
PLACE_FORMS = sorted(set(TradingForm.values) - SEAT_COMPETENT_FORMS)


def test_the_decree_names_exactly_five_seat_competent_forms():
    assert set(SEAT_FORMS) == {
        "mobile_shop",
        "outside_shop",
        "mail_order",
        "vending_machine",
        "vehicle",
    }
    assert len(TradingForm.values) == 10


@pytest.mark.parametrize("form", SEAT_FORMS)
def test_seat_forms_go_to_the_notary_of_the_seat(municipality_a, municipality_b, form):
    found = commerce.competent_municipality(
        [form], seat_ksh_code=municipality_a.ksh_code, place_ksh_code=municipality_b.ksh_code
    )
    assert found.municipality == municipality_a
    assert found.by_seat
    assert "2. § a)" in found.reason


@pytest.mark.parametrize("form", PLACE_FORMS)
def test_other_forms_go_to_the_notary_of_the_place(municipality_a, municipality_b, form):
    found = commerce.competent_municipality(
        [form], seat_ksh_code=municipality_a.ksh_code, place_ksh_code=municipality_b.ksh_code
    )
    assert found.municipality == municipality_b
    assert not found.by_seat
    assert "2. § b)" in found.reason


def test_mixing_seat_and_place_forms_is_refused_with_a_reason(municipality_a, municipality_b):
    found = commerce.competent_municipality(
        [TradingForm.SHOP, TradingForm.MAIL_ORDER],
        seat_ksh_code=municipality_a.ksh_code,
        place_ksh_code=municipality_b.ksh_code,
    )
    assert not found
    assert "külön" in found.reason


def test_a_municipality_not_on_the_platform_is_explained(municipality_a):
    found = commerce.competent_municipality(
        [TradingForm.SHOP], seat_ksh_code=municipality_a.ksh_code, place_ksh_code="99999"
    )
    assert found.municipality is None
    assert "közvetlenül" in found.reason


def test_precious_metal_jewellery_is_not_the_notarys(municipality_a):
    found = commerce.competent_municipality(
        [TradingForm.SHOP],
        seat_ksh_code=municipality_a.ksh_code,
        place_ksh_code=municipality_a.ksh_code,
        precious_metal=True,
    )
    assert found.municipality is None
    assert "nemesfém" in found.reason


def test_no_form_is_refused(municipality_a):
    assert not commerce.competent_municipality([], seat_ksh_code=municipality_a.ksh_code)


def test_the_reason_is_in_hungarian_for_the_citizen(municipality_a):
    from django.utils import translation

    with translation.override("hu"):
        found = commerce.competent_municipality(
            [TradingForm.SHOP], seat_ksh_code=municipality_a.ksh_code, place_ksh_code="99999"
        )
    assert "közvetlenül" in found.reason


def test_a_settlement_not_on_the_platform_is_named_in_the_refusal(municipality_a):
    from django.utils import translation

    with translation.override("hu"):
        found = commerce.route(
            [TradingForm.SHOP],
            seat={"postal_code": "3200", "settlement": municipality_a.name},
            place={"postal_code": "3200", "settlement": "Gyöngyös"},
        )

    assert found.municipality is None
    assert "Gyöngyös jegyzője" in found.reason and "közvetlenül" in found.reason


def test_a_settlement_on_the_platform_is_routed_there(municipality_a, municipality_b):
    found = commerce.route(
        [TradingForm.SHOP],
        seat={"postal_code": "3200", "settlement": municipality_a.name},
        place={"postal_code": municipality_b.postal_code, "settlement": municipality_b.name},
    )

    assert found.municipality == municipality_b
