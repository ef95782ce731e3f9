from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profilom/", views.profile, name="profile"),
    # Outside /admin/: the invitee has no role (and no second factor) before accepting.
    path("meghivas/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
