"""The library's tax forms go through the one submission process: checked against the
tax register before submission (in Hungarian, on the field), registered in the registry,
and booked on the taxpayer account on registration with the registry number — a
tourist-tax return filed on the portal appears on the provider's account."""

import datetime

import pytest
from django.utils import timezone, translation

from services.documents.models import Case
from services.forms import services as forms
from services.forms.validation import SubmissionInvalid
from services.tax import services as tax
from services.tax.constants import ChargeOrigin, EntryKind, TaxType
from services.tax.models import LedgerEntry, OverpaymentRequest, RequestKind
from services.tax.services import returns
from tests.factories.intake import submit_form
from tests.factories.municipalities import UserFactory

from .conftest import published

pytestmark = pytest.mark.django_db


def last_month(today=None):
    today = today or timezone.localdate()
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def tourist_answers(company, **changes):
    year, month = last_month()
    answers = {
        "ev": str(year),
        "honap": f"{month:02d}",
        "beszedo_tipusa": "gazdalkodo",
        "beszedo_neve": "Minaret Vendéglátó Kft.",
        "beszedo_adoszama": company.tax_number,
        "beszedo_cime": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Knézich Károly utca",
            "house_number": "4",
        },
        "szallashely_neve": "Minaret Panzió",
        "szallashely_cime": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Knézich Károly utca",
            "house_number": "4",
        },
        "osszes_vendegejszaka": "412",
        "mentes_vendegejszaka": "37",
        "adokoteles_vendegejszaka": "375",
        "beszedett_ado": "187500",
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
    }
    answers.update(changes)
    return answers


def errors_of(form, answers, user):
    with pytest.raises(SubmissionInvalid) as refused, translation.override("hu"):
        submit_form(form, answers, user=user)
    return refused.value.errors


def test_every_tax_form_has_its_check_and_receiver():
    for code in ("ADO-001", "ADO-005", "ADO-009", "ADO-010"):
        assert code in forms.answer_checks
        assert code in forms.submission_receivers


def test_a_tourist_tax_return_filed_on_the_portal_appears_on_the_providers_account(eger, provider):
    company, _anna, user = provider
    form = published(eger, "ADO-005")

    submission = submit_form(form, tourist_answers(company), user=user)

    year, month = last_month()
    charge = LedgerEntry.objects.for_municipality(eger).get(taxpayer=company)
    assert (charge.kind, charge.origin, charge.tax_type) == (
        EntryKind.CHARGE,
        ChargeOrigin.RETURN,
        TaxType.TOURIST,
    )
    assert charge.amount == 187_500
    assert (charge.period_year, charge.instalment) == (year, month)
    # Due on the 15th of the next month, or the next working day.
    following = datetime.date(year + month // 12, month % 12 + 1, 15)
    assert following <= charge.due_on <= following + datetime.timedelta(days=4)
    # Registered in the registry, and the entry names its registry number.
    assert submission.registry_number
    assert charge.reference == submission.registry_number
    assert Case.objects.for_municipality(eger).filter(submission_id=submission.pk).exists()
    # What the representative sees in Ügyeim for the company.
    access = next(a for a in tax.accessible_taxpayers(user) if a.taxpayer == company)
    summary = tax.tax_summary(access)
    row = next(row for row in summary.rows if row.tax_type == TaxType.TOURIST)
    assert row.balance == 187_500


def test_the_same_month_cannot_be_filed_twice(eger, provider):
    company, _anna, user = provider
    form = published(eger, "ADO-005")
    submit_form(form, tourist_answers(company), user=user)

    errors = errors_of(form, tourist_answers(company), user)

    assert "már benyújtott" in errors["honap"][0] or "már" in errors["honap"][0]
    assert LedgerEntry.objects.for_municipality(eger).filter(taxpayer=company).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"szallashely_neve": "Bástya Hotel"}, "szallashely_neve", "Minaret Panzió"),
        ({"mentes_vendegejszaka": "500"}, "mentes_vendegejszaka", "vendégéjszak"),
        ({"adokoteles_vendegejszaka": "370"}, "adokoteles_vendegejszaka", "375"),
        ({"beszedo_adoszama": "10000001-2-41"}, "beszedo_adoszama", "nem szerepel"),
    ],
)
def test_a_tourist_return_is_checked_against_the_register(eger, provider, changes, field, words):
    company, _anna, user = provider
    form = published(eger, "ADO-005")

    errors = errors_of(form, tourist_answers(company, **changes), user)

    assert words in " ".join(errors[field])
    assert not LedgerEntry.objects.for_municipality(eger).exists()


def test_a_month_not_over_cannot_be_filed(eger, provider):
    company, _anna, user = provider
    form = published(eger, "ADO-005")
    today = timezone.localdate()

    errors = errors_of(
        form, tourist_answers(company, ev=str(today.year), honap=f"{today.month:02d}"), user
    )

    assert "hónap" in errors["honap"][0]


def test_a_portal_account_that_does_not_represent_the_provider_is_refused(eger, provider):
    company, _anna, _user = provider
    form = published(eger, "ADO-005")
    stranger = UserFactory(username="idegen")

    errors = errors_of(form, tourist_answers(company), stranger)

    assert "képvisel" in errors["beszedo_adoszama"][0]


def test_the_decree_rate_checks_the_amount(eger, provider):
    company, _anna, user = provider
    year, _month = last_month()
    decree = tax.create_decree(eger, tax_year=year, title="Helyi adók")
    tax.add_line(
        decree,
        tax_type=TaxType.TOURIST,
        category="guest_night",
        unit="ft_per_guest_night",
        amount="400",
    )
    tax.adopt(decree, number=7, adopted_on=datetime.date(year - 1, 11, 20))
    form = published(eger, "ADO-005")

    errors = errors_of(form, tourist_answers(company), user)

    assert "150\xa0000\xa0Ft" in errors["beszedett_ado"][0]


# -- local business tax


def business_answers(company, year, **changes):
    answers = {
        "adoev": str(year),
        "idoszak_kezdete": f"{year}-01-01",
        "idoszak_vege": f"{year}-12-31",
        "bevallas_fajtaja": "eves",
        "adozo_tipusa": "gazdalkodo",
        "adozo_neve": "Minaret Vendéglátó Kft.",
        "adozo_adoszama": company.tax_number,
        "adozo_cime": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Széchenyi utca",
            "house_number": "2",
        },
        "adoalap_modja": "altalanos",
        "netto_arbevetel": "52000000",
        "adoalap": "30000000",
        "fizetendo_ado": "600000",
        "befizetett_eloleg": "400000",
        "elso_eloleg": "300000",
        "masodik_eloleg": "300000",
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
    }
    answers.update(changes)
    return answers


def business(company, year):
    return LedgerEntry.objects.for_municipality(company.municipality).filter(
        taxpayer=company, tax_type=TaxType.BUSINESS
    )


def test_the_hipa_annual_return_books_the_difference_and_the_next_advances(eger, provider):
    company, _anna, user = provider
    year = timezone.localdate().year - 1
    for instalment in (1, 2):
        tax.book_charge(
            company,
            TaxType.BUSINESS,
            200_000,
            origin=ChargeOrigin.RETURN,
            due_on=returns.advance_due_on(year, instalment),
            booked_on=datetime.date(year, 1, 10),
            period_year=year,
            instalment=instalment,
        )
    form = published(eger, "ADO-001")
    assert form.live_revision.template_version.number == 2

    submission = submit_form(form, business_answers(company, year), user=user)

    new = business(company, year).filter(reference=submission.registry_number)
    rows = {(e.kind, e.period_year, e.instalment, e.amount, e.due_on) for e in new}
    assert rows == {
        (EntryKind.CHARGE, year, None, 200_000, returns.business_annual_due_on(year)),
        (EntryKind.CHARGE, year + 1, 2, 300_000, returns.advance_due_on(year + 1, 2)),
        (EntryKind.CHARGE, year + 2, 1, 300_000, returns.advance_due_on(year + 2, 1)),
    }
    # Filed again: refused, nothing booked twice.
    errors = errors_of(form, business_answers(company, year), user)
    assert "önellenőrzés" in errors["adoev"][0]


def test_advances_more_than_the_tax_leave_a_credit(eger, provider):
    company, _anna, _user = provider
    year = timezone.localdate().year - 1
    tax.book_charge(
        company,
        TaxType.BUSINESS,
        500_000,
        origin=ChargeOrigin.RETURN,
        due_on=returns.advance_due_on(year, 1),
        booked_on=datetime.date(year, 1, 10),
        period_year=year,
        instalment=1,
    )

    booked = returns.book_business_return(
        company, year=year, annual_tax=420_000, booked_on=datetime.date(year + 1, 5, 2)
    )

    (credit,) = booked.entries
    assert (credit.kind, credit.amount) == (EntryKind.CREDIT, 80_000)
    assert tax.balance(company, TaxType.BUSINESS) == 420_000


def test_an_advance_declaration_books_the_two_advances(eger, provider):
    company, _anna, user = provider
    year = timezone.localdate().year
    form = published(eger, "ADO-009")
    answers = business_answers(company, year, elso_eloleg="120000", masodik_eloleg="130000")

    submit_form(form, answers, user=user)

    rows = {(e.instalment, e.amount, e.due_on) for e in business(company, year)}
    assert rows == {
        (1, 120_000, returns.advance_due_on(year, 1)),
        (2, 130_000, returns.advance_due_on(year, 2)),
    }


# -- a request about an overpayment


def request_answers(company, **changes):
    answers = {
        "kerelmezo_tipusa": "gazdalkodo",
        "kerelmezo_neve": "Minaret Vendéglátó Kft.",
        "kerelmezo_adoszama": company.tax_number,
        "kerelmezo_cime": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Széchenyi utca",
            "house_number": "2",
        },
        "adonem": "business",
        "kerelem_fajtaja": "credit",
        "osszeg": "80000",
        "cel_adonem": "tourist",
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
    }
    answers.update(changes)
    return answers


def test_an_overpayment_request_on_the_portal_is_the_officers_request(eger, provider):
    company, _anna, user = provider
    form = published(eger, "ADO-010")

    submit_form(form, request_answers(company), user=user)

    request = OverpaymentRequest.objects.for_municipality(eger).get()
    assert (request.taxpayer, request.kind, request.amount) == (company, RequestKind.CREDIT, 80_000)
    assert (request.from_tax_type, request.to_tax_type) == (TaxType.BUSINESS, TaxType.TOURIST)
    assert tax.request_history(request)


def test_an_overpayment_credit_to_the_same_tax_type_is_refused(eger, provider):
    company, _anna, user = provider
    form = published(eger, "ADO-010")

    errors = errors_of(form, request_answers(company, cel_adonem="business"), user)

    assert "másik adónem" in errors["cel_adonem"][0] or "adónem" in errors["cel_adonem"][0]
    assert not OverpaymentRequest.objects.for_municipality(eger).exists()
