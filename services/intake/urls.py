from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("<slug:slug>/<str:reference>/fizetes/", views.pay, name="pay"),
    path("<slug:slug>/<str:reference>/nyugta/", views.receipt, name="receipt"),
    path("<slug:slug>/<str:reference>/nyugta/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("<slug:slug>/<str:reference>/fajl/<str:key>/", views.attachment, name="file"),
]
