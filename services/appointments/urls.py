from django.urls import path

from . import views

app_name = "appointments"
urlpatterns = [
    path("", views.here, name="here"),
    path("foglalas/<str:token>/", views.manage, name="manage"),
    path("foglalas/<str:token>/idopont.ics", views.calendar_entry, name="ics"),
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/<int:service_id>/", views.service_slots, name="book"),
]
