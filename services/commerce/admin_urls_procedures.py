from django.urls import path

from . import admin_procedures as views

app_name = "commerce_procedures"
M = "onkormanyzat/<int:municipality_id>/"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path(M, views.ProcedureListView.as_view(), name="list"),
    path(M + "eljaras/<int:procedure_id>/", views.ProcedureView.as_view(), name="procedure"),
    path(M + "ovezetek/", views.ZoningView.as_view(), name="zoning"),
]
