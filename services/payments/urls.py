from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("ertesites/<str:provider_name>/", views.notification, name="notification"),
    path("szimulalt-bank/<uuid:payment_uuid>/", views.simulator, name="simulator"),
    path("<uuid:payment_uuid>/", views.returned, name="returned"),
    path("<uuid:payment_uuid>/megszakitva/", views.cancelled, name="cancelled"),
    path("<uuid:payment_uuid>/nyugta/", views.receipt, name="receipt"),
    path("tetel/<str:purpose>/<str:reference>/", views.pay, name="pay"),
]
