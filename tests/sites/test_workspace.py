"""The officer workspace base: the switcher, the municipal views, the action table, one
record, the list and its CSV."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views.generic import TemplateView

from sites.constants import StaffRole
from sites.models import StaffMembership
from sites.staff import add_member
from sites.workspace import (
    ActionView,
    ChooseMunicipalityView,
    FilteredListMixin,
    ListView,
    MunicipalWorkspaceMixin,
    ObjectView,
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


def _post(view, user, data=None, path="/", **kwargs):
    request = RequestFactory().post(path, data or {})
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


# -- one record


class Membership(ObjectView):
    """A municipality's memberships stand in for any record of a service."""

    template_name = "unused.html"
    permission = PERMISSION
    index_url_name = "workspace_index"
    pk_url_kwarg = "membership_id"
    context_object_name = "membership"
    actions = {"touch": "touch"}
    opened_records = []

    def get_object_queryset(self):
        return StaffMembership.objects.for_municipality(self.municipality)

    def opened(self, record):
        self.opened_records.append(record)

    def touch(self, record):
        return HttpResponse(f"touched {record.user.username}")


class ReadOnlyMembership(Membership):
    actions = {}


def _membership(municipality, user):
    return StaffMembership.objects.for_municipality(municipality).get(user=user)


def test_a_record_is_shown_and_its_opening_noted(make_staff, municipality_a):
    officer = make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a")
    own = _membership(municipality_a, officer)
    Membership.opened_records = []

    response = _get(Membership, officer, municipality_id=municipality_a.pk, membership_id=own.pk)

    assert response.context_data["membership"] == own
    assert response.context_data["object"] == own
    assert Membership.opened_records == [own]


def test_another_municipalitys_record_does_not_exist_even_through_ones_own(
    officer_a_editor_b, municipality_a, municipality_b, make_staff
):
    # B's record asked for in A's workspace, where the user does work
    record_of_b = _membership(municipality_b, make_staff(municipality_b, StaffRole.OFFICER))
    Membership.opened_records = []

    with pytest.raises(Http404):
        _get(
            Membership,
            officer_a_editor_b,
            municipality_id=municipality_a.pk,
            membership_id=record_of_b.pk,
        )
    with pytest.raises(Http404):
        _post(
            Membership,
            officer_a_editor_b,
            {"action": "touch"},
            municipality_id=municipality_a.pk,
            membership_id=record_of_b.pk,
        )
    assert Membership.opened_records == []


def test_a_posted_action_gets_the_record(make_staff, municipality_a):
    officer = make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a")
    own = _membership(municipality_a, officer)

    response = _post(
        Membership,
        officer,
        {"action": "touch"},
        municipality_id=municipality_a.pk,
        membership_id=own.pk,
    )

    assert response.content == b"touched ugyintezo_a"


def test_a_record_without_actions_refuses_a_post(make_staff, municipality_a):
    officer = make_staff(municipality_a, StaffRole.OFFICER)
    own = _membership(municipality_a, officer)

    response = _post(
        ReadOnlyMembership,
        officer,
        {"action": "touch"},
        municipality_id=municipality_a.pk,
        membership_id=own.pk,
    )

    assert response.status_code == 405


# -- a list and its export


class RoleFilter(forms.Form):
    role = forms.ChoiceField(choices=[("", "—"), *StaffRole.choices], required=False)


class Members(ListView):
    template_name = "unused.html"
    permission = PERMISSION
    index_url_name = "workspace_index"
    filter_form_class = RoleFilter
    page_size = 1
    export_name = "munkatarsak"
    export_columns = ["felhasznalo", "szerep"]

    def get_queryset(self):
        return (
            StaffMembership.objects.for_municipality(self.municipality)
            .select_related("user")
            .order_by("user__username")
        )

    def filter_queryset(self, memberships, form):
        if form.is_valid() and form.cleaned_data["role"]:
            memberships = memberships.filter(role=form.cleaned_data["role"])
        return memberships

    def export_row(self, membership):
        return [membership.user.username, membership.role]


@pytest.fixture
def staff_of_both(make_staff, municipality_a, municipality_b):
    make_staff(municipality_a, StaffRole.OFFICER, username="a_ugyintezo_1")
    make_staff(municipality_a, StaffRole.OFFICER, username="a_ugyintezo_2")
    make_staff(municipality_a, StaffRole.EDITOR, username="a_szerkeszto")
    make_staff(municipality_b, StaffRole.OFFICER, username="b_ugyintezo")
    return _membership(
        municipality_a, make_staff(municipality_a, StaffRole.OFFICER, username="a_ugyintezo_3")
    ).user


def test_the_export_is_the_filtered_list_of_the_municipality_only(staff_of_both, municipality_a):
    response = Members.as_view(as_csv=True)(
        _request(staff_of_both, "/?role=officer&p=2"), municipality_id=municipality_a.pk
    )

    assert response["Content-Disposition"].startswith('attachment; filename="munkatarsak-alsovar-')
    assert response.content.decode("utf-8").splitlines() == [
        "\ufefffelhasznalo;szerep",
        "a_ugyintezo_1;officer",
        "a_ugyintezo_2;officer",
        "a_ugyintezo_3;officer",
    ]


def test_the_list_is_paged_and_keeps_its_filter_in_the_page_links(staff_of_both, municipality_a):
    response = _get(
        Members, staff_of_both, path="/?role=officer&p=2", municipality_id=municipality_a.pk
    )

    context = response.context_data
    assert [m.user.username for m in context["records"]] == ["a_ugyintezo_2"]
    assert context["page"].paginator.count == 3
    assert context["query_string"] == "role=officer"


def test_a_list_without_export_columns_has_no_export(staff_of_both, municipality_a):
    class NoExport(Members):
        export_columns = ()

    with pytest.raises(Http404):
        NoExport.as_view(as_csv=True)(
            _request(staff_of_both, "/"), municipality_id=municipality_a.pk
        )


def _request(user, path):
    request = RequestFactory().get(path)
    request.user = user
    return request
