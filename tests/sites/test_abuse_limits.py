"""Abuse limits: login, the texted code, password reset, the contact form and invitations are
limited per person and per client address, refused in Hungarian, and the limits pass."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, RequestFactory

from accounts.sms.backends import outbox
from sites.actor import client_ip
from sites.models import ContactFormField, ContactPage

pytestmark = pytest.mark.django_db

PORTAL = "portal.varoshaza.test"
HOST = "alsovar.localhost"
LIMITED = "Túl sok próbálkozás rövid időn belül"
LOGIN_FAILED = "Túl sok sikertelen belépési kísérlet"


def fresh_client(address="198.51.100.7", **headers):
    # An abuser keeps no cookies: every attempt is a new session.
    return Client(HTTP_HOST=PORTAL, REMOTE_ADDR=address, **headers)


# ---------------------------------------------------------------- the client's address


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_appended_counts_not_the_clients_own(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # the client wrote "1.2.3.4" himself; the proxy appended what it saw
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(request_from("10.0.0.2", "198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_outer_ones_entry_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    header = "1.2.3.4, 198.51.100.7, 10.0.0.1"
    assert client_ip(request_from("10.0.0.2", header)) == "198.51.100.7"


@pytest.mark.parametrize("header", ["", "not-an-address", " , "])
def test_a_missing_or_broken_forwarded_header_falls_back_to_the_peer(settings, header):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", header)) == "10.0.0.2"


# ---------------------------------------------------------------- allauth's views


def failed_login(client, login="kovacs.anna@example.hu"):
    return client.post("/fiok/login/", {"login": login, "password": "nem-ez-a-jelszo"})


def test_failed_logins_for_one_person_are_refused_in_hungarian_after_the_limit(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/5m/key"}
    get_user_model().objects.create_user("anna", "kovacs.anna@example.hu", "helyes-jelszo-1")

    answers = [failed_login(fresh_client(f"198.51.100.{n}")) for n in range(4)]

    assert all(LOGIN_FAILED not in a.content.decode() for a in answers[:3])
    assert LOGIN_FAILED in answers[3].content.decode()
    # even the right password is refused until the limit passes
    right = fresh_client("198.51.100.99").post(
        "/fiok/login/", {"login": "kovacs.anna@example.hu", "password": "helyes-jelszo-1"}
    )
    assert right.status_code == 200 and LOGIN_FAILED in right.content.decode()

    # when the window has passed (the counters are in the cache)
    cache.clear()
    right = fresh_client("198.51.100.99").post(
        "/fiok/login/", {"login": "kovacs.anna@example.hu", "password": "helyes-jelszo-1"}
    )
    assert right.status_code == 302


def test_logins_from_one_address_get_a_hungarian_429_page(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}

    answers = [failed_login(fresh_client(), f"user{n}@example.hu") for n in range(4)]

    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code == 429
    assert LIMITED in answers[3].content.decode()
    # another address is not affected
    assert failed_login(fresh_client("203.0.113.50"), "x@example.hu").status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_limited_not_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}

    def through_proxy(client_address):
        client = fresh_client("10.0.0.2", HTTP_X_FORWARDED_FOR=client_address)
        return failed_login(client).status_code

    assert [through_proxy("198.51.100.7") for _ in range(3)] == [200, 200, 429]
    assert through_proxy("198.51.100.8") == 200  # same proxy, another person


def test_code_requests_from_one_address_are_refused_in_hungarian_and_text_nothing(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "request_login_code": "2/m/ip,3/10m/key",
    }

    outbox.clear()

    answers = [
        fresh_client().post("/fiok/login/code/", {"phone": f"06 30 555 {n:04d}"}) for n in range(3)
    ]

    assert [a.status_code for a in answers[:2]] == [302, 302]
    # allauth counts the address in the form: a refusal on the form, in Hungarian
    assert answers[2].status_code == 200
    assert LOGIN_FAILED in answers[2].content.decode()
    assert [sms["to"] for sms in outbox] == ["+36305550000", "+36305550001"]
    outbox.clear()


def test_password_reset_requests_for_one_address_are_limited(settings, mailoutbox):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "reset_password": "20/m/ip,2/m/key",
    }
    get_user_model().objects.create_user("anna", "kovacs.anna@example.hu", "helyes-jelszo-1")

    answers = [
        fresh_client(f"198.51.100.{n}").post(
            "/fiok/password/reset/", {"email": "kovacs.anna@example.hu"}
        )
        for n in range(3)
    ]

    assert [a.status_code for a in answers[:2]] == [302, 302]
    assert answers[2].status_code in (200, 429)
    assert len(mailoutbox) == 2


def test_wagtails_own_password_reset_goes_through_allauths_limited_one(client):
    response = client.get("/admin/password_reset/", HTTP_HOST=PORTAL)

    assert response.status_code == 302
    assert response["Location"] == "/fiok/password/reset/"


# ---------------------------------------------------------------- the contact form


@pytest.fixture
def contact_page(municipality_a):
    page = ContactPage.objects.descendant_of(municipality_a.root_page).get()
    page.to_address = "hivatal@alsovar.hu"
    ContactFormField.objects.filter(page=page).delete()
    page.form_fields.add(
        ContactFormField(label="E-mail", field_type="email", required=True),
        ContactFormField(label="Üzenet", field_type="multiline", required=True),
    )
    page.save_revision().publish()
    return page


def write(page, address="198.51.100.7", email="kiss.bela@example.hu"):
    client = Client(HTTP_HOST=HOST, REMOTE_ADDR=address)
    fields = ContactFormField.objects.filter(page=page)
    names = {field.field_type: field.clean_name for field in fields}
    data = {names["email"]: email, names["multiline"]: "Mikor van fogadóóra?"}
    return client.post(page.url, data)


def submissions(page):
    return page.get_submission_class().objects.filter(page=page).count()


def test_the_contact_form_refuses_one_address_after_the_limit_keeping_the_text(
    settings, contact_page
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact_form": "3/10m/ip"}

    answers = [write(contact_page, email=f"ember{n}@example.hu") for n in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[3].content.decode()
    assert LIMITED in refused
    assert "Mikor van fogadóóra?" in refused  # what was typed is shown again
    assert submissions(contact_page) == 3
    assert write(contact_page, address="203.0.113.50").status_code == 200


def test_the_contact_form_limits_one_sender_across_addresses(settings, contact_page):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact_form": "50/10m/ip,2/10m/key"}

    answers = [
        write(contact_page, address=f"198.51.100.{n}", email="Kiss.Bela@example.hu ")
        for n in range(3)
    ]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert submissions(contact_page) == 2
    assert write(contact_page, email="mas.valaki@example.hu").status_code == 200


def test_the_contact_forms_limit_passes_with_its_window(settings, contact_page):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact_form": "1/10m/ip"}
    now = 1_800_000_000.0

    with mock.patch("django_ratelimit.core.time.time", return_value=now):
        assert write(contact_page).status_code == 200
        assert write(contact_page).status_code == 429
    with mock.patch("django_ratelimit.core.time.time", return_value=now + 601):
        assert write(contact_page).status_code == 200


# ---------------------------------------------------------------- invitations


def test_an_invitations_page_is_limited_per_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accept_invitation": "2/10m/ip"}

    statuses = [fresh_client().get(f"/fiok/meghivas/talalgatas{n}/").status_code for n in range(3)]

    assert statuses == [404, 404, 429]


def test_a_mistyped_limit_in_the_environment_stops_the_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import portal.settings.auth as auth

    monkeypatch.setenv("RATE_LIMIT_CONTACT_FORM", "5 per minute")
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_CONTACT_FORM"):
        importlib.reload(auth)
    monkeypatch.delenv("RATE_LIMIT_CONTACT_FORM")
    importlib.reload(auth)
