import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from services.tax import services as tax
from services.tax.constants import RightKind, TaxObjectKind, TaxpayerKind, TaxType
from services.tax.models import HistoryError, Ownership, Taxpayer, TaxpayerDetails
from services.tax.services.errors import TaxError
from tests.factories.tax import building, organisation, person, tax_id

JAN_1_2025 = datetime.date(2025, 1, 1)
JAN_1_2026 = datetime.date(2026, 1, 1)


def test_a_person_is_registered_by_a_checked_tax_id_and_named_family_name_first(municipality_a):
    taxpayer = person(municipality_a, "Nagy", "Béla", identifier="8000 0000 16")
    assert taxpayer.tax_id == "8000000016" and taxpayer.kind == TaxpayerKind.PERSON
    assert tax.details_on(taxpayer, JAN_1_2025).name == "Nagy Béla"
    assert tax.find_taxpayer(municipality_a, "8000000016") == taxpayer


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("8000000017", "utolsó számjegye"),  # the check digit does not match
        ("7000000016", "8-as"),  # a person's number starts with 8
        ("80000", "10 számjegy"),
    ],
)
def test_a_mistyped_tax_id_is_refused_in_hungarian(municipality_a, identifier, message):
    with pytest.raises(tax.TaxError, match=message):
        person(municipality_a, identifier=identifier)
    assert not Taxpayer.objects.for_municipality(municipality_a).exists()


def test_an_organisation_is_registered_by_its_tax_number(municipality_a):
    company = organisation(municipality_a, "Egri Pékség Kft.")
    assert company.tax_number.endswith("-2-41") and company.tax_id == ""
    with pytest.raises(tax.TaxError, match="adószám"):
        tax.register_taxpayer(
            municipality_a,
            kind=TaxpayerKind.ORGANISATION,
            identifier="12345678-2-41",  # the 8th digit does not check the first seven
            valid_from=JAN_1_2025,
            family_name="Hibás Kft.",
            postal_code="3300",
            settlement="Eger",
            address_line="Fő utca 1.",
            delivery_channel="post",
        )


def test_the_same_taxpayer_twice_is_refused_but_another_municipality_may_register_them(
    municipality_a, municipality_b
):
    number = tax_id()
    person(municipality_a, identifier=number)
    with pytest.raises(tax.TaxError, match="már nyilvántartásban"):
        person(municipality_a, identifier=number)
    assert person(municipality_b, identifier=number).municipality == municipality_b


def test_a_change_of_address_keeps_the_old_one_for_the_days_before_it(municipality_a):
    taxpayer = person(municipality_a, valid_from=datetime.date(2020, 1, 1))
    tax.change_taxpayer(
        taxpayer,
        valid_from=datetime.date(2025, 6, 1),
        address_line="Kossuth utca 5.",
        delivery_channel="post",
    )
    before = tax.details_on(taxpayer, datetime.date(2025, 5, 31))
    after = tax.details_on(taxpayer, datetime.date(2025, 6, 1))
    assert before.address_line == "Dobó tér 1." and before.delivery_channel == "portal"
    assert after.address_line == "Kossuth utca 5." and after.delivery_channel == "post"
    assert after.family_name == before.family_name  # what did not change is carried over
    assert before.valid_to == datetime.date(2025, 6, 1)
    # A change effective before the current record's start would rewrite history.
    with pytest.raises(tax.TaxError, match="2025-06-01"):
        tax.change_taxpayer(taxpayer, valid_from=datetime.date(2025, 3, 1), settlement="Eger")


def test_a_dated_row_is_only_closed_never_changed_or_deleted(municipality_a):
    taxpayer = person(municipality_a)
    details = TaxpayerDetails.objects.for_municipality(municipality_a).get(taxpayer=taxpayer)
    details.family_name = "Átírt"
    with pytest.raises(HistoryError):
        details.save()
    with pytest.raises(HistoryError):
        details.delete()
    with pytest.raises(HistoryError):
        taxpayer.delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE tax_taxpayerdetails SET family_name = 'Átírt'",
        "UPDATE tax_taxpayerdetails SET valid_to = '2030-01-01', address_line = 'x'",
        "DELETE FROM tax_taxpayerdetails",
        "UPDATE tax_taxpayer SET tax_id = '8000000016'",
        "DELETE FROM tax_ownership",
    ],
)
def test_the_database_refuses_rewriting_register_history(municipality_a, statement):
    taxpayer = person(municipality_a)
    tax.record_ownership(building(municipality_a), taxpayer, share=(1, 1), valid_from=JAN_1_2025)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)


def test_the_database_lets_a_dated_row_be_closed(municipality_a):
    taxpayer = person(municipality_a)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tax_taxpayerdetails SET valid_to = '2030-01-01' WHERE taxpayer_id = %s",
            [taxpayer.pk],
        )
    assert tax.details_on(taxpayer, datetime.date(2030, 1, 1)) is None


def test_ownership_on_1_january_follows_a_sale_during_the_year(municipality_a):
    seller, buyer = person(municipality_a, "Eladó", "Ede"), person(municipality_a, "Vevő", "Vera")
    house = building(municipality_a, parcel="2345")
    share = tax.record_ownership(house, seller, share=(1, 1), valid_from=datetime.date(2020, 1, 1))
    tax.transfer_share(share, buyer, on=datetime.date(2025, 7, 10))

    in_2025 = tax.state_on(municipality_a, JAN_1_2025)
    in_2026 = tax.state_on(municipality_a, JAN_1_2026)
    assert [row.holder for row in in_2025.holders_of(house)] == [seller]
    assert [row.holder for row in in_2026.holders_of(house)] == [buyer]
    assert in_2026.holdings_of(seller) == []
    assert in_2026.properties[house.pk].area_m2 == 80


def test_co_owners_shares_cannot_exceed_the_whole(municipality_a):
    house = building(municipality_a)
    husband, wife, third = (
        person(municipality_a, name) for name in ("Kovács", "Kovácsné", "Harmadik")
    )
    tax.record_ownership(house, husband, share=(1, 2), valid_from=JAN_1_2025)
    tax.record_ownership(house, wife, share=(1, 2), valid_from=JAN_1_2025)
    with pytest.raises(tax.TaxError, match="egészét"):
        tax.record_ownership(house, third, share=(1, 3), valid_from=JAN_1_2025)
    # A usufruct is another right: it is held beside the ownership.
    tax.record_ownership(
        house, third, share=(1, 1), right=RightKind.USUFRUCT, valid_from=JAN_1_2025
    )
    assert len(tax.state_on(municipality_a, JAN_1_2025).holders_of(house)) == 3
    with pytest.raises(tax.TaxError):
        tax.record_ownership(house, third, share=(3, 2), valid_from=JAN_1_2026)


def test_a_change_of_area_takes_effect_from_its_date(municipality_a):
    house = building(municipality_a, area="80")
    tax.change_property(house, valid_from=datetime.date(2025, 9, 1), area_m2="120.5")
    assert tax.property_details_on(house, JAN_1_2025).area_m2 == 80
    assert str(tax.property_details_on(house, JAN_1_2026).area_m2) == "120.50"
    with pytest.raises(tax.TaxError, match="0 m²"):
        tax.change_property(house, valid_from=datetime.date(2026, 3, 1), area_m2="0")


def test_a_representation_covers_its_tax_types_and_its_period(municipality_a):
    mother, son = person(municipality_a, "Szabó", "Mária"), person(municipality_a, "Szabó", "Péter")
    tax.add_representation(
        mother,
        son,
        valid_from=JAN_1_2025,
        valid_to=JAN_1_2026,
        tax_types=[TaxType.BUILDING],
    )
    assert tax.may_act_for(son, mother, TaxType.BUILDING, datetime.date(2025, 5, 1))
    assert not tax.may_act_for(son, mother, TaxType.COMMUNAL, datetime.date(2025, 5, 1))
    assert not tax.may_act_for(son, mother, TaxType.BUILDING, JAN_1_2026)
    assert not tax.may_act_for(mother, son, TaxType.BUILDING, datetime.date(2025, 5, 1))


def test_tax_objects_and_closing_one(municipality_a):
    owner = person(municipality_a)
    house = building(municipality_a)
    hotel = organisation(municipality_a, "Panzió Kft.")
    building_tax = tax.register_tax_object(
        municipality_a,
        tax_type=TaxType.BUILDING,
        kind=TaxObjectKind.PROPERTY,
        property=house,
        valid_from=JAN_1_2025,
    )
    tax.register_tax_object(
        municipality_a,
        tax_type=TaxType.TOURIST,
        kind=TaxObjectKind.ACCOMMODATION,
        taxpayer=hotel,
        description="Vár Panzió",
        valid_from=JAN_1_2025,
    )
    with pytest.raises(tax.TaxError):
        tax.register_tax_object(
            municipality_a,
            tax_type=TaxType.BUSINESS,
            kind=TaxObjectKind.BUSINESS_SITE,
            valid_from=JAN_1_2025,
        )
    tax.end(building_tax, valid_to=datetime.date(2025, 12, 31))
    with pytest.raises(tax.TaxError):
        tax.end(building_tax, valid_to=datetime.date(2026, 2, 1))
    assert len(tax.state_on(municipality_a, datetime.date(2025, 6, 1)).tax_objects) == 2
    assert [o.tax_type for o in tax.state_on(municipality_a, JAN_1_2026).tax_objects] == [
        TaxType.TOURIST
    ]
    assert owner  # the owner is found through the ownership, not the object


def test_registers_never_mix_municipalities(municipality_a, municipality_b):
    a_owner = person(municipality_a)
    b_house = building(municipality_b)
    with pytest.raises(tax.TaxError, match="különböző"):
        tax.record_ownership(b_house, a_owner, share=(1, 1), valid_from=JAN_1_2025)
    b_owner = person(municipality_b, identifier=a_owner.tax_id)
    tax.record_ownership(b_house, b_owner, share=(1, 1), valid_from=JAN_1_2025)
    assert tax.state_on(municipality_a, JAN_1_2025).ownerships == []
    assert list(tax.state_on(municipality_a, JAN_1_2025).taxpayers) == [a_owner.pk]
    assert not Ownership.objects.for_municipality(municipality_a).exists()
    assert tax.find_taxpayer(municipality_a, a_owner.tax_id) == a_owner
    assert tax.find_taxpayer(municipality_b, a_owner.tax_id) == b_owner


@pytest.mark.django_db
def test_an_area_is_read_as_people_write_it(municipality_a):
    prop = building(municipality_a, parcel="4321/7", area="1 093,5")
    assert tax.property_details_on(prop, datetime.date(2021, 1, 1)).area_m2 == Decimal("1093.5")
    with pytest.raises(TaxError):
        building(municipality_a, parcel="4321/8", area="kilencven")
