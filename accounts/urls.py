from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profilom/", views.profile, name="profile"),
]
