"""Wagtail's "logged-in users" privacy means: the staff of the municipality that owns the
page (or the document's collection), and operators. Not every account of the platform."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from sites.constants import StaffRole
from sites.models import RoleGroup, StaffMembership, StandardPage
from sites.staff import deactivate
from tests.factories.municipalities import UserFactory, make_document

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"
PATH = "/ugyfelfogadas/"
REFUSED = "csak Alsóvár munkatársai számára érhető el"


@pytest.fixture
def private_page(municipality_a):
    page = municipality_a.root_page.get_children().get(slug="ugyfelfogadas")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.fixture
def citizen(db):
    return UserFactory(username="polgar", first_name="Anna", last_name="Kiss")


@pytest.fixture
def editor_b(make_staff, municipality_b):
    return make_staff(municipality_b, StaffRole.EDITOR, username="szerkeszto_b")


@pytest.fixture
def former_editor_a(make_staff, municipality_a):
    user = make_staff(municipality_a, StaffRole.EDITOR, username="volt_szerkeszto_a")
    deactivate(StaffMembership.objects.for_municipality(municipality_a).get(user=user))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def text(response):
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize("who", ["citizen", "editor_b", "former_editor_a"])
def test_others_logged_in_are_refused_a_private_page(request, private_page, who):
    response = logged_in(request.getfixturevalue(who)).get(PATH, HTTP_HOST=HOST)

    assert response.status_code == 403
    assert REFUSED in text(response)
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["editor_a", "operator"])
def test_the_municipality_s_staff_and_operators_see_a_private_page(request, private_page, who):
    response = logged_in(request.getfixturevalue(who)).get(PATH, HTTP_HOST=HOST)

    assert response.status_code == 200
    assert private_page.title in text(response)


def test_pages_below_a_private_section_are_refused_too(private_page, editor_b):
    child = private_page.add_child(instance=StandardPage(title="Belső rend", slug="belso-rend"))
    child.save_revision().publish()

    response = logged_in(editor_b).get(child.url, HTTP_HOST=HOST)

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_and_never_gets_staff_s_copy(
    private_page, editor_a
):
    assert logged_in(editor_a).get(PATH, HTTP_HOST=HOST).status_code == 200

    for _attempt in range(2):
        response = Client().get(PATH, HTTP_HOST=HOST)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_group_restriction_admits_only_this_municipality_s_staff(
    municipality_a, municipality_b, editor_a, editor_b
):
    # The admin's group list offers every municipality's groups: choosing B's editors on
    # A's page must not open it to them.
    page = municipality_a.root_page.get_children().get(slug="ugyfelfogadas")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(
        RoleGroup.objects.for_municipalities([municipality_a, municipality_b])
        .filter(role=StaffRole.EDITOR)
        .values_list("group", flat=True)
    )

    assert logged_in(editor_a).get(PATH, HTTP_HOST=HOST).status_code == 200
    assert logged_in(editor_b).get(PATH, HTTP_HOST=HOST).status_code == 403


@pytest.fixture
def private_document(municipality_a):
    document = make_document(municipality_a, "Belső szabályzat")
    CollectionViewRestriction.objects.create(
        collection=municipality_a.collection,
        restriction_type=CollectionViewRestriction.LOGIN,
    )
    return document


@pytest.mark.parametrize(
    ("who", "status"),
    [("citizen", 403), ("editor_b", 403), ("former_editor_a", 403), ("editor_a", 200),
     ("operator", 200)],
)
def test_a_private_collection_s_documents_follow_the_same_rule(
    request, private_document, who, status
):
    response = logged_in(request.getfixturevalue(who)).get(private_document.url)

    assert response.status_code == status


def test_an_anonymous_visitor_of_a_private_document_is_sent_to_the_login(private_document):
    response = Client().get(private_document.url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_privacy_modal_explains_the_staff_only_option(client, site_admin_a, private_page):
    client.force_login(site_admin_a)

    response = client.get(reverse("wagtailadmin_pages:set_privacy", args=[private_page.pk]))

    html = " ".join(response.json()["html"].split())
    assert "Csak az önkormányzat munkatársai (bejelentkezve)" in html
    assert "a lakosok és más önkormányzatok munkatársai nem" in html
    assert "Privát, bejelentkezett felhasználóknak elérhető" not in html


def test_the_collection_privacy_modal_explains_it_too(client, operator, municipality_a):
    client.force_login(operator)

    response = client.get(
        reverse("wagtailadmin_collections:set_privacy", args=[municipality_a.collection.pk])
    )

    html = " ".join(response.json()["html"].split())
    assert "Csak az önkormányzat munkatársai (bejelentkezve)" in html
    assert "a lakosok és más önkormányzatok munkatársai nem" in html
