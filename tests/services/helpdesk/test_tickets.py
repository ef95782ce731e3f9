"""A ticket's life through the admin: a staff member of A opens it (with a screenshot and
the page they came from), an operator answers it with a canned answer, the staff member
reads the answer and gets an e-mail with nothing but the link. Who sees what: A's staff
their own tickets only, screenshots to A's staff and operators only."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from services.helpdesk import services as helpdesk
from services.helpdesk.constants import Status
from services.helpdesk.models import CannedAnswer, Screenshot, Ticket
from sites.actor import Actor
from sites.constants import StaffRole

pytestmark = pytest.mark.django_db


def png(name="hiba.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def editor_a(make_staff, municipality_a):
    return make_staff(
        municipality_a, StaffRole.EDITOR, username="szerkeszto_hd", email="szerkeszto@alsovar.hu"
    )


def open_through_admin(client, user, municipality, **extra):
    client.force_login(user)
    form = client.get(
        reverse("helpdesk_admin:new"), HTTP_REFERER="http://testserver/admin/pages/3/edit/"
    )
    assert form.status_code == 200
    data = {
        "municipality": municipality.pk,
        "subject": "A hírek listája üres",
        "category": "website",
        "description": "A Hírek oldalon egy hír sem látszik.",
        "page_url": form.context["form"].initial["page_url"],
        "screenshots": [png()],
        **extra,
    }
    return client.post(reverse("helpdesk_admin:new"), data)


def test_a_staff_member_opens_a_ticket_and_an_operator_answers_it(
    client, editor_a, municipality_a, operator, django_capture_on_commit_callbacks
):
    # when the editor opens a ticket from the page editor
    response = open_through_admin(client, editor_a, municipality_a)
    ticket = Ticket.objects.for_municipality(municipality_a).get()
    assert response.status_code == 302
    assert ticket.page_url == "/admin/pages/3/edit/"
    assert ticket.status == Status.NEW and ticket.opened_by == editor_a
    assert Screenshot.objects.for_municipality(municipality_a).filter(ticket=ticket).count() == 1

    # then the operator finds it in the queue and answers with a canned answer
    canned = CannedAnswer.objects.create(title="Gyorsítótár", body="Kérjük, frissítse az oldalt.")
    client.force_login(operator)
    assert ticket.subject in client.get(reverse("helpdesk_admin:queue")).content.decode()
    page = client.get(reverse("helpdesk_admin:ticket", args=[ticket.pk]), {"valasz": canned.pk})
    assert page.context["answer_form"].initial["body"] == canned.body
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(
            reverse("helpdesk_admin:ticket", args=[ticket.pk]),
            {"action": "answer", "body": canned.body + " Üdvözlettel", "status": "resolved"},
        )
    assert answered.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED and ticket.first_answer_at is not None

    # and the editor reads it; the e-mail carries the link only
    client.force_login(editor_a)
    shown = client.get(reverse("helpdesk_admin:ticket", args=[ticket.pk])).content.decode()
    assert "Üdvözlettel" in shown
    (email,) = mail.outbox
    assert email.to == ["szerkeszto@alsovar.hu"]
    assert f"/admin/ugyfelszolgalat/jegy/{ticket.pk}/" in email.body
    for private in ("Üdvözlettel", "A hírek listája", "Alsóvár", editor_a.last_name):
        assert private not in email.body and private not in email.subject

    kinds = list(helpdesk.events_of(ticket).values_list("kind", flat=True))
    assert kinds == ["opened", "screenshot", "answer", "status"]


def test_staff_see_only_their_own_municipality_s_tickets(
    client, editor_a, municipality_a, municipality_b, make_staff
):
    open_through_admin(client, editor_a, municipality_a)
    ticket = Ticket.objects.for_municipality(municipality_a).get()
    shot = Screenshot.objects.for_municipality(municipality_a).get()
    editor_b = make_staff(municipality_b, StaffRole.EDITOR, username="szerkeszto_b_hd")
    client.force_login(editor_b)
    assert ticket.subject not in client.get(reverse("helpdesk_admin:index")).content.decode()
    assert client.get(reverse("helpdesk_admin:ticket", args=[ticket.pk])).status_code == 404
    screenshot_url = reverse("helpdesk_admin:screenshot", args=[ticket.pk, shot.pk])
    assert client.get(screenshot_url).status_code == 404
    # a reply or an operator's action by B's staff changes nothing
    client.post(
        reverse("helpdesk_admin:ticket", args=[ticket.pk]), {"action": "reply", "body": "x"}
    )
    assert helpdesk.messages_of(ticket).count() == 0
    # B's staff may not post an answer to A's ticket, nor to their own as operators do
    client.force_login(editor_a)
    denied = client.post(
        reverse("helpdesk_admin:ticket", args=[ticket.pk]),
        {"action": "answer", "body": "x", "status": "resolved"},
    )
    assert denied.status_code in (302, 403)  # Wagtail's admin answers a 403 with its home page
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW and helpdesk.messages_of(ticket).count() == 0


def test_a_screenshot_is_served_privately_to_the_municipality_and_the_operators(
    client, editor_a, municipality_a, operator, settings
):
    open_through_admin(client, editor_a, municipality_a)
    ticket = Ticket.objects.for_municipality(municipality_a).get()
    shot = Screenshot.objects.for_municipality(municipality_a).get()
    url = reverse("helpdesk_admin:screenshot", args=[ticket.pk, shot.pk])
    # stored in private storage, under a random name
    assert str(settings.PRIVATE_MEDIA_ROOT) in shot.file.path
    assert "hiba" not in shot.file.name
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    client.force_login(operator)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the admin's login
    # a screenshot of another ticket is not reached through this one
    assert (
        client.get(reverse("helpdesk_admin:screenshot", args=[ticket.pk + 1, shot.pk])).status_code
        != 200
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("kep.png", b"<script>alert(1)</script>"), "töltsön fel"),
        (
            SimpleUploadedFile("kep.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            "töltsön fel",
        ),
        (SimpleUploadedFile("ures.png", b""), "üres"),
    ],
)
def test_a_screenshot_that_is_not_a_picture_is_refused_in_hungarian(
    client, editor_a, municipality_a, upload, message
):
    response = open_through_admin(client, editor_a, municipality_a, screenshots=[upload])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Ticket.objects.for_municipality(municipality_a).exists()
    # what was typed is kept in the form
    assert "A hírek listája üres" in response.content.decode()


def test_a_referer_from_elsewhere_is_not_taken_as_the_page(client, editor_a):
    client.force_login(editor_a)
    form = client.get(reverse("helpdesk_admin:new"), HTTP_REFERER="https://evil.example/admin/x")
    assert form.context["form"].initial["page_url"] == ""


@pytest.mark.parametrize(
    "data",
    [
        {"subject": "a\x00b", "category": "website", "description": "x"},
        {"subject": "x" * 5000, "category": "nincs", "description": "\ufffe"},
        {"municipality": "99999999", "subject": "x", "category": "website", "description": "y"},
        {"municipality": "abc", "page_url": "//evil.example", "screenshots": "x"},
        {"action": "answer"},
    ],
)
def test_odd_input_gets_an_answer_never_a_server_error(client, editor_a, municipality_a, data):
    client.force_login(editor_a)
    response = client.post(reverse("helpdesk_admin:new"), data)
    assert response.status_code in (200, 302)
    assert not Ticket.objects.for_municipality(municipality_a).exists()


def test_odd_actions_on_a_ticket_get_no_server_error(client, editor_a, municipality_a, operator):
    ticket = helpdesk.open_ticket(
        municipality_a, actor=Actor(user=editor_a), subject="x", category="other", description="y"
    )
    client.force_login(operator)
    url = reverse("helpdesk_admin:ticket", args=[ticket.pk])
    for data in (
        {"action": "nincs"},
        {"action": "priority", "priority": "sürgős"},
        {"action": "answer", "body": "", "status": "new"},
        {"action": "answer", "body": "x\x00", "status": "waiting"},
    ):
        assert client.post(url, data).status_code in (200, 302, 404)
    assert client.get(url, {"valasz": "١٢"}).status_code == 200
    assert (
        client.get(reverse("helpdesk_admin:queue"), {"status": "x", "priority": "\x00"}).status_code
        == 200
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW and helpdesk.messages_of(ticket).count() == 0


def test_people_without_a_municipality_have_no_helpdesk(client, django_user_model):
    citizen = django_user_model.objects.create_user("polgar_hd", password="x")
    client.force_login(citizen)
    assert client.get(reverse("helpdesk_admin:new")).status_code in (302, 403)
    assert client.get(reverse("helpdesk_admin:queue")).status_code in (302, 403)


def test_only_operators_work_the_queue(client, editor_a):
    client.force_login(editor_a)
    response = client.get(reverse("helpdesk_admin:queue"))
    assert response.status_code in (302, 403) and "Helpdesk" not in response.content.decode()
