"""Login with a mobile number and a one-time code by SMS (allauth's phone support)."""

import re
import time

import pytest
from django.contrib.auth import get_user_model

from accounts.models import PhoneNumber
from accounts.phone import normalise_phone

pytestmark = pytest.mark.django_db

REQUEST_URL = "/fiok/login/code/"
CONFIRM_URL = "/fiok/login/code/confirm/"


def request_code(client, phone, **extra):
    return client.post(REQUEST_URL, {"phone": phone}, **extra)


def last_code(outbox, number):
    text = [sms for sms in outbox if sms["to"] == number][-1]["text"]
    return re.search(r"\b(\d{6})\b", text).group(1)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 30 123 4567", "+36301234567"),
        ("06-30/123-4567", "+36301234567"),
        ("+36 30 123 4567", "+36301234567"),
        ("0036301234567", "+36301234567"),
        ("70 123 4567", "+36701234567"),
        ("+49 151 2345 6789", "+4915123456789"),
    ],
)
def test_numbers_are_stored_in_international_form(typed, stored):
    assert normalise_phone(typed) == stored


NOT_MOBILE = "Kódot csak magyar mobilszámra tudunk küldeni"
NOT_A_NUMBER = "Erre a telefonszámra nem tudunk kódot küldeni. Így írja: 06 30 123 4567"


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("06 1 234 5678", NOT_MOBILE),  # a landline
        ("06 30 123 456", NOT_MOBILE),  # a digit short
        ("hívjon fel", NOT_A_NUMBER),
        ("+36", NOT_A_NUMBER),
    ],
)
def test_numbers_that_cannot_receive_a_code_are_refused_in_hungarian(client, typed, refusal):
    response = request_code(client, typed)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["phone"])
    assert refusal in errors
    assert not logged_in(client)


def test_a_new_number_gets_a_code_and_an_account_that_the_code_opens(client, sms_outbox):
    # when
    response = request_code(client, "06 30 123 4567")

    # then a code went to the number, and nothing is open yet
    assert response.status_code == 302 and response["Location"].startswith(CONFIRM_URL)
    assert [sms["to"] for sms in sms_outbox] == ["+36301234567"]
    assert not logged_in(client)
    assert not PhoneNumber.objects.get(number="+36301234567").verified

    # when the code is entered
    response = client.post(CONFIRM_URL, {"code": last_code(sms_outbox, "+36301234567")})

    # then
    assert response.status_code == 302
    assert logged_in(client)
    phone = PhoneNumber.objects.get(number="+36301234567")
    assert phone.verified and str(phone.user.pk) == client.session["_auth_user_id"]


def test_a_known_number_logs_into_its_own_account(client, sms_outbox):
    owner = get_user_model().objects.create(username="tulajdonos")
    PhoneNumber.objects.create(user=owner, number="+36201112233", verified=True)

    request_code(client, "06201112233")
    client.post(CONFIRM_URL, {"code": last_code(sms_outbox, "+36201112233")})

    assert client.session["_auth_user_id"] == str(owner.pk)
    assert get_user_model().objects.count() == 1


def test_a_wrong_code_is_refused_and_three_wrong_codes_end_the_attempt(client, sms_outbox):
    request_code(client, "06 30 123 4567")
    right = last_code(sms_outbox, "+36301234567")
    wrong = "000000" if right != "000000" else "111111"

    first = client.post(CONFIRM_URL, {"code": wrong})
    assert first.status_code == 200 and first.context["form"].errors
    client.post(CONFIRM_URL, {"code": wrong})
    client.post(CONFIRM_URL, {"code": wrong})

    # The right code no longer helps: the attempt was abandoned.
    client.post(CONFIRM_URL, {"code": right})
    assert not logged_in(client)


def test_an_expired_code_is_refused(client, sms_outbox, monkeypatch, settings):
    request_code(client, "06 30 123 4567")
    code = last_code(sms_outbox, "+36301234567")

    # when the code's lifetime has passed
    sent_at = time.time()
    monkeypatch.setattr(time, "time", lambda: sent_at + settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT + 1)
    client.post(CONFIRM_URL, {"code": code})

    # then
    assert not logged_in(client)


def fresh_client():
    # Someone flooding a number does not keep cookies: every request is a new session.
    from django.test import Client

    return Client(HTTP_HOST="portal.varoshaza.test")


def test_asking_again_in_the_same_session_sends_nothing_new(client, sms_outbox):
    for _ in range(3):
        response = request_code(client, "06 30 123 4567")

    assert response["Location"].startswith(CONFIRM_URL)
    assert len(sms_outbox) == 1


def test_codes_to_one_number_are_rate_limited(sms_outbox):
    responses = [request_code(fresh_client(), "06 30 123 4567") for _ in range(4)]

    assert [r.status_code for r in responses[:3]] == [302, 302, 302]
    assert responses[3].status_code == 200
    assert responses[3].context["form"].errors
    assert len(sms_outbox) == 3


def test_codes_from_one_address_are_rate_limited_across_numbers(sms_outbox):
    numbers = [f"06 30 555 {n:04d}" for n in range(11)]

    statuses = [request_code(fresh_client(), number).status_code for number in numbers]

    assert statuses[:10] == [302] * 10
    assert statuses[10] in (200, 429)
    assert len(sms_outbox) == 10


def test_a_number_gets_no_more_than_its_daily_share_of_texts(settings, sms_outbox):
    from accounts.sms import send_sms

    settings.SMS_DAILY_LIMIT_PER_NUMBER = 2

    sent = [send_sms("+36301234567", "kód") for _ in range(3)]

    assert sent == [True, True, False]
    assert len(sms_outbox) == 2


def test_the_messages_name_the_number_as_hungarians_write_it_not_the_internal_user_name(
    client, sms_outbox
):
    sent = request_code(client, "06 30 123 4567")
    confirm_page = client.get(sent["Location"]).content.decode()

    assert "Belépési kódot küldtünk a +36 30 123 4567 telefonszámra." in confirm_page
    assert "Kódot küldtünk SMS-ben a" in confirm_page and "címre" not in confirm_page

    logged = client.post(CONFIRM_URL, {"code": last_code(sms_outbox, "+36301234567")}, follow=True)

    shown = [str(message) for message in logged.context["messages"]]
    assert shown == ["Sikeresen belépett: +36 30 123 4567."]
    assert "tel36" not in logged.content.decode()


def test_a_person_with_a_name_is_greeted_family_name_first(client, sms_outbox):
    owner = get_user_model().objects.create(
        username="tel36201112233", first_name="Anna", last_name="Kiss"
    )
    PhoneNumber.objects.create(user=owner, number="+36201112233", verified=True)

    request_code(client, "06201112233")
    logged = client.post(CONFIRM_URL, {"code": last_code(sms_outbox, "+36201112233")}, follow=True)

    assert "Sikeresen belépett: Kiss Anna." in [str(m) for m in logged.context["messages"]]
