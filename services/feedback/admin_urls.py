from django.urls import path

from . import admin_views

app_name = "feedback_admin"
urlpatterns = [
    path("", admin_views.IndexView.as_view(), name="index"),
    path("flotta/", admin_views.FleetView.as_view(), name="fleet"),
    path("onkormanyzat/<int:municipality_id>/", admin_views.ReportView.as_view(), name="report"),
    path(
        "onkormanyzat/<int:municipality_id>/hozzaszolas/<int:vote_id>/elrejtes/",
        admin_views.HideCommentView.as_view(),
        name="hide_comment",
    ),
]
