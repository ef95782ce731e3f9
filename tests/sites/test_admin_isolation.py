"""An editor of municipality A can neither see nor touch anything of municipality B."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from sites.constants import StaffRole
from sites.models import RoleGroup, StandardPage
from tests.factories.municipalities import make_document, make_image

pytestmark = pytest.mark.django_db

DENIED = {403, 404}


def is_denied(response):
    """403 or 404, or Wagtail's own answer to a permission failure in the admin: back to the
    dashboard with the "no permission" message. Pass a response fetched with follow=True."""
    if response.status_code in DENIED:
        return True
    expected = gettext("Sorry, you do not have permission to access this area.")
    return (
        response.status_code == 200
        and response.redirect_chain
        and response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
        and expected in [str(m).strip() for m in response.context["messages"]]
    )


def chooser_html(response):
    # Choosers answer JSON, in which "ő" is escaped: read the HTML out of it.
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


@pytest.fixture
def b_page(municipality_b):
    return municipality_b.root_page.get_children().get(slug="ugyintezes").specific


@pytest.fixture
def b_image(municipality_b):
    return make_image(municipality_b, "Felsővár titkos képe")


@pytest.fixture
def b_document(municipality_b):
    return make_document(municipality_b, "Felsővár titkos rendelete")


@pytest.fixture
def a_client(client, editor_a):
    client.force_login(editor_a)
    return client


@pytest.fixture
def moderator_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.MODERATOR, username="moderator_a")


def test_editor_reaches_the_admin_and_their_own_pages(a_client, municipality_a):
    own_page = municipality_a.root_page.get_children().first()

    assert a_client.get(reverse("wagtailadmin_home")).status_code == 200
    response = a_client.get(reverse("wagtailadmin_pages:edit", args=[own_page.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("wagtailadmin_pages:edit", "get"),
        ("wagtailadmin_pages:edit", "post"),
        ("wagtailadmin_pages:preview_on_edit", "get"),
        ("wagtailadmin_pages:preview_on_edit", "post"),
        ("wagtailadmin_pages:view_draft", "get"),
        ("wagtailadmin_pages:move", "get"),
        ("wagtailadmin_pages:copy", "get"),
        ("wagtailadmin_pages:copy", "post"),
        ("wagtailadmin_pages:delete", "get"),
        ("wagtailadmin_pages:delete", "post"),
        ("wagtailadmin_pages:unpublish", "get"),
        ("wagtailadmin_pages:unpublish", "post"),
        ("wagtailadmin_pages:lock", "post"),
        ("wagtailadmin_pages:history", "get"),
    ],
)
def test_editor_of_a_is_refused_on_b_pages(a_client, b_page, url_name, method):
    url = reverse(url_name, args=[b_page.pk])

    response = getattr(a_client, method)(
        url, {"title": "Feltörve", "slug": "feltorve"}, follow=True
    )

    assert is_denied(response)
    b_page.refresh_from_db()
    assert b_page.title == "Ügyintézés" and b_page.live


@pytest.mark.parametrize("role", [StaffRole.MODERATOR, StaffRole.SITE_ADMIN])
def test_no_role_of_a_can_publish_delete_or_move_b_pages(
    make_staff, client, municipality_a, b_page, role
):
    client.force_login(make_staff(municipality_a, role))

    for url in (
        reverse("wagtailadmin_pages:delete", args=[b_page.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[b_page.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[b_page.pk, municipality_a.root_page_id]),
    ):
        assert is_denied(client.post(url, follow=True))
    b_page.refresh_from_db()
    assert b_page.live and b_page.get_parent().pk != municipality_a.root_page_id


def test_a_page_cannot_be_moved_or_copied_into_b(
    client, moderator_a, municipality_a, municipality_b
):
    client.force_login(moderator_a)
    own_page = municipality_a.root_page.add_child(
        instance=StandardPage(title="Csak Alsóvárban", slug="csak-alsovarban")
    )

    move = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[own_page.pk, municipality_b.root_page_id]),
        follow=True,
    )
    copy = client.post(
        reverse("wagtailadmin_pages:copy", args=[own_page.pk]),
        {
            "new_title": "Másolat",
            "new_slug": "masolat",
            "new_parent_page": municipality_b.root_page_id,
        },
        follow=True,
    )

    assert is_denied(move)
    # sites.admin_guard: a page is never copied into another municipality's tree
    assert copy.status_code == 404
    own_page.refresh_from_db()
    assert own_page.get_parent().pk == municipality_a.root_page_id
    assert not municipality_b.root_page.get_children().filter(slug="masolat").exists()


def test_editor_cannot_add_a_page_under_b(a_client, municipality_b):
    url = reverse(
        "wagtailadmin_pages:add", args=["municipal", "standardpage", municipality_b.root_page_id]
    )

    assert is_denied(a_client.get(url, follow=True))


def test_explorer_never_lists_b_pages(a_client, municipality_a, municipality_b):
    own_listing = a_client.get(reverse("wagtailadmin_explore", args=[municipality_a.root_page_id]))
    b_listing = a_client.get(
        reverse("wagtailadmin_explore", args=[municipality_b.root_page_id]), follow=True
    )
    root_listing = a_client.get(reverse("wagtailadmin_explore_root"), follow=True)

    assert "Ügyintézés" in own_listing.content.decode()
    assert b_listing.status_code == 404
    assert "Felsővár" not in b_listing.content.decode()
    content = root_listing.content.decode()
    assert "Felsővár" not in content
    assert f"/admin/pages/{municipality_b.root_page_id}/" not in content


def test_admin_page_search_finds_only_own_pages(a_client, municipality_a, b_page):
    own_page = municipality_a.root_page.get_children().get(slug="ugyintezes")

    response = a_client.get(reverse("wagtailadmin_pages:search"), {"q": "Ügyintézés"})

    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[own_page.pk]) in content
    assert reverse("wagtailadmin_pages:edit", args=[b_page.pk]) not in content
    assert "Felsővár" not in content


def test_page_chooser_offers_only_own_pages(a_client, municipality_a, municipality_b):
    browse_root = a_client.get(reverse("wagtailadmin_choose_page"))
    browse_b = a_client.get(
        reverse("wagtailadmin_choose_page_child", args=[municipality_b.root_page_id])
    )
    search = a_client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Ügyintézés"})

    for response in (browse_root, browse_b, search):
        assert response.status_code in {200, *DENIED}
        content = chooser_html(response)
        assert "Felsővár" not in content
        assert f'data-id="{municipality_b.root_page_id}"' not in content
    assert "Alsóvár" in chooser_html(browse_root)


def test_b_images_are_refused_and_never_listed(a_client, municipality_a, b_image):
    from tests.factories.municipalities import make_image

    make_image(municipality_a, "Alsóvár saját képe")

    for url in (
        reverse("wagtailimages:edit", args=[b_image.pk]),
        reverse("wagtailimages:delete", args=[b_image.pk]),
        reverse("wagtailimages_chooser:select_format", args=[b_image.pk]),
    ):
        assert is_denied(a_client.get(url, follow=True))
    assert is_denied(a_client.post(reverse("wagtailimages:delete", args=[b_image.pk]), follow=True))
    assert type(b_image).objects.filter(pk=b_image.pk).exists()

    for url, params in (
        (reverse("wagtailimages:index"), {}),
        (reverse("wagtailimages:index"), {"q": "titkos"}),
        (reverse("wagtailimages_chooser:choose"), {}),
        (reverse("wagtailimages_chooser:choose_results"), {"q": "titkos"}),
    ):
        content = chooser_html(a_client.get(url, params))
        assert "Felsővár titkos képe" not in content
    assert "Alsóvár saját képe" in a_client.get(reverse("wagtailimages:index")).content.decode()


def test_b_documents_are_refused_and_never_listed(a_client, municipality_a, b_document):
    make_document(municipality_a, "Alsóvár saját rendelete")

    for url in (
        reverse("wagtaildocs:edit", args=[b_document.pk]),
        reverse("wagtaildocs:delete", args=[b_document.pk]),
    ):
        assert is_denied(a_client.get(url, follow=True))
    assert is_denied(
        a_client.post(reverse("wagtaildocs:delete", args=[b_document.pk]), follow=True)
    )
    assert type(b_document).objects.filter(pk=b_document.pk).exists()

    for url, params in (
        (reverse("wagtaildocs:index"), {}),
        (reverse("wagtaildocs:index"), {"q": "titkos"}),
        (reverse("wagtaildocs_chooser:choose"), {}),
        (reverse("wagtaildocs_chooser:choose_results"), {"q": "titkos"}),
    ):
        content = chooser_html(a_client.get(url, params))
        assert "Felsővár titkos rendelete" not in content
    assert "Alsóvár saját rendelete" in a_client.get(reverse("wagtaildocs:index")).content.decode()


def test_editor_cannot_upload_into_b_collection(a_client, municipality_b):
    from tests.factories.municipalities import png_file

    response = a_client.post(
        reverse("wagtailimages:add"),
        {"title": "Betolakodó", "file": png_file(), "collection": municipality_b.collection_id},
    )

    assert response.status_code in {200, *DENIED}  # the form refuses the collection
    from wagtail.images import get_image_model

    assert not get_image_model().objects.filter(collection=municipality_b.collection).exists()


def test_municipal_staff_cannot_reach_users_groups_sites_or_the_fleet(
    client, site_admin_a, municipality_b
):
    client.force_login(site_admin_a)
    group_b = RoleGroup.objects.for_municipality(municipality_b).first().group

    for url in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:edit", args=[group_b.pk]),
        reverse("wagtailsites:index"),
        reverse("municipalities:index"),
        reverse("municipalities:edit", args=[municipality_b.pk]),
    ):
        assert is_denied(client.get(url, follow=True)), url


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:aging_pages",
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:workflow",
    ],
)
def test_reports_show_nothing_of_b(
    client, make_staff, municipality_a, municipality_b, b_page, url_name
):
    moderator = make_staff(municipality_a, StaffRole.SITE_ADMIN)
    b_page.save_revision(log_action=True).publish()
    client.force_login(moderator)

    response = client.get(reverse(url_name), follow=True)

    assert response.status_code in {200, *DENIED}
    assert "Felsővár" not in response.content.decode()


def test_operators_do_see_b_in_site_history(client, operator, b_page):
    # The counterpart of the test above: the report does list B's changes to those allowed.
    b_page.save_revision(log_action=True).publish()
    client.force_login(operator)

    response = client.get(reverse("wagtailadmin_reports:site_history"))

    assert "Ügyintézés" in response.content.decode()


@pytest.fixture
def editor_of_both(make_staff, municipality_a, municipality_b):
    from sites.staff import add_member

    user = make_staff(municipality_a, StaffRole.MODERATOR, username="moderator_mindketto")
    add_member(municipality_b, user, StaffRole.MODERATOR)
    return user


def test_a_person_working_for_both_cannot_carry_a_page_or_an_image_across(
    client, editor_of_both, municipality_a, municipality_b
):
    client.force_login(editor_of_both)
    own_page = municipality_a.root_page.add_child(
        instance=StandardPage(title="Alsóvári hír", slug="alsovari-hir")
    )
    image = make_image(municipality_a, "Alsóvári kép")

    move = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[own_page.pk, municipality_b.root_page_id])
    )
    edit = client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Alsóvári kép", "collection": municipality_b.collection_id, "tags": ""},
    )
    # within one municipality the same person may move the page
    allowed = client.get(
        reverse("wagtailadmin_pages:move_confirm", args=[own_page.pk, municipality_a.root_page_id])
    )

    assert move.status_code == 404
    assert edit.status_code == 404
    assert allowed.status_code == 200
    own_page.refresh_from_db()
    image.refresh_from_db()
    assert own_page.get_parent().pk == municipality_a.root_page_id
    assert image.collection_id == municipality_a.collection_id


def test_the_workflow_report_lists_own_moderation_and_none_of_b(
    client, moderator_a, editor_a, municipality_a, municipality_b, make_staff
):
    from wagtail.models import Workflow

    own = municipality_a.root_page.add_child(
        instance=StandardPage(title="Alsóvári jóváhagyásra", slug="jovahagyasra", live=False)
    )
    foreign = municipality_b.root_page.add_child(
        instance=StandardPage(title="Felsővári jóváhagyásra", slug="jovahagyasra", live=False)
    )
    for page, municipality, author in (
        (own, municipality_a, editor_a),
        (foreign, municipality_b, make_staff(municipality_b, StaffRole.EDITOR)),
    ):
        page.save_revision(user=author)
        Workflow.objects.get(workflow_pages__page_id=municipality.root_page_id).start(page, author)
    client.force_login(moderator_a)

    content = client.get(reverse("wagtailadmin_reports:workflow")).content.decode()

    assert "Alsóvári jóváhagyásra" in content
    assert "Felsővári jóváhagyásra" not in content
