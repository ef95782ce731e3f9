import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_hungarian_even_for_an_english_browser(client, municipality_a):
    response = client.get("/", HTTP_HOST="alsovar.localhost", HTTP_ACCEPT_LANGUAGE="en-GB,en")

    assert response["Content-Language"] == "hu"
    assert "Ugrás a tartalomra" in response.content.decode()


def test_english_is_there_on_request(client, municipality_a):
    switch = client.get("/nyelv/en/", {"next": "/ugyfelfogadas/"}, HTTP_HOST="alsovar.localhost")
    assert switch.status_code == 302 and switch["Location"] == "/ugyfelfogadas/"

    response = client.get("/", HTTP_HOST="alsovar.localhost")

    assert response["Content-Language"] == "en"
    assert "Skip to content" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_hungarian(client, municipality_a, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    response = client.get("/", HTTP_HOST="alsovar.localhost")

    assert response["Content-Language"] == "hu"


def test_the_language_switch_never_redirects_to_another_host(client, municipality_a):
    response = client.get(
        "/nyelv/en/", {"next": "https://evil.example/"}, HTTP_HOST="alsovar.localhost"
    )

    assert response["Location"] == "/"
