from django.urls import path

from . import admin_views

app_name = "publication_admin"
urlpatterns = [
    path("", admin_views.IndexView.as_view(), name="index"),
    path(
        "onkormanyzat/<int:municipality_id>/",
        admin_views.OverdueView.as_view(),
        name="overdue",
    ),
]
