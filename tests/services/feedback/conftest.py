import pytest

from services.feedback import tokens
from sites.models import StandardPage

HOST_A = "alsovar.localhost"
HOST_B = "felsovar.localhost"


@pytest.fixture
def page_a(municipality_a):
    page = municipality_a.root_page.add_child(
        instance=StandardPage(title="Hulladékszállítás", slug="hulladek", intro="Szállítási rend")
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def page_b(municipality_b):
    page = municipality_b.root_page.add_child(
        instance=StandardPage(title="Zqxb oldal", slug="zqxb-oldal", intro="B oldala")
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def post_vote(client):
    """post_vote(page, host, **fields): a vote as the form sends it, its token drawn a
    minute ago (past the minimum time) unless given."""

    def _post(page, host=HOST_A, address="10.0.0.1", **fields):
        data = {
            "token": tokens.issue(page.pk, now=__import__("time").time() - 60),
            "hasznos": "igen",
        }
        data.update(fields)
        return client.post(f"/visszajelzes/{page.pk}/", data, HTTP_HOST=host, REMOTE_ADDR=address)

    return _post


@pytest.fixture
def moderator_a(make_staff, municipality_a):
    from sites.constants import StaffRole

    return make_staff(municipality_a, StaffRole.MODERATOR, username="moderator_a")


@pytest.fixture
def editor_b(make_staff, municipality_b):
    from sites.constants import StaffRole

    return make_staff(municipality_b, StaffRole.EDITOR, username="szerkeszto_b")


@pytest.fixture
def site_admin_b(make_staff, municipality_b):
    from sites.constants import StaffRole

    return make_staff(municipality_b, StaffRole.SITE_ADMIN, username="webadmin_b")
