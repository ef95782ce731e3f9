from django.urls import path

from . import admin_views

app_name = "search_admin"

urlpatterns = [
    path("", admin_views.IndexView.as_view(), name="index"),
    path("portal/", admin_views.PortalReportView.as_view(), name="portal"),
    path("onkormanyzat/<int:municipality_id>/", admin_views.ReportView.as_view(), name="report"),
]
