"""The list page on the site, the staff's overdue screen and dashboard notice, and the data
request that goes to the registry with the act's 15 days."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from services.documents.models import Case
from services.forms import services as forms
from services.publication import services as publication
from services.publication.models import PublicationEntry
from tests.factories.forms import library_template
from tests.factories.intake import submit_form

from .conftest import HOST_A

pytestmark = pytest.mark.django_db


def test_the_page_shows_every_statutory_item_in_the_acts_order(client, list_page):
    body = client.get("/kozzeteteli-lista/", HTTP_HOST=HOST_A).content.decode()

    assert body.index("I. Szervezeti, személyzeti adatok") < body.index("II. Tevékenységre")
    assert body.index("II. Tevékenységre") < body.index("III. Gazdálkodási adatok")
    assert "Alsóvár Önkormányzata, Fő tér 1." in body
    assert "Önkormányzatunkra nem vonatkozik." in body  # I.8
    assert "Feltöltése folyamatban" in body  # the missing ones
    assert "Negyedévente" in body and "Az előző állapot 1 évig archívumban tartandó" in body
    assert 'id="adatigenyles"' in body and "15 napon belül" in body


def test_the_needing_attention_list_has_the_overdue_item_first(list_page, municipality_a):
    attention = publication.needing_attention(municipality_a)

    assert attention[0].item.code == "III.2" and attention[0].status == "overdue"
    codes = {a.item.code for a in attention}
    assert "I.1" not in codes and "I.8" not in codes  # current, not applying
    assert "II.1" in codes  # missing
    assert publication.overdue_count(municipality_a) == 1


def test_an_entry_without_content_or_date_or_with_a_future_date_is_refused(today):
    with pytest.raises(ValidationError) as empty:
        PublicationEntry(item_code="I.1", kind="link", url="", last_updated=today).clean()
    assert "url" in empty.value.message_dict
    with pytest.raises(ValidationError) as undated:
        PublicationEntry(item_code="I.1", kind="text", text="x").clean()
    assert "last_updated" in undated.value.message_dict
    with pytest.raises(ValidationError):
        PublicationEntry(
            item_code="I.1", kind="text", text="x", last_updated=today + datetime.timedelta(days=1)
        ).clean()
    PublicationEntry(item_code="I.8", not_applicable=True).clean()


def test_the_site_admin_sees_the_overdue_item_on_the_screen_and_the_dashboard(
    client, site_admin_a, municipality_a, list_page
):
    client.force_login(site_admin_a)

    screen = client.get(reverse("publication_admin:overdue", args=[municipality_a.pk]))
    dashboard = client.get(reverse("wagtailadmin_home"))

    assert screen.status_code == 200
    assert "III.2" in screen.content.decode()
    body = dashboard.content.decode()
    assert "Közzétételi lista: frissítendő tételek" in body and "1 tétel lejárt" in body


def test_another_municipality_s_staff_cannot_open_the_screen(
    client, make_staff, municipality_b, municipality_a, list_page
):
    from sites.constants import StaffRole

    client.force_login(make_staff(municipality_b, StaffRole.SITE_ADMIN))

    response = client.get(reverse("publication_admin:overdue", args=[municipality_a.pk]))

    assert response.status_code == 404


def test_the_data_request_is_a_registered_case_with_15_days(client, municipality_a, list_page):
    customisation = forms.adopt(municipality_a, library_template("ADATIG-001"))
    forms.publish(customisation)
    page = client.get("/kozzeteteli-lista/", HTTP_HOST=HOST_A).content.decode()
    assert 'href="/urlapok/ADATIG-001/"' in page

    submission = submit_form(
        customisation,
        {
            "igenylo_neve": "Nagy Péter",
            "igenylo_email": "nagy.peter@example.hu",
            "igenyelt_adatok": "A 2026. évi költségvetés teljesítési adatai.",
            "teljesites_modja": "email",
        },
    )

    case = Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk)
    assert case.case_type.code == "A-111"
    assert case.procedure_rule == "data_request"
    received = timezone.localdate(case.received_at)
    due = timezone.localdate(case.deadline_at)
    # 15 days from receipt, moved to the next working day at most a few days on
    assert 15 <= (due - received).days <= 19
    assert case.client_name == "Nagy Péter"
