"""The notice runs: the September balance notice with its thresholds and channel choice
(mailbox of the linked account, else the print file), the immutable snapshot, a re-run
that sends nothing twice, the PDF with the transfer details, the payment reminders of
overdue charges and the enforcement list with its CSV."""

import datetime
import io

import pytest
from pypdf import PdfReader

from portal.affairs.models import MailboxMessage
from services.documents.models import DocumentFile
from services.tax import services as tax
from services.tax.constants import ChargeOrigin, DeliveryChannel, TaxType
from services.tax.models import (
    Notice,
    NoticeChannel,
    NoticeDelivery,
    NoticeKind,
    NoticePrintFile,
    RunState,
    WrittenNoticeError,
)
from tests.factories.tax import giro, iban, person
from tests.services.tax.test_portal_links import citizen

pytestmark = pytest.mark.django_db

D = datetime.date
SEPT = D(2026, 9, 10)
GIRO = giro(serial=402)


def _halves(taxpayer, amount, tax_type=TaxType.BUILDING, year=2026):
    for instalment, due_on in enumerate(tax.half_year_due_dates(year), start=1):
        tax.book_charge(
            taxpayer,
            tax_type,
            amount,
            origin=ChargeOrigin.ASSESSMENT,
            due_on=due_on,
            booked_on=D(year, 2, 10),
            period_year=year,
            instalment=instalment,
        )


def _pay(taxpayer, amount, on, tax_type=TaxType.BUILDING):
    tax.book_payment(taxpayer, tax_type, amount, paid_on=on, reference=taxpayer.identifier)


@pytest.fixture
def town(municipality_a, django_user_model):
    return build_town(municipality_a, django_user_model)


def build_town(municipality_a, django_user_model):
    """Five taxpayers of A with building tax for 2026 (see each line), Anna linked to her
    portal account; the collection account of building tax only."""
    tax.set_collection_account(
        municipality_a,
        TaxType.BUILDING,
        giro=GIRO,
        iban=iban(GIRO),
        holder_name="Eger MJV Önkormányzata",
    )
    anna = person(municipality_a, "Kiss", "Anna")  # portal mailbox, linked below
    bela = person(
        municipality_a, "Nagy", "Béla", delivery_channel=DeliveryChannel.POST, postal_code="3301"
    )
    cili = person(municipality_a, "Tóth", "Cili")  # a tiny debt: below the threshold
    dani = person(municipality_a, "Szabó", "Dániel")  # paid over: a credit notice
    emma = person(municipality_a, "Varga", "Emma")  # portal in the register, no link
    _halves(anna, 20_000)
    _pay(anna, 20_000, D(2026, 3, 10))
    _halves(bela, 20_000)
    _halves(cili, 250)
    _halves(dani, 10_000)
    _pay(dani, 23_000, D(2026, 3, 1))
    _halves(emma, 5_000)
    user = citizen(django_user_model, "kiss.anna", family="Kiss", given="Anna")
    _link(anna, user)
    return {"anna": anna, "bela": bela, "cili": cili, "dani": dani, "emma": emma, "user": user}


def _link(taxpayer, user):
    from services.tax.models import LinkBasis, PortalLink

    PortalLink.objects.create(
        municipality_id=taxpayer.municipality_id,
        taxpayer=taxpayer,
        user=user,
        basis=LinkBasis.IDENTITY,
    )


def _run(municipality, kind=NoticeKind.SEPTEMBER, as_of=SEPT):
    return tax.run_notices(tax.create_notice_run(municipality, kind, as_of=as_of))


def _notices(run):
    return {
        n.taxpayer_id: n for n in Notice.objects.filter(municipality=run.municipality_id, run=run)
    }


def _text(pdf):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # Forints are written with a no-break space between the thousands ("40 000 Ft").
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_the_september_notice_goes_to_those_over_the_thresholds(municipality_a, town):
    run = _run(municipality_a)

    notices = _notices(run)
    assert run.state == RunState.DONE
    assert set(notices) == {town[k].pk for k in ("anna", "bela", "dani", "emma")}
    bela = notices[town["bela"].pk]
    assert (bela.balance, bela.overdue) == (40_000, 20_000)
    assert bela.lines == [
        {"tax_type": "building", "balance": 40_000, "overdue": 20_000, "upcoming": 20_000}
    ]
    assert notices[town["anna"].pk].overdue == 0 and notices[town["anna"].pk].balance == 20_000
    assert notices[town["dani"].pk].balance == -3_000
    assert (run.notices, run.below_threshold, run.taxpayers_done) == (4, 1, 5)
    assert run.rules["min_debt"] == 1000  # data/tax/notices.json
    assert run.rules["pay_by"] == tax.half_year_due_dates(2026)[1].isoformat()


def test_the_channel_follows_the_register_and_the_link(municipality_a, town):
    run = _run(municipality_a)

    notices = _notices(run)
    anna = notices[town["anna"].pk]
    assert anna.channel == NoticeChannel.MAILBOX and anna.delivery == NoticeDelivery.MAILBOX
    message = MailboxMessage.objects.for_recipient(town["user"]).get(
        recipient=town["user"], document=anna.document
    )
    assert message.document.registry_number
    pdf = DocumentFile.objects.filter(municipality=municipality_a).get(document=anna.document)
    assert "Kiss Anna" in _text(pdf.file.read())
    bela, emma = notices[town["bela"].pk], notices[town["emma"].pk]
    assert (bela.channel, bela.delivery) == (NoticeChannel.PRINT, NoticeDelivery.PENDING)
    assert bela.channel_reason and bela.channel_reason != emma.channel_reason
    assert emma.channel == NoticeChannel.PRINT and "portálfiók" in emma.channel_reason
    assert (run.to_mailbox, run.to_print) == (1, 3)


def test_a_rerun_sends_nothing_twice(municipality_a, town):
    _run(municipality_a)

    again = _run(municipality_a)

    assert again.notices == 0 and again.already_noticed == 4
    assert Notice.objects.filter(municipality=municipality_a).count() == 4
    assert MailboxMessage.objects.for_recipient(town["user"]).count() == 1


def test_the_notice_is_an_immutable_snapshot(municipality_a, town):
    run = _run(municipality_a)
    notice = _notices(run)[town["bela"].pk]
    before = tax.notice_pdf(notice)

    _pay(town["bela"], 40_000, D(2026, 9, 12))
    notice.refresh_from_db()

    assert notice.balance == 40_000
    assert "40 000 Ft" in _text(before) and "40 000 Ft" in _text(tax.notice_pdf(notice))
    notice.balance = 0
    with pytest.raises(WrittenNoticeError):
        notice.save()
    with pytest.raises(WrittenNoticeError):
        notice.save(update_fields=["balance"])
    with pytest.raises(WrittenNoticeError):
        notice.delete()


def test_the_pdf_carries_the_transfer_details(municipality_a, town):
    run = _run(municipality_a)
    notice = _notices(run)[town["bela"].pk]

    text = _text(tax.notice_pdf(notice))

    assert "Nagy Béla" in text and "3301" in text
    assert GIRO in text and iban(GIRO) in text and "Eger MJV Önkormányzata" in text
    assert town["bela"].identifier in text  # the remark
    assert "2026. szeptember 15-ig" in text


def test_a_tax_type_without_a_collection_account_names_none(municipality_a, town):
    _halves(town["bela"], 6_000, tax_type=TaxType.COMMUNAL)
    notice = _notices(_run(municipality_a))[town["bela"].pk]

    text = _text(tax.notice_pdf(notice))

    assert "Communal" in text or "kommunális" in text
    assert text.count(GIRO) == 1


def test_print_files_put_the_post_notices_in_one_pdf_once(municipality_a, town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run = _run(municipality_a)

    files = tax.make_print_files(run, size=2)

    assert [f.notices_count for f in files] == [2, 1]
    assert all(f.pages >= f.notices_count for f in files)
    printed = Notice.objects.filter(
        municipality=run.municipality_id, run=run, channel=NoticeChannel.PRINT
    )
    assert all(n.delivery == NoticeDelivery.PRINTED and n.print_file_id for n in printed)
    text = _text(files[0].file.read())
    assert "Nagy Béla" in text and "Szabó Dániel" in text
    assert tax.make_print_files(run) == []
    assert NoticePrintFile.objects.filter(municipality=run.municipality_id, run=run).count() == 2


def test_reminders_go_to_overdue_debts_over_the_threshold_once(municipality_a, town):
    # 20 September: the March halves are overdue; the September ones not 15 days yet.
    early = _notices(_run(municipality_a, NoticeKind.REMINDER, as_of=D(2026, 9, 20)))
    assert set(early) == {town["bela"].pk, town["emma"].pk}
    assert early[town["bela"].pk].overdue == 20_000

    run = _run(municipality_a, NoticeKind.REMINDER, as_of=D(2026, 10, 20))

    notices = _notices(run)
    # A newer charge fell overdue: Béla and Emma are reminded again, Anna for the first
    # time; Cili's 250 Ft halves stay under the threshold.
    assert set(notices) == {town[k].pk for k in ("anna", "bela", "emma")}
    assert notices[town["bela"].pk].overdue == 40_000
    assert notices[town["bela"].pk].key != early[town["bela"].pk].key
    # Nothing new became overdue: a re-run reminds nobody.
    again = _run(municipality_a, NoticeKind.REMINDER, as_of=D(2026, 10, 25))
    assert (again.notices, again.already_noticed) == (0, 3)


def test_the_enforcement_list_takes_who_still_owes_after_the_reminder(municipality_a, town):
    _run(municipality_a, NoticeKind.REMINDER, as_of=D(2026, 10, 20))
    _pay(town["anna"], 20_000, D(2026, 10, 30))

    run = _run(municipality_a, NoticeKind.ENFORCEMENT, as_of=D(2026, 11, 20))

    rows = tax.enforcement_rows(run)
    # Anna paid; Emma's 5 000 Ft is at the list's threshold; Béla still owes 40 000 Ft.
    assert [row[0] for row in rows] == sorted([town["bela"].identifier, town["emma"].identifier])
    bela = next(row for row in rows if row[0] == town["bela"].identifier)
    header = tax.enforcement_header()
    assert len(header) == len(bela)
    assert bela[1] == "Nagy Béla" and bela[3] == 40_000
    assert bela[4 + tax.ENFORCEMENT_TAX_TYPES.index("building")] == 40_000
    assert bela[-2] == "2026-10-20"
    assert all(
        n.channel == NoticeChannel.LIST
        for n in Notice.objects.filter(municipality=run.municipality_id, run=run)
    )
    # Too early after the reminder: nobody is listed.
    assert _run(municipality_a, NoticeKind.ENFORCEMENT, as_of=D(2026, 11, 1)).notices == 0
    assert _run(municipality_a, NoticeKind.ENFORCEMENT, as_of=D(2026, 11, 25)).notices == 0


def test_a_run_for_a_day_to_come_is_refused(municipality_a):
    with pytest.raises(tax.TaxError):
        tax.create_notice_run(municipality_a, NoticeKind.SEPTEMBER, as_of=D(2099, 9, 10))


def test_the_march_notice_names_the_first_half_and_is_its_own_key(municipality_a, town):
    _run(municipality_a)  # the September notice of 2026 does not stop the March one

    run = _run(municipality_a, NoticeKind.MARCH, as_of=D(2026, 2, 24))

    notices = _notices(run)
    assert run.rules["pay_by"] == tax.half_year_due_dates(2026)[0].isoformat()
    # Both halves are booked and none is due yet: nothing is overdue on the notice.
    assert notices[town["bela"].pk].overdue == 0 and notices[town["bela"].pk].balance == 40_000
    assert notices[town["bela"].pk].key == "march:2026"
