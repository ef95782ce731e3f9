"""The notice screens of the tax officers' workspace: starting a September run, its
counts and notices, one notice's PDF, the print files, the enforcement CSV — for tax
officers only, and only of their own municipality."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from services.tax import services as tax
from services.tax.models import Notice, NoticeKind, NoticePrintFile, NoticeRun
from sites.constants import StaffRole
from tests.services.tax.test_notices import D, _run, build_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(municipality_a, django_user_model):
    return build_town(municipality_a, django_user_model)


@pytest.fixture
def tax_officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.TAX_OFFICER, username="adougyintezo_a")


@pytest.fixture
def desk(client, tax_officer_a):
    client.force_login(tax_officer_a)
    return client


def _url(name, municipality, *args):
    return reverse(f"tax_admin:{name}", args=[municipality.pk, *args])


def test_an_officer_starts_a_september_run_and_sees_its_notices(desk, municipality_a, town):
    response = desk.post(
        _url("notice_run_start", municipality_a),
        {"kind": NoticeKind.SEPTEMBER, "as_of": "2026.09.10."},
    )

    run = NoticeRun.objects.for_municipality(municipality_a).get()
    assert response.status_code == 302 and response.url == _url(
        "notice_run", municipality_a, run.pk
    )
    assert run.started_by.username == "adougyintezo_a" and run.notices == 4
    page = desk.get(response.url).content.decode()
    assert "Nagy Béla" in page and 'id="run-notices">4<' in page
    listing = desk.get(_url("notice_runs", municipality_a)).content.decode()
    assert _url("notice_run", municipality_a, run.pk) in listing


def test_a_day_to_come_is_refused_with_a_message_and_nothing_made(desk, municipality_a, town):
    response = desk.post(
        _url("notice_run_start", municipality_a),
        {"kind": NoticeKind.SEPTEMBER, "as_of": "2099.09.10."},
        follow=True,
    )

    assert response.status_code == 200
    assert not NoticeRun.objects.for_municipality(municipality_a).exists()
    assert list(response.context["messages"])


def test_the_notice_pdf_and_the_print_files(desk, municipality_a, town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run = _run(municipality_a)
    bela = Notice.objects.for_municipality(municipality_a).get(taxpayer=town["bela"])

    pdf = desk.get(_url("notice_pdf", municipality_a, run.pk, bela.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    made = desk.post(_url("notice_run", municipality_a, run.pk), {"action": "print"})
    assert made.status_code == 302
    part = NoticePrintFile.objects.for_municipality(municipality_a).get(run=run)
    assert part.notices_count == 3
    download = desk.get(_url("notice_print_file", municipality_a, run.pk, part.pk))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_enforcement_csv(desk, municipality_a, town):
    _run(municipality_a, NoticeKind.REMINDER, as_of=D(2026, 10, 20))
    run = _run(municipality_a, NoticeKind.ENFORCEMENT, as_of=D(2026, 11, 20))

    response = desk.get(_url("enforcement_csv", municipality_a, run.pk))

    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";")) or []
    if len(rows[0]) == 1:
        rows = list(csv.reader(io.StringIO(text)))
    identifiers = [row[0] for row in rows[1:]]
    assert town["bela"].identifier in identifiers and town["anna"].identifier in identifiers
    assert town["cili"].identifier not in identifiers


def test_only_tax_officers_of_the_municipality_reach_the_notices(
    client, municipality_a, municipality_b, town, make_staff, officer_a
):
    run = _run(municipality_a)
    notice = Notice.objects.for_municipality(municipality_a).first()
    urls = [
        _url("notice_runs", municipality_a),
        _url("notice_run", municipality_a, run.pk),
        _url("notice_pdf", municipality_a, run.pk, notice.pk),
    ]
    client.force_login(officer_a)  # an officer of another service
    assert {client.get(u).status_code for u in urls} == {404}
    client.force_login(make_staff(municipality_b, StaffRole.TAX_OFFICER, username="ado_b"))
    assert {client.get(u).status_code for u in urls} == {404}
    assert (
        client.post(_url("notice_run_start", municipality_a), {"kind": "september"}).status_code
        == 404
    )
    assert NoticeRun.objects.for_municipality(municipality_a).count() == 1


def test_the_run_form_defaults_to_the_configured_day():
    day = tax.default_day(NoticeKind.SEPTEMBER, today=datetime.date(2026, 12, 1))
    assert day == datetime.date(2026, 9, 10)
    assert tax.default_day(NoticeKind.SEPTEMBER, today=datetime.date(2026, 5, 1)) == datetime.date(
        2025, 9, 10
    )
