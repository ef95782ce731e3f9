from django.urls import path

from . import views

app_name = "municipal_staff"
membership_action = views.StaffMembershipActionView.as_view()
invitation_action = views.StaffInvitationActionView.as_view()
urlpatterns = [
    path("", views.ChooseMunicipalityView.as_view(), name="choose"),
    path("<int:municipality_id>/", views.StaffIndexView.as_view(), name="index"),
    path("<int:municipality_id>/invite/", views.StaffInviteView.as_view(), name="invite"),
    path(
        "<int:municipality_id>/<int:membership_id>/role/",
        membership_action,
        {"action": "role"},
        name="set_role",
    ),
    path(
        "<int:municipality_id>/<int:membership_id>/deactivate/",
        membership_action,
        {"action": "deactivate"},
        name="deactivate",
    ),
    path(
        "<int:municipality_id>/<int:membership_id>/reinvite/",
        membership_action,
        {"action": "reinvite"},
        name="reinvite",
    ),
    path(
        "<int:municipality_id>/invitations/<int:invitation_id>/resend/",
        invitation_action,
        {"action": "resend"},
        name="resend_invitation",
    ),
    path(
        "<int:municipality_id>/invitations/<int:invitation_id>/revoke/",
        invitation_action,
        {"action": "revoke"},
        name="revoke_invitation",
    ),
]
