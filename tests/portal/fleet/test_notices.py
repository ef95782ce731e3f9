"""Legal-change notices: sent to all or some municipalities, shown to the officers and site
admins of each on their admin's home page until read, with the read receipts for the
provider; nobody of a municipality that did not receive one sees it."""

import pytest
from django.urls import reverse

from portal.fleet import notices
from portal.fleet.models import Audience, LegalNotice
from services.forms.models import FormTemplate
from sites.actor import Actor
from sites.constants import County, LegalStatus, StaffRole
from tests.factories.forms import library_template

pytestmark = pytest.mark.django_db


def send(operator, audience=Audience.ALL, **kwargs):
    return notices.send_notice(
        actor=Actor(user=operator),
        title="Zqxbjogszabaly változik",
        body="Új verzió.",
        audience=audience,
        **kwargs,
    )


def test_audiences(operator, municipality_a, municipality_b):
    assert set(notices.audience_of(Audience.ALL)) == {municipality_a, municipality_b}
    assert list(notices.audience_of(Audience.COUNTY, counties=[County.HEVES])) == []
    assert set(notices.audience_of(Audience.COUNTY, counties=[County.PEST])) == {
        municipality_a,
        municipality_b,
    }
    assert set(notices.audience_of(Audience.LEGAL_STATUS, legal_statuses=[LegalStatus.VILLAGE]))
    assert list(notices.audience_of(Audience.LIST, municipalities=[municipality_b])) == [
        municipality_b
    ]


def test_read_receipts(client, operator, municipality_a, municipality_b, officer_a, make_staff):
    library_template("ADO-002")
    notice = send(
        operator,
        Audience.LIST,
        municipalities=[municipality_a],
        templates=FormTemplate.objects.filter(code="ADO-002"),
    )
    site_admin_a = make_staff(municipality_a, StaffRole.SITE_ADMIN, username="webadmin_n")
    editor_a = make_staff(municipality_a, StaffRole.EDITOR, username="szerkeszto_n")
    officer_b = make_staff(municipality_b, StaffRole.OFFICER, username="ugyintezo_n")

    # the officer and the site admin of A see it on their home page until they read it
    client.force_login(officer_a)
    assert notice.title in client.get(reverse("wagtailadmin_home")).content.decode()
    read = client.get(reverse("fleet_admin:read", args=[notice.pk]))
    assert read.status_code == 200 and "ADO-002" in read.content.decode()
    assert notice.title not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert notices.unread_for(officer_a) == []
    assert notices.unread_for(site_admin_a) == [(notice, municipality_a)]
    # reading again keeps the first receipt
    first = notices.receipts(notice)[0][1][0][1]
    client.get(reverse("fleet_admin:read", args=[notice.pk]))
    assert notices.receipts(notice)[0][1][0][1] == first

    # an editor of A does not receive it; B's officer never sees it
    assert notices.unread_for(editor_a) == []
    client.force_login(officer_b)
    assert client.get(reverse("fleet_admin:read", args=[notice.pk])).status_code == 404
    assert notice.title not in client.get(reverse("fleet_admin:inbox")).content.decode()

    # the provider sees who of A read it, and when
    client.force_login(operator)
    page = client.get(reverse("fleet_admin:notice", args=[notice.pk])).content.decode()
    assert officer_a.last_name in page
    assert notices.read_share(notice) == (1, 1)


def test_an_operator_sends_a_notice_through_the_admin(client, operator, municipality_a):
    client.force_login(operator)
    refused = client.post(
        reverse("fleet_admin:notice_new"),
        {
            "title": "Változás",
            "body": "Szöveg",
            "audience": Audience.LIST,
            "municipalities": "nincsilyen",
        },
    )
    assert refused.status_code == 200 and "nincsilyen" in refused.content.decode()
    assert not LegalNotice.objects.exists()
    sent = client.post(
        reverse("fleet_admin:notice_new"),
        {
            "title": "Változás",
            "body": "Szöveg",
            "audience": Audience.LIST,
            "municipalities": f"{municipality_a.ksh_code}\n",
        },
    )
    assert sent.status_code == 302
    assert notices.read_share(LegalNotice.objects.get()) == (0, 1)


@pytest.mark.parametrize(
    "data",
    [
        {"title": "x\x00", "body": "y", "audience": "all"},
        {"title": "x", "body": "y", "audience": "county"},
        {"title": "x", "body": "y", "audience": "nincs", "effective_on": "2026.13.45."},
        {"title": "x" * 900, "body": "y", "audience": "legal_status", "legal_statuses": ["x"]},
    ],
)
def test_odd_input_gets_an_answer_never_a_server_error(client, operator, data):
    client.force_login(operator)
    assert client.post(reverse("fleet_admin:notice_new"), data).status_code == 200
    assert not LegalNotice.objects.exists()


def test_only_operators_send_notices(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("fleet_admin:notices")).status_code in (302, 403)
    client.post(reverse("fleet_admin:notice_new"), {"title": "x", "body": "y", "audience": "all"})
    assert not LegalNotice.objects.exists()
