"""Every URL a person or a provider can reach, found through the URL resolver, gets
generated posts — anonymous and logged in, on the portal and on a municipality's site —
and never answers with a 5xx. A new endpoint is fuzzed by this test without a word; one
whose URL the harness cannot fill fails ``test_every_public_endpoint_can_be_reached``.

The endpoints whose answers are stored get a deeper fuzz of their own: the site's form page
and the wizard (test_forms.py), the payment webhooks with valid signatures
(test_webhooks.py)."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st
from wagtail.contrib.forms.models import AbstractForm
from wagtail.models import get_page_models

from tests.factories.municipalities import UserFactory

from .strategies import few, post, urlencoded, values

pytestmark = pytest.mark.django_db

HOST_A = "alsovar.localhost"
# Behind the staff's login and second factor: the admin's own forms (Django's and Wagtail's
# fields, with the NUL middleware as the last guard) are not for the public.
NOT_PUBLIC = ("admin/", "django-admin/", "_util/login/")
# The wizard's and the forms' deeper tests (test_forms.py), and the other helpers'.
DEEP = {
    "forms:detail": "test_forms.py::test_the_site_form_page",
    "journey:step": "test_forms.py::test_every_wizard_step_and_row_action",
    "journey:summary": "test_forms.py::test_the_wizard_summary",
    "journey:start": "test_forms.py::test_starting_the_wizard_in_someones_name",
    "wagtail_serve": "test_endpoints.py::test_every_form_page_type (contact form)",
}
# The names a page posts, where it has a form: the generated posts mix these with others.
FIELD_NAMES = {
    "account_login": ["login", "password", "phone", "remember"],
    "account_request_login_code": ["phone", "email"],
    "account_confirm_login_code": ["code"],
    "account_verify_phone": ["code", "action"],
    "account_change_phone": ["phone"],
    "account_signup": ["email", "phone", "password1", "password2"],
    "account_reset_password": ["email"],
    "development_agent_login": ["citizen", "next"],
    "journey:start": ["acting_for"],
    "journey:acting_for": ["acting_for", "next"],
    "journey:representations": [
        "kind",
        "name",
        "identifier_kind",
        "identifier",
        "all_forms",
        "categories",
        "form_codes",
        "valid_from",
        "valid_until",
        "declaration",
    ],
    "journey:choose": ["municipality", "next"],
    "search": ["q", "page"],
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"{pattern.callback.__module__}.{pattern.callback.__name__}"
            if namespace and pattern.name:
                name = f"{namespace}:{pattern.name}"
            yield name, prefix + str(pattern.pattern)


def public_routes():
    return sorted(
        {
            (name, route)
            for name, route in _walk(get_resolver().url_patterns)
            if not route.lstrip("^").startswith(NOT_PUBLIC)
        }
    )


# Values for the URL's own parts: what a page links to, and what a person may type instead.
FILL = {
    "int": "1",
    "slug": "alsovar",
    "str": "x",
    "uuid": str(uuid.UUID(int=1)),
    "path": "x/y",
}
# Wagtail's catch-all serves the pages: the site's contact page takes a post.
ROUTE_FILL = {r"^((?:[\w\-]+/)*)$": "/kapcsolat/"}
REGEX_FILL = {
    "key": "abc",
    "uidb36": "1",
    "provider_id": "x",
    "organization_slug": "x",
    "": "1",
}


def _fill_groups(route):
    """A regex route with each group (named or not, nested or not) replaced by a value."""
    out, depth, i = [], 0, 0
    while i < len(route):
        char = route[i]
        if char == "\\" and depth == 0:
            out.append(route[i : i + 2])
            i += 2
            continue
        if char == "[" and depth:
            i = route.index("]", i + 2) + 1  # a class may hold ( ) ^ $ as plain characters
            continue
        if char == "(":
            if depth == 0:
                name = re.match(r"\(\?P<(\w+)>", route[i:])
                out.append(REGEX_FILL.get(name[1] if name else "", "1"))
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
        i += 1
    return "".join(out).replace("^", "").replace("$", "")


def concrete_url(route):
    """The route with each part filled in, or None where the harness cannot fill it."""
    if route in ROUTE_FILL:
        return ROUTE_FILL[route]
    url = re.sub(r"(?<!\?P)<(?:(\w+):)?(\w+)>", lambda m: FILL.get(m[1] or "str", "x"), route)
    if re.search(r"[()^$]", url):
        url = _fill_groups(url)
    if re.search(r"[()\\\[\]^$*+?{}]", url):
        return None
    return "/" + url.lstrip("/")


ROUTES = public_routes()


def test_every_public_endpoint_can_be_reached():
    unfilled = [f"{name}: {route}" for name, route in ROUTES if concrete_url(route) is None]
    assert unfilled == [], "teach concrete_url() these routes so they are fuzzed"
    names = {name for name, _route in ROUTES}
    stale = (set(DEEP) | set(FIELD_NAMES)) - names
    assert stale == set(), "these endpoints are gone: update the fuzz tables"


def test_every_form_page_type_is_fuzzed():
    """A page type that takes a post (a Wagtail form page) is fuzzed below; a new one fails
    here until it is added to FORM_PAGES."""
    form_pages = {
        model._meta.label for model in get_page_models() if issubclass(model, AbstractForm)
    }
    assert form_pages <= set(FORM_PAGES)


FORM_PAGES = {"municipal.ContactPage": "kapcsolat"}


@pytest.fixture
def clients(municipality_a):
    citizen = Client()
    citizen.force_login(UserFactory(username="fuzz_endpoints"))
    return {"anonymous": Client(), "citizen": citizen}


# The routes in a few batches: one database set-up per batch, and pytest-xdist spreads them.
BATCHES = 4


def _fuzz_one(clients, name, url):
    names = FIELD_NAMES.get(name, []) + ["next", "action", "csrfmiddlewaretoken"]

    @few
    @given(
        who=st.sampled_from(sorted(clients)),
        host=st.sampled_from(["testserver", HOST_A]),
        method=st.sampled_from(["post", "get"]),
        fields=st.dictionaries(st.sampled_from(names) | st.text(max_size=8), values, max_size=6),
    )
    def fuzz(who, host, method, fields):
        if method == "get":  # a query string is input too (search, filters, pages)
            response = clients[who].get(f"{url}?{urlencoded(fields)}", HTTP_HOST=host)
        else:
            response = post(clients[who], url, fields, HTTP_HOST=host)
        assert response.status_code < 500, (name, method, url, fields)

    fuzz()


@pytest.mark.parametrize("batch", range(BATCHES))
def test_every_public_endpoint(clients, batch):
    for name, route in ROUTES[batch::BATCHES]:
        _fuzz_one(clients, name, concrete_url(route))


@pytest.mark.parametrize("model", sorted(FORM_PAGES))
def test_every_form_page_type(clients, municipality_a, model):
    from wagtail.models import Page

    app_label, model_name = model.split(".")
    page = (
        Page.objects.descendant_of(municipality_a.root_page)
        .type(*[m for m in get_page_models() if m._meta.label == model])
        .specific()
        .first()
    )
    assert page is not None, f"the starter tree has no {model}"
    names = [field.clean_name for field in page.get_form_fields()]
    url = page.relative_url(municipality_a.site)

    @few
    @given(
        who=st.sampled_from(sorted(clients)),
        fields=st.dictionaries(st.sampled_from(names) | st.text(max_size=8), values, max_size=8),
    )
    def fuzz(who, fields):
        response = post(clients[who], url, fields, HTTP_HOST=HOST_A)
        assert response.status_code < 500, (url, fields)

    fuzz()
