"""A NUL or a lone surrogate that reaches PostgreSQL is a 400 with a Hungarian message, not a
500 — whichever form (admin, JSON field, raw save) let it through."""

import pytest
from django.db import DataError
from django.test import RequestFactory

from portal.middleware import UnstorableInputMiddleware

pytestmark = pytest.mark.django_db


def middleware():
    return UnstorableInputMiddleware(lambda request: None)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("name=Kiss%00Anna", "application/x-www-form-urlencoded"),
        ('{"name": "Kiss\\u0000Anna"}', "application/json"),
        ('{"name": "\\ud800"}', "application/json"),
    ],
)
def test_a_refused_character_is_a_400_that_says_what_to_remove(body, content_type):
    request = RequestFactory().post("/urlap/", body, content_type=content_type)

    response = middleware().process_exception(request, DataError("cannot contain NUL"))

    assert response.status_code == 400
    assert "nem tárolható" in response.content.decode()


def test_any_other_database_error_is_still_a_bug_to_see():
    request = RequestFactory().post("/urlap/", {"name": "Kiss Anna"})
    assert middleware().process_exception(request, DataError("numeric overflow")) is None
    assert middleware().process_exception(request, ValueError("x")) is None
