import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_hungarian_even_for_an_english_browser(client, municipality_a):
    response = client.get("/", HTTP_HOST="alsovar.localhost", HTTP_ACCEPT_LANGUAGE="en-GB,en")

    assert response["Content-Language"] == "hu"
    assert "Ugrás a tartalomra" in response.content.decode()


def test_english_is_there_on_request(client, municipality_a):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_HOST="alsovar.localhost")

    response = client.get("/", HTTP_HOST="alsovar.localhost")

    assert response["Content-Language"] == "en"
    assert "Skip to content" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_hungarian(client, municipality_a, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    response = client.get("/", HTTP_HOST="alsovar.localhost")

    assert response["Content-Language"] == "hu"
