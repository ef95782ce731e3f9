"""The trade register's forms of the central library go through the one submission
process: checked before submission (the competent notary, the 8-day rule, the register
entry they name), recorded in the register on registration with the registry number, and
a notification of trading gets its certificate of registration in the submitter's
mailbox. The registry opens no deadline clock for a notification."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from portal.affairs.models import MailboxMessage
from services.commerce import services as commerce
from services.commerce.constants import NotificationKind, Status
from services.commerce.models import Accommodation, Notification, Place, Shop, Trade
from services.documents.constants import Direction
from services.documents.models import Case, Document, DocumentFile
from services.forms import services as forms
from services.forms.models import Submission
from tests.factories.intake import submit_form
from tests.factories.municipalities import UserFactory
from tests.services.forms.conftest import load

pytestmark = pytest.mark.django_db

TAX_NUMBER = "12345676-2-10"


@pytest.fixture
def eger(given_municipality):
    return given_municipality(name="Eger", slug="eger", ksh_code="20491", postal_code="3300")


@pytest.fixture
def felsovar(given_municipality):
    return given_municipality(
        name="Felsővár", slug="felsovar", ksh_code="60002", postal_code="9999"
    )


def published(municipality, code):
    form = forms.adopt(municipality, load(code))
    forms.publish(form)
    return form


def trading_answers(**changes):
    answers = {
        "kereskedo_tipusa": "company",
        "kereskedo_neve": "Dobó Csemege Kft.",
        "kereskedo_szekhelye": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Széchenyi István utca",
            "house_number": "12",
        },
        "nyilvantartasi_szam": "10-09-123456",
        "statisztikai_szamjel": "12345676-4711-113-10",
        "kereskedo_adoszama": TAX_NUMBER,
        "kereskedo_email": "iroda@dobocsemege.hu",
        "kereskedesi_formak": ["shop"],
        "kereskedelem_jellege": ["retail"],
        "tevekenyseg_helye": {
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Dobó István tér",
            "house_number": "3",
        },
        "termekkorok": ["1.6", "1.7"],
        "megkezdes_datuma": "2026-12-15",
        "uzlet_elnevezese": "Dobó Csemege",
        "uzlet_alapterulete": "85",
        "hasznalati_jogcim": "lease",
        "vasarlok_konyve": "VK-2026/118",
        "nyitva_hetfo": "07:00-19:00",
        "nyitva_kedd": "07:00-19:00",
        "nyitva_szombat": "07:00-12:00",
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
    }
    answers.update(changes)
    return answers


def place_of(trade):
    return Place.objects.for_municipality(trade.municipality).get(trade=trade)


def shop_of(trade):
    return Shop.objects.for_municipality(trade.municipality).get(place=place_of(trade))


@pytest.fixture
def trader_user(db):
    return UserFactory(username="dobo_csemege", email="iroda@dobocsemege.hu")


def test_every_form_of_the_register_has_its_check_and_receiver():
    for code in ("IPAR-001", "IPAR-002", "IPAR-003", "IPAR-008"):
        assert code in forms.answer_checks
        assert code in forms.submission_receivers


def test_a_notification_of_trading_is_registered_with_its_certificate_in_the_mailbox(
    eger, trader_user, django_capture_on_commit_callbacks
):
    form = published(eger, "IPAR-001")

    with django_capture_on_commit_callbacks(execute=True):
        submission = submit_form(form, trading_answers(), user=trader_user)

    trade = Trade.objects.for_municipality(eger).get()
    notification = Notification.objects.for_municipality(eger).get()
    assert notification.kind == NotificationKind.TRADING
    assert notification.reference == submission.registry_number
    trader = commerce.current(trade.trader)
    assert (trader.name, trader.tax_number) == ("Dobó Csemege Kft.", TAX_NUMBER)
    assert trader.statistical_number == "12345676-4711-113-10"
    place = commerce.current(place_of(trade))
    assert place.trading_forms == ["shop"]
    assert place.product_groups == ["1.6", "1.7"]
    assert place.street == "Dobó István tér 3"
    shop = commerce.current(shop_of(trade))
    assert (shop.name, shop.floor_area, shop.use_title) == ("Dobó Csemege", 85, "lease")
    assert shop.opening_hours == {
        "0": [["07:00", "19:00"]],
        "1": [["07:00", "19:00"]],
        "5": [["07:00", "12:00"]],
    }
    assert commerce.current(trade).valid_from == datetime.date(2026, 12, 15)
    # A notification is no authority case: the registry starts no deadline clock.
    case = Case.objects.for_municipality(eger).get(submission_id=submission.pk)
    assert case.procedure_rule == "none"
    assert case.deadline_at is None
    # The certificate: an outgoing PDF of the same case, in the submitter's mailbox.
    certificate = Document.objects.for_municipality(eger).get(
        case=case, direction=Direction.OUTGOING
    )
    assert trade.register_number in certificate.subject
    stored = DocumentFile.objects.for_municipality(eger).get(document=certificate)
    assert stored.file.open("rb").read(5) == b"%PDF-"
    message = MailboxMessage.objects.for_recipient(trader_user).get()
    assert message.document == certificate


def test_the_certificate_names_the_register_number_trader_place_forms_and_groups(eger, trader_user):
    form = published(eger, "IPAR-001")
    submit_form(form, trading_answers(), user=trader_user)
    trade = Trade.objects.for_municipality(eger).get()
    import io

    from pypdf import PdfReader

    pdf = commerce.certificate_pdf(trade, registry_number="IK/1-1/2026")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        trade.register_number,
        "Dobó Csemege Kft.",
        "Dobó István tér 3",
        "Üzletben",
        "Zöldség és gyümölcs",
        "IK/1-1/2026",
    ):
        assert expected in text, expected


def test_a_shop_in_another_municipality_is_refused_with_the_competent_one(eger, felsovar):
    form = published(eger, "IPAR-001")
    elsewhere = {
        "postal_code": "9999",
        "settlement": "Felsővár",
        "street": "Fő utca",
        "house_number": "1",
    }

    with pytest.raises(forms.SubmissionInvalid) as refused:
        submit_form(form, trading_answers(tevekenyseg_helye=elsewhere))

    message = " ".join(refused.value.errors["tevekenyseg_helye"])
    assert "Felsővár" in message and "Eger" in message
    assert not Submission.objects.for_municipality(eger).exclude(status="draft").exists()
    assert not Trade.objects.for_municipality(eger).exists()


def test_mail_order_goes_to_the_notary_of_the_seat(eger, felsovar):
    form = published(felsovar, "IPAR-001")
    answers = trading_answers(
        kereskedesi_formak=["mail_order"], mukodesi_teruletek="Magyarország egész területe"
    )

    with pytest.raises(forms.SubmissionInvalid) as refused:
        submit_form(form, answers)

    assert "Eger" in " ".join(refused.value.errors["kereskedesi_formak"])
    # At the seat's municipality the same notification is registered, without a shop.
    submit_form(published(eger, "IPAR-001"), answers)
    place = commerce.current(place_of(Trade.objects.for_municipality(eger).get()))
    assert place.trading_forms == ["mail_order"]
    assert place.areas == ["Magyarország egész területe"]


def test_a_settlement_not_on_the_portal_is_told_so(eger):
    form = published(eger, "IPAR-001")
    nowhere = {
        "postal_code": "8000",
        "settlement": "Székesfehérvár",
        "street": "Fő utca",
        "house_number": "1",
    }

    with pytest.raises(forms.SubmissionInvalid) as refused:
        submit_form(form, trading_answers(tevekenyseg_helye=nowhere))

    assert refused.value.errors["tevekenyseg_helye"]


def test_bad_opening_hours_are_refused_on_their_day(eger):
    form = published(eger, "IPAR-001")

    with pytest.raises(forms.SubmissionInvalid) as refused:
        submit_form(form, trading_answers(nyitva_kedd="19:00-07:00", nyitva_szerda="reggel"))

    assert set(refused.value.errors) == {"nyitva_kedd", "nyitva_szerda"}


# -- changes, opening hours, closure, accommodation


@pytest.fixture
def registered(eger, trader_user):
    answers = trading_answers(megkezdes_datuma=timezone.localdate().isoformat())
    submit_form(published(eger, "IPAR-001"), answers, user=trader_user)
    return Trade.objects.for_municipality(eger).get()


def lookup(trade, **changes):
    return {
        "kereskedo_neve": "Dobó Csemege Kft.",
        "kereskedo_adoszama": TAX_NUMBER,
        "nyilvantartasi_szam": trade.register_number,
        "kereskedo_email": "iroda@dobocsemege.hu",
        "nyilatkozat": "on",
        "kelt_helye": "Eger",
        **changes,
    }


def test_a_change_of_data_writes_new_versions_naming_the_notification(eger, registered):
    form = published(eger, "IPAR-002")
    submission = submit_form(
        form,
        lookup(
            registered,
            bejelentes_tipusa="valtozas",
            valtozas_datuma="2026-12-20",
            uj_uzlet_elnevezese="Dobó Csemege és Pékség",
            uj_termekkorok=["1.6", "1.7", "1.9"],
        ),
    )

    place = place_of(registered)
    shop_history = commerce.history(shop_of(registered))
    assert [v.name for v in shop_history] == ["Dobó Csemege", "Dobó Csemege és Pékség"]
    assert shop_history[-1].notification.reference == submission.registry_number
    assert shop_history[-1].notification.kind == NotificationKind.CHANGE
    assert commerce.current(place).product_groups == ["1.6", "1.7", "1.9"]


def test_the_closure_closes_the_registration_and_keeps_the_record(eger, registered):
    submit_form(
        published(eger, "IPAR-002"),
        lookup(registered, bejelentes_tipusa="megszunes", megszunes_datuma="2026-12-31"),
    )

    assert commerce.current(registered).status == Status.CLOSED
    assert commerce.current(place_of(registered)).status == Status.CLOSED
    assert len(commerce.history(registered)) == 2


def test_a_change_with_another_tax_number_is_refused(eger, registered):
    with pytest.raises(forms.SubmissionInvalid) as refused:
        submit_form(
            published(eger, "IPAR-002"),
            lookup(
                registered,
                kereskedo_adoszama="10773381-2-44",
                bejelentes_tipusa="megszunes",
                megszunes_datuma="2026-12-31",
            ),
        )

    assert refused.value.errors["nyilvantartasi_szam"]
    assert commerce.current(registered).status == Status.ACTIVE


def test_a_lasting_change_of_opening_hours_notified_in_time_is_registered(eger, registered):
    starts_on = timezone.localdate() + datetime.timedelta(days=8)
    submit_form(
        published(eger, "IPAR-003"),
        lookup(registered, valtozas_kezdete=starts_on.isoformat(), uj_nyitva_hetfo="08:00-18:00"),
    )

    shop = commerce.current(shop_of(registered))
    assert shop.opening_hours == {"0": [["08:00", "18:00"]]}
    assert shop.valid_from == starts_on
    assert shop.notification.kind == NotificationKind.OPENING_HOURS


def test_what_the_checks_let_through_but_the_register_refuses_rolls_back_in_hungarian(
    eger, trader_user
):
    # given a shop registered from a day a month ahead
    opens_on = timezone.localdate() + datetime.timedelta(days=30)
    answers = trading_answers(megkezdes_datuma=opens_on.isoformat())
    submit_form(published(eger, "IPAR-001"), answers, user=trader_user)
    trade = Trade.objects.for_municipality(eger).get()
    # when its hours are changed from before that day (in time for the 8-day rule)
    change_on = timezone.localdate() + datetime.timedelta(days=20)
    with pytest.raises(forms.FormsError) as refused:
        submit_form(
            published(eger, "IPAR-003"),
            lookup(trade, valtozas_kezdete=change_on.isoformat(), uj_nyitva_hetfo="08:00-18:00"),
        )
    # then the citizen reads why, and nothing of the submission was kept
    assert opens_on.strftime("%Y. %m. %d.") in str(refused.value)
    assert Notification.objects.for_municipality(eger).count() == 1


def test_a_late_change_of_opening_hours_is_refused_by_the_8_day_rule(eger, registered):
    starts_on = timezone.localdate() + datetime.timedelta(days=7)

    with pytest.raises(forms.SubmissionInvalid) as refused:
        submit_form(
            published(eger, "IPAR-003"),
            lookup(
                registered, valtozas_kezdete=starts_on.isoformat(), uj_nyitva_hetfo="08:00-18:00"
            ),
        )

    assert refused.value.errors["valtozas_kezdete"]
    assert len(commerce.history(shop_of(registered))) == 1


def test_an_accommodation_is_registered_with_a_new_operator(eger):
    submit_form(
        published(eger, "IPAR-008"),
        {
            "kereskedo_tipusa": "sole_trader",
            "uzemelteto_neve": "Kovács Eszter",
            "uzemelteto_szekhelye": {
                "postal_code": "3300",
                "settlement": "Eger",
                "street": "Kertész utca",
                "house_number": "5",
            },
            "uzemelteto_email": "eszter@example.hu",
            "szallashely_neve": "Kertész Vendégház",
            "szallashely_tipusa": "egyeb",
            "szallashely_cime": {
                "postal_code": "3300",
                "settlement": "Eger",
                "street": "Kertész utca",
                "house_number": "5",
            },
            "szobak_szama": "3",
            "agyak_szama": "6",
            "kezdes_datuma": "2027-01-01",
            "nyilatkozat": "on",
            "kelt_helye": "Eger",
        },
    )

    accommodation = Accommodation.objects.for_municipality(eger).get()
    version = commerce.current(accommodation)
    assert (version.name, version.rooms, version.beds) == ("Kertész Vendégház", 3, 6)
    assert commerce.current(accommodation.operator).name == "Kovács Eszter"


# -- the portal's wizard: the refusal on the page, nothing lost


def test_the_wizard_shows_the_8_day_refusal_on_the_field_and_keeps_the_answers(
    eger, registered, trader_user
):
    form = published(eger, "IPAR-003")
    client = Client()
    client.force_login(trader_user)
    started = client.post(f"/e-ugyintezes/eger/urlap/{form.code}/inditas/")
    assert started.status_code == 302
    reference = started["Location"].split("/piszkozat/")[1].split("/")[0]
    base = f"/e-ugyintezes/eger/piszkozat/{reference}/lepes/"
    first = {k: v for k, v in lookup(registered).items() if k not in ("nyilatkozat", "kelt_helye")}
    assert client.post(base + "kereskedo/", {**first, "action": "next"}).status_code == 302
    late = timezone.localdate() + datetime.timedelta(days=3)

    response = client.post(
        base + "nyitvatartas/",
        {
            "valtozas_kezdete": late.isoformat(),
            "uj_nyitva_hetfo": "08:00-16:00",
            "megjegyzes": "Leltár",
            "action": "next",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400  # the platform's answer to any refused step
    assert "8 nappal" in page
    assert 'value="08:00-16:00"' in page and 'value="Leltár"' in page
    assert len(commerce.history(shop_of(registered))) == 1


def test_the_certificate_prints_its_labels_in_hungarian(eger, trader_user):
    import io

    from pypdf import PdfReader

    submit_form(published(eger, "IPAR-001"), trading_answers(), user=trader_user)
    trade = Trade.objects.for_municipality(eger).get()

    pdf = commerce.certificate_pdf(trade, registry_number="IK/1-1/2026")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    for hungarian in (
        "IGAZOLÁS",
        "A kereskedő",
        "A kereskedelmi tevékenység jellege",
        "A tevékenység megkezdésének napja",
        "Üzlet",
        "Eger jegyzője",
        "A nyilvántartás nyilvános",
    ):
        assert hungarian in text, hungarian
    for english in ("The trader", "Kind of trade", "Start of trading", "The notary", "Shop:"):
        assert english not in text, english
