from django.urls import path

from . import admin_views as views

app_name = "appointments_admin"
M = "onkormanyzat/<int:municipality_id>/"
S = "beallitas/onkormanyzat/<int:municipality_id>/"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path(M, views.DayView.as_view(), name="day"),
    path(M + "foglalas/<int:booking_id>/", views.BookingView.as_view(), name="booking"),
    path(M + "zarolas/", views.BlockView.as_view(), name="block"),
    path(M + "zarolas/<int:block_id>/torles/", views.UnblockView.as_view(), name="unblock"),
    path("beallitas/", views.SetupIndexView.as_view(), name="setup_index"),
    path(S, views.SetupView.as_view(), name="setup"),
    path(S + "iroda/uj/", views.OfficeEditView.as_view(), name="office_add"),
    path(S + "iroda/<int:office_id>/", views.OfficeEditView.as_view(), name="office"),
    path(S + "ugy/uj/", views.ServiceEditView.as_view(), name="matter_add"),
    path(S + "ugy/<int:matter_id>/", views.ServiceEditView.as_view(), name="matter"),
]
