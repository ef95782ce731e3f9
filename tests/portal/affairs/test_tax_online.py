"""Local taxes in Ügyeim: the balance of one's own and the represented taxpayers'
accounts, the statements (page and PDF), card payment through the simulated VPOS, and
the tax secret — a stranger, an expired representation or one for another tax type
sees nothing (404)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from services.payments import services as payments
from services.payments.providers import Update
from services.tax import services as tax
from services.tax.constants import ChargeOrigin, TaxType
from services.tax.models import CardPaymentOrder, LinkBasis, PortalLink
from tests.factories.staff import CitizenFactory
from tests.factories.tax import giro, iban, organisation, person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
LAST_YEAR = datetime.date(YEAR - 1, 9, 15)
NEXT = TODAY + datetime.timedelta(days=40)


def link(taxpayer, user):
    """The officer's link between the taxpayer and the portal account (portal_links
    checks the identity; here the link itself is what is tested)."""
    return PortalLink.objects.create(
        municipality=taxpayer.municipality, taxpayer=taxpayer, user=user, basis=LinkBasis.IDENTITY
    )


def charge(taxpayer, amount, due_on, tax_type=TaxType.BUILDING, instalment=1, booked_on=None):
    return tax.book_charge(
        taxpayer,
        tax_type,
        amount,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=due_on,
        booked_on=booked_on or min(due_on, TODAY) - datetime.timedelta(days=30),
        period_year=due_on.year,
        instalment=instalment,
    )


@pytest.fixture
def anna_user(db):
    return CitizenFactory(username="albert-anna", first_name="Anna", last_name="Albert")


@pytest.fixture
def anna(municipality_a, anna_user):
    taxpayer = person(municipality_a, "Albert", "Anna")
    link(taxpayer, anna_user)
    account = giro(serial=5)
    tax.set_collection_account(municipality_a, TaxType.BUILDING, giro=account, iban=iban(account))
    return taxpayer


@pytest.fixture
def debts(anna):
    overdue = charge(anna, 30_000, LAST_YEAR)
    later = charge(anna, 12_500, NEXT, tax_type=TaxType.LAND, instalment=2)
    tax.book_payment(anna, TaxType.BUILDING, 5_000, paid_on=TODAY - datetime.timedelta(days=1))
    return overdue, later


def test_the_balance_shows_overdue_due_paid_and_credit_per_tax_type(client, anna_user, debts):
    client.force_login(anna_user)

    page = client.get(reverse("affairs:tax_balance", args=[debts[0].taxpayer_id])).content.decode()

    assert "Albert Anna" in page and "Alsóvár" in page
    assert "Építményadó" in page and "Telekadó" in page
    assert "25\xa0000\xa0Ft" in page  # 30 000 overdue less the 5 000 paid
    assert "12\xa0500\xa0Ft" in page  # due later
    assert "5\xa0000\xa0Ft" in page  # paid this year
    # the transfer details: the collection account and the identifier for the remark
    assert giro(serial=5) in page and debts[0].taxpayer.identifier in page


def test_the_overview_of_my_affairs_shows_the_taxes_beside_the_cases(client, anna_user, debts):
    client.force_login(anna_user)

    page = client.get(reverse("affairs:index")).content.decode()

    assert "Helyi adók" in page
    assert reverse("affairs:tax_balance", args=[debts[0].taxpayer_id]) in page
    assert "25\xa0000\xa0Ft" in page


def test_the_simple_statement_lists_each_period_and_the_detailed_one_every_booking(
    client, anna_user, debts
):
    client.force_login(anna_user)
    taxpayer_id = debts[0].taxpayer_id

    simple = client.get(reverse("affairs:tax_statement", args=[taxpayer_id]), {"ev": YEAR - 1})
    detailed = client.get(reverse("affairs:tax_detailed", args=[taxpayer_id]), {"ev": YEAR})

    simple_text = simple.content.decode()
    assert f"Építményadó {YEAR - 1}, 1. részlet" in simple_text
    assert "30\xa0000\xa0Ft" in simple_text and "túlfizetés" not in simple_text
    detailed_text = detailed.content.decode()
    # the opening balance carried from last year, the payment and what it paid
    assert "Nyitó egyenleg" in detailed_text and "30\xa0000\xa0Ft" in detailed_text
    assert "Befizetés" in detailed_text and "Elszámolva" in detailed_text
    assert f"Telekadó {NEXT.year}, 2. részlet" in detailed_text or NEXT.year != YEAR


@pytest.mark.parametrize("name", ["affairs:tax_statement_pdf", "affairs:tax_detailed_pdf"])
def test_the_statements_download_as_pdf(client, anna_user, debts, name):
    client.force_login(anna_user)

    response = client.get(reverse(name, args=[debts[0].taxpayer_id]), {"ev": "nem-ev"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"-{YEAR}.pdf" in response["Content-Disposition"]


def _confirm(payment):
    payments.apply_update(
        Update(
            outcome="paid",
            payment_uuid=str(payment.uuid),
            amount=payment.amount,
            currency="HUF",
            event_id=f"evt-{payment.uuid}",
        ),
        payment.provider,
    )


def test_paying_the_chosen_charge_by_card_books_it_and_the_balance_drops_at_once(
    client, anna_user, debts
):
    overdue, later = debts
    client.force_login(anna_user)

    response = client.post(
        reverse("affairs:tax_pay", args=[overdue.taxpayer_id]),
        {"mit": "charges", "tetel": [str(overdue.pk)]},
    )

    assert response.status_code == 302 and "szimulalt-bank" in response["Location"]
    order = CardPaymentOrder.objects.for_municipality(overdue.municipality_id).get()
    assert order.amount == 25_000 and order.payer == anna_user
    payment = payments.payments_for(order).get()
    _confirm(payment)
    result = client.get(reverse("affairs:tax_paid", args=[order.uuid])).content.decode()
    assert "könyveltük" in result
    assert f"Építményadó {YEAR - 1}, 1. részlet" in result and "25\xa0000\xa0Ft" in result
    assert tax.account_state(overdue.taxpayer).open_amount(overdue) == 0
    balance = client.get(reverse("affairs:tax_balance", args=[overdue.taxpayer_id]))
    assert "Lejárt" in balance.content.decode()
    summary = tax.tax_summary(tax.access_to(anna_user, overdue.taxpayer_id))
    assert (summary.overdue, summary.due) == (0, 12_500)


def test_paying_one_tax_type_pays_that_balance_only(client, anna_user, debts):
    overdue, later = debts
    client.force_login(anna_user)

    client.post(
        reverse("affairs:tax_pay", args=[overdue.taxpayer_id]), {"mit": "type", "adonem": "land"}
    )

    order = CardPaymentOrder.objects.for_municipality(overdue.municipality_id).get()
    assert order.parts == [["land", 12_500]]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"mit": "charges"}, "Válasszon legalább egy"),
        ({"mit": "charges", "tetel": ["x"]}, "nem az adózó"),
        ({"mit": "type", "adonem": "vehicle"}, "Válasszon a megjelenített adónemek"),
        ({"mit": "mindent"}, "Válassza ki, mit fizet"),
    ],
)
def test_a_bad_choice_is_refused_in_hungarian_and_books_nothing(
    client, anna_user, debts, data, message
):
    client.force_login(anna_user)
    url = reverse("affairs:tax_pay", args=[debts[0].taxpayer_id])

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CardPaymentOrder.objects.for_municipality(debts[0].municipality_id).exists()


def test_a_charge_of_another_taxpayer_cannot_be_paid_from_my_account(
    client, anna_user, debts, municipality_a
):
    other = person(municipality_a, "Balogh", "Béla")
    foreign = charge(other, 9_000, LAST_YEAR)
    client.force_login(anna_user)

    client.post(
        reverse("affairs:tax_pay", args=[debts[0].taxpayer_id]),
        {"mit": "charges", "tetel": [str(foreign.pk)]},
    )

    assert not CardPaymentOrder.objects.for_municipality(municipality_a).exists()


# -- representation and the tax secret


@pytest.fixture
def company(municipality_a, anna):
    firm = organisation(municipality_a, "Albert és Társa Kft.")
    charge(firm, 80_000, LAST_YEAR, tax_type=TaxType.BUSINESS)
    charge(firm, 4_000, LAST_YEAR, tax_type=TaxType.BUILDING)
    return firm


def _urls(taxpayer_id):
    return [
        reverse(name, args=[taxpayer_id])
        for name in (
            "affairs:tax_balance",
            "affairs:tax_statement",
            "affairs:tax_statement_pdf",
            "affairs:tax_detailed",
            "affairs:tax_detailed_pdf",
        )
    ]


def test_a_representative_sees_the_represented_companys_balance(client, anna_user, company):
    tax.add_representation(
        company, _anna(anna_user), valid_from=TODAY - datetime.timedelta(days=10)
    )
    client.force_login(anna_user)

    page = client.get(reverse("affairs:tax_balance", args=[company.pk])).content.decode()
    overview = client.get(reverse("affairs:index")).content.decode()

    assert "Albert és Társa Kft." in page and "80\xa0000\xa0Ft" in page
    assert "Albert és Társa Kft." in overview


def _anna(user):
    return PortalLink.objects.of_person(user, "user").get().taxpayer


def test_a_representation_for_one_tax_type_shows_that_one_only(client, anna_user, company):
    tax.add_representation(
        company,
        _anna(anna_user),
        valid_from=TODAY - datetime.timedelta(days=10),
        tax_types=[TaxType.BUILDING],
    )
    client.force_login(anna_user)

    page = client.get(reverse("affairs:tax_balance", args=[company.pk])).content.decode()
    url = reverse("affairs:tax_pay", args=[company.pk])
    refused = client.post(url, {"mit": "all"}, follow=True)

    assert "4\xa0000\xa0Ft" in page
    assert "80\xa0000" not in page and "Iparűzési" not in page
    assert "csak egyes adónemekre" in refused.content.decode()


@pytest.mark.parametrize(
    "valid_from, valid_to",
    [
        (TODAY - datetime.timedelta(days=100), TODAY - datetime.timedelta(days=1)),  # expired
        (TODAY + datetime.timedelta(days=1), None),  # not yet in force
        (None, None),  # none at all
    ],
)
def test_a_stranger_or_a_lapsed_representative_gets_404_everywhere(
    client, anna_user, company, valid_from, valid_to
):
    if valid_from is not None:
        tax.add_representation(company, _anna(anna_user), valid_from=valid_from, valid_to=valid_to)
    client.force_login(anna_user)

    for url in _urls(company.pk):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Albert és Társa" not in response.content.decode()
    paying = client.post(reverse("affairs:tax_pay", args=[company.pk]), {"mit": "all"})
    assert paying.status_code == 404
    overview = client.get(reverse("affairs:index")).content.decode()
    assert "Albert és Társa" not in overview


def test_an_ended_link_hides_the_own_account_too(client, anna_user, debts):
    PortalLink.objects.for_municipality(debts[0].municipality_id).update(ended_at=timezone.now())
    client.force_login(anna_user)

    assert client.get(_urls(debts[0].taxpayer_id)[0]).status_code == 404
    assert "25\xa0000" not in client.get(reverse("affairs:tax_index")).content.decode()


def test_a_payment_result_of_another_persons_order_is_404(client, anna_user, debts):
    order = tax.create_card_payment(debts[0].taxpayer, tax_type=TaxType.BUILDING)
    stranger = CitizenFactory(username="idegen")
    client.force_login(stranger)

    assert client.get(reverse("affairs:tax_paid", args=[order.uuid])).status_code == 404
    assert client.get(reverse("affairs:tax_index")).status_code == 200


def test_a_link_in_another_municipality_shows_nothing_of_this_one(
    client, anna_user, debts, municipality_b
):
    namesake = person(municipality_b, "Albert", "Anna", identifier=debts[0].taxpayer.identifier)
    charge(namesake, 777_000, LAST_YEAR)
    client.force_login(anna_user)

    page = client.get(reverse("affairs:tax_index")).content.decode()

    assert "777" not in page
    assert client.get(_urls(namesake.pk)[0]).status_code == 404
    assert re.search(r"Alsóvár", page)


def test_the_payments_page_leads_to_what_a_tax_payment_paid(client, anna_user, debts):
    overdue, _later = debts
    client.force_login(anna_user)
    client.post(
        reverse("affairs:tax_pay", args=[overdue.taxpayer_id]),
        {"mit": "charges", "tetel": [str(overdue.pk)]},
    )
    order = CardPaymentOrder.objects.for_municipality(overdue.municipality_id).get()
    _confirm(payments.payments_for(order).get())

    page = client.get(reverse("affairs:payments")).content.decode()

    assert reverse("affairs:tax_paid", args=[order.uuid]) in page
    assert "Mit fizetett az adóbefizetés" in page


def test_the_demo_links_the_demo_citizen_and_his_company_once(municipality_a):
    from accounts.models import CitizenProfile
    from portal.affairs.tax_demo import load_tax_online_demo

    citizen = CitizenFactory(username="demo-kovacs-janos", first_name="János", last_name="Kovács")
    CitizenProfile.objects.create(
        user=citizen,
        family_name="Kovács",
        given_name="János",
        date_of_birth=datetime.date(1978, 4, 12),
        identification_method="ugyfelkapu_plus",
        assurance_level="substantial",
        last_identified_at=timezone.now(),
    )

    person, company = load_tax_online_demo(municipality_a)

    accesses = tax.accessible_taxpayers(citizen)
    assert [(a.taxpayer, a.own) for a in accesses] == [(person, True), (company, False)]
    # something to pay on both (overdue from mid-March on, as the year's halves fall due)
    assert all(tax.tax_summary(a).overdue + tax.tax_summary(a).due > 0 for a in accesses)
    assert load_tax_online_demo(municipality_a) is None
