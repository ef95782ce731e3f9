"""The officer workspace base: one record (ObjectView) and a list with its CSV (ListView),
each only of the municipality in the URL."""

import pytest
from django import forms
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from sites.constants import StaffRole
from sites.models import StaffMembership
from sites.staff import add_member
from sites.workspace import ListView, ObjectView

pytestmark = pytest.mark.django_db

# Held by officers and site admins.
PERMISSION = "documents.view_casetype"


def _request(user, path="/", data=None):
    factory = RequestFactory()
    request = factory.post(path, data) if data is not None else factory.get(path)
    request.user = user
    request._dont_enforce_csrf_checks = True
    return request


def _get(view, user, path="/", **kwargs):
    return view.as_view()(_request(user, path), **kwargs)


def _post(view, user, data, **kwargs):
    return view.as_view()(_request(user, data=data), **kwargs)


@pytest.fixture
def officer_a_editor_b(make_staff, municipality_a, municipality_b):
    user = make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a_szerkeszto_b")
    add_member(municipality_b, user, StaffRole.EDITOR)
    return user


# -- one record


class Membership(ObjectView):
    """A municipality's memberships stand in for any record of a service."""

    template_name = "unused.html"
    permission = PERMISSION
    index_url_name = "documents_admin:index"  # any switcher: only its crumb is shown
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
    index_url_name = "documents_admin:index"  # any switcher: only its crumb is shown
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
