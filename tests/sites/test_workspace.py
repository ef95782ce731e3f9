"""The officer workspace base: the switcher, the municipal views, the action table, the
CSV (one record and the list view: test_workspace_records.py)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views.generic import TemplateView

from sites.constants import StaffRole
from sites.staff import add_member
from sites.workspace import (
    ActionView,
    ChooseMunicipalityView,
    FilteredListMixin,
    MunicipalWorkspaceMixin,
    csv_response,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

# Held by officers and site admins; "documents.add_case" by officers only.
PERMISSION = "documents.view_casetype"
OFFICERS_ONLY = "documents.add_case"


def _home(request, municipality_id):
    return HttpResponse(str(municipality_id))


urlpatterns = [
    path("munka/", lambda request: HttpResponse(), name="workspace_index"),
    path("munka/<int:municipality_id>/", _home, name="workspace_home"),
]


class Chooser(ChooseMunicipalityView):
    template_name = "unused.html"
    permission = PERMISSION
    index_url_name = "workspace_index"
    home_url_name = "workspace_home"


class Municipal(MunicipalWorkspaceMixin, TemplateView):
    template_name = "unused.html"
    permission = PERMISSION
    index_url_name = "workspace_index"


def _get(view, user, path="/", **kwargs):
    request = RequestFactory().get(path)
    request.user = user
    return view.as_view()(request, **kwargs)


def _post(view, user, data=None, **kwargs):
    request = RequestFactory().post("/", data or {})
    request.user = user
    request._dont_enforce_csrf_checks = True
    return view.as_view()(request, **kwargs)


@pytest.fixture
def officer_a_editor_b(make_staff, municipality_a, municipality_b):
    user = make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a_szerkeszto_b")
    add_member(municipality_b, user, StaffRole.EDITOR)
    return user


# -- the switcher


def test_the_only_municipality_opens_straight_away(officer_a_editor_b, municipality_a):
    # an editor role in B grants nothing here, so A is the only one
    response = _get(Chooser, officer_a_editor_b)

    assert response.status_code == 302
    assert response.url == f"/munka/{municipality_a.pk}/"


def test_somebody_working_for_several_chooses_from_a_searchable_list(
    make_staff, municipality_a, municipality_b
):
    user = make_staff(municipality_a, StaffRole.OFFICER)
    add_member(municipality_b, user, StaffRole.SITE_ADMIN)

    listed = _get(Chooser, user)
    searched = _get(Chooser, user, path="/?q=felső")

    assert listed.status_code == 200
    assert set(listed.context_data["municipalities"]) == {municipality_a, municipality_b}
    assert list(searched.context_data["municipalities"]) == [municipality_b]
    assert searched.context_data["query"] == "felső"


def test_operators_get_the_list_even_with_one_municipality(operator, municipality_a):
    response = _get(Chooser, operator)

    assert response.status_code == 200
    assert list(response.context_data["municipalities"]) == [municipality_a]


def test_nobody_without_the_permission_anywhere_gets_a_403(editor_a):
    with pytest.raises(PermissionDenied):
        _get(Chooser, editor_a)


# -- a municipality's view


def test_a_municipality_reached_through_another_role_does_not_exist(
    officer_a_editor_b, municipality_a, municipality_b
):
    with pytest.raises(Http404):
        _get(Municipal, officer_a_editor_b, municipality_id=municipality_b.pk)

    response = _get(Municipal, officer_a_editor_b, municipality_id=municipality_a.pk)
    assert response.context_data["municipality"] == municipality_a
    assert response.context_data["view"].get_page_subtitle() == municipality_a.name


def test_a_missing_extra_permission_is_a_403(site_admin_a, make_staff, municipality_a):
    class NewCase(Municipal):
        required_permission = OFFICERS_ONLY

    with pytest.raises(PermissionDenied):
        _get(NewCase, site_admin_a, municipality_id=municipality_a.pk)
    officer = make_staff(municipality_a, StaffRole.OFFICER)
    assert _get(NewCase, officer, municipality_id=municipality_a.pk).status_code == 200


# -- the action table


def _function_handler(view):
    return HttpResponse("by function")


class Actions(ActionView):
    permission = PERMISSION
    index_url_name = "workspace_index"
    actions = {"take": "handle_take", "close": _function_handler}

    def handle_take(self):
        return HttpResponse(f"taken in {self.municipality.slug}")


@pytest.mark.parametrize(
    ("action", "body"), [("take", b"taken in alsovar"), ("close", b"by function")]
)
def test_a_posted_action_runs_its_handler(make_staff, municipality_a, action, body):
    officer = make_staff(municipality_a, StaffRole.OFFICER)

    response = _post(Actions, officer, {"action": action}, municipality_id=municipality_a.pk)

    assert response.content == body


def test_the_action_in_the_url_wins_over_the_posted_one(make_staff, municipality_a):
    officer = make_staff(municipality_a, StaffRole.OFFICER)

    response = _post(
        Actions, officer, {"action": "close"}, municipality_id=municipality_a.pk, action="take"
    )

    assert response.content == b"taken in alsovar"


@pytest.mark.parametrize("action", ["delete", "", "handle_take", "__init__"])
def test_an_unknown_action_is_refused(make_staff, municipality_a, action):
    officer = make_staff(municipality_a, StaffRole.OFFICER)

    with pytest.raises(Http404):
        _post(Actions, officer, {"action": action}, municipality_id=municipality_a.pk)


def test_only_post_reaches_an_action(make_staff, municipality_a):
    officer = make_staff(municipality_a, StaffRole.OFFICER)

    response = _get(Actions, officer, municipality_id=municipality_a.pk, action="take")

    assert response.status_code == 405


# -- lists and exports


def test_a_list_is_cut_into_pages_of_the_page_size(rf):
    class Numbers(FilteredListMixin):
        page_size = 3

    view = Numbers()
    view.request = rf.get("/?p=2")

    page = view.paginate(list(range(8)))

    assert list(page) == [3, 4, 5]
    assert page.paginator.num_pages == 3


def test_the_csv_opens_in_hungarian_excel_and_runs_no_formula():
    response = csv_response(
        "befizetesek-alsovar-2026-01-05.csv",
        ["hivatkozas", "osszeg_ft", "megjegyzes"],
        [["B-1", 1500, '=HYPERLINK("x")'], ["B-2", -300, "Árvíztűrő; tükörfúrógép"]],
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="befizetesek-alsovar-2026-01-05.csv"'
    )
    assert response.content.decode("utf-8").splitlines() == [
        "\ufeffhivatkozas;osszeg_ft;megjegyzes",
        'B-1;1500;"\'=HYPERLINK(""x"")"',
        'B-2;-300;"Árvíztűrő; tükörfúrógép"',
    ]
