"""The register's cross-links into the tax registers (issue #17, item 6): a shop or site
registers its operator for local business tax, an accommodation sets up the tourist-tax
collector — through services.tax's façade, idempotently, and shown on the card and queue."""

import datetime

import pytest
from django.urls import reverse

from services.commerce import services as commerce
from services.commerce.models import Place, Shop
from services.tax import services as tax
from services.tax.constants import TaxObjectKind, TaxpayerKind, TaxType
from services.tax.models import TaxObject, Taxpayer
from sites.actor import Actor
from sites.constants import StaffRole
from tests.factories.commerce import DAY, company, register_shop, sole_trader

pytestmark = pytest.mark.django_db
TAX_NUMBER = "12345676-2-10"


@pytest.fixture
def desk(client, make_staff, municipality_a):
    client.force_login(
        make_staff(municipality_a, StaffRole.TRADE_OFFICER, username="kerugyintezo_a")
    )
    return client


def _objects(municipality, **lookup):
    return TaxObject.objects.for_municipality(municipality).filter(**lookup)


def test_linking_a_shop_creates_the_taxpayer_and_its_business_tax_object_once(municipality_a):
    trade = register_shop(municipality_a, trader=company("Kékfény Kft.", tax_number=TAX_NUMBER))
    actor = Actor.system(municipality=municipality_a)

    assert commerce.tax_links.link(trade.trader, "business", actor=actor) == 1
    assert commerce.tax_links.link(trade.trader, "business", actor=actor) == 0

    taxpayer = Taxpayer.objects.for_municipality(municipality_a).get()
    assert (taxpayer.kind, taxpayer.tax_number) == (TaxpayerKind.ORGANISATION, "12345676-2-10")
    details = tax.details_on(taxpayer, DAY)
    assert details.name == "Kékfény Kft." and details.settlement == "Eger"
    shop = Shop.objects.for_municipality(municipality_a).get(place__trade=trade)
    business = _objects(municipality_a, taxpayer=taxpayer).get()
    assert (business.tax_type, business.kind) == (TaxType.BUSINESS, TaxObjectKind.BUSINESS_SITE)
    assert business.description.startswith(f"[ipar:uzlet:{shop.pk}] Dobó Csemege")
    assert business.valid_from == DAY  # liable from the day the shop opened


def test_an_existing_taxpayer_is_found_by_tax_number_and_a_second_shop_adds_an_object(
    municipality_a,
):
    existing = tax.register_taxpayer(
        municipality_a,
        kind=TaxpayerKind.ORGANISATION,
        identifier="12345676210",
        valid_from=datetime.date(2020, 1, 1),
        family_name="Kékfény Kft. (adóhatóságnál)",
        postal_code="3300",
        settlement="Eger",
        address_line="Régi utca 1.",
        delivery_channel="post",
    )
    trade = register_shop(municipality_a, trader=company("Kékfény Kft.", tax_number=TAX_NUMBER))
    actor = Actor.system(municipality=municipality_a)
    commerce.tax_links.link(trade.trader, "business", actor=actor)
    register_shop(municipality_a, trader=trade.trader, street="Jókai utca 2.", name="Második bolt")

    assert commerce.tax_links.link(trade.trader, "business", actor=actor) == 1

    assert Taxpayer.objects.for_municipality(municipality_a).get() == existing
    # the tax office's own details are left as they are
    assert tax.details_on(existing, DAY).address_line == "Régi utca 1."
    assert _objects(municipality_a, taxpayer=existing, tax_type=TaxType.BUSINESS).count() == 2


def test_an_accommodation_sets_up_the_tourist_tax_collector(municipality_a):
    trade = register_shop(municipality_a, trader=company("Panzió Kft.", tax_number=TAX_NUMBER))
    actor = Actor.system(municipality=municipality_a)
    accommodation = commerce.register_accommodation(
        municipality_a,
        actor=actor,
        operator=trade.trader,
        received_on=DAY,
        kind="panzio",
        name="Minaret Panzió",
        rooms=3,
        beds=6,
        postal_code="3300",
        settlement="Eger",
        street="Knézich Károly utca 4.",
    )

    assert commerce.tax_links.link(trade.trader, "tourist", actor=actor) == 1
    assert commerce.tax_links.link(trade.trader, "tourist", actor=actor) == 0

    tourist = _objects(municipality_a, tax_type=TaxType.TOURIST).get()
    assert tourist.kind == TaxObjectKind.ACCOMMODATION
    assert tourist.description.startswith(f"[ipar:szallashely:{accommodation.pk}]")
    # the shop is not registered by the tourist-tax link
    assert not _objects(municipality_a, tax_type=TaxType.BUSINESS).exists()
    targets, _taxpayer = commerce.tax_links.targets(trade.trader)
    assert {(t.tax, t.linked) for t in targets} == {("tourist", True), ("business", False)}


def test_a_closed_shop_is_no_longer_prompted(municipality_a):
    trade = register_shop(municipality_a, trader=company(tax_number=TAX_NUMBER))
    place = Place.objects.for_municipality(municipality_a).get(trade=trade)
    commerce.close_place(
        place, actor=Actor.system(), received_on=DAY, closed_on=DAY + datetime.timedelta(days=1)
    )
    targets, _taxpayer = commerce.tax_links.targets(trade.trader)
    assert targets == []
    with pytest.raises(commerce.CommerceError):
        commerce.tax_links.link(trade.trader, "business", actor=Actor.system())


def test_the_card_shows_the_state_and_the_button_registers(desk, municipality_a):
    trade = register_shop(municipality_a, trader=sole_trader(tax_number=TAX_NUMBER))
    card = reverse("commerce_admin:trader", args=[municipality_a.pk, trade.trader_id])

    page = desk.get(card).content.decode()
    assert "még nincs bejelentve" in page and 'value="business_tax"' in page

    response = desk.post(card, {"action": "business_tax"})
    assert response.status_code == 302
    page = desk.get(card).content.decode()
    assert "bejelentve az adóhatóságnál" in page and 'value="business_tax"' not in page
    assert _objects(municipality_a, tax_type=TaxType.BUSINESS).count() == 1
    # pressed again (an old tab): nothing is added
    desk.post(card, {"action": "business_tax"})
    assert _objects(municipality_a, tax_type=TaxType.BUSINESS).count() == 1


def test_the_queue_prompts_for_a_new_shop_and_its_button_registers(desk, municipality_a):
    trade = register_shop(municipality_a, trader=company(tax_number=TAX_NUMBER))
    queue = reverse("commerce_admin:queue", args=[municipality_a.pk])

    page = desk.get(queue).content.decode()
    assert "helyi iparűzési adó" in page.lower() and 'value="business_tax"' in page

    desk.post(queue, {"action": "business_tax", "trader": trade.trader_id})

    assert _objects(municipality_a, tax_type=TaxType.BUSINESS).count() == 1
    assert 'value="business_tax"' not in desk.get(queue).content.decode()


def test_a_trader_without_tax_number_gets_a_clear_refusal(desk, municipality_a):
    trade = register_shop(municipality_a, trader=sole_trader(tax_number=""))
    card = reverse("commerce_admin:trader", args=[municipality_a.pk, trade.trader_id])
    response = desk.post(card, {"action": "business_tax"}, follow=True)
    assert "adószáma" in response.content.decode()
    assert not TaxObject.objects.unscoped().exists()


def test_a_trader_of_b_cannot_be_linked_from_as_desk(desk, municipality_a, municipality_b):
    theirs = register_shop(municipality_b, trader=company(tax_number=TAX_NUMBER))
    queue = reverse("commerce_admin:queue", args=[municipality_a.pk])
    desk.post(queue, {"action": "business_tax", "trader": theirs.trader_id})
    card = reverse("commerce_admin:trader", args=[municipality_a.pk, theirs.trader_id])
    assert desk.post(card, {"action": "business_tax"}).status_code == 404
    assert not TaxObject.objects.unscoped().exists()
