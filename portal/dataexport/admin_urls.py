from django.urls import path

from . import views

app_name = "dataexport_admin"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("inditas/", views.StartView.as_view(), name="start"),
    path("<int:export_id>/letoltes/", views.DownloadView.as_view(), name="download"),
]
