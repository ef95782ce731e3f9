from django.urls import path

from . import admin_views as views

app_name = "payments_admin"
M = "onkormanyzat/<int:municipality_id>/"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("stripe-fiokok/", views.MerchantAccountListView.as_view(), name="merchants"),
    path(
        "stripe-fiokok/<int:municipality_id>/",
        views.MerchantAccountEditView.as_view(),
        name="merchant_edit",
    ),
    path(M, views.PaymentListView.as_view(), name="list"),
    path(M + "export.csv", views.PaymentListView.as_view(as_csv=True), name="export"),
    path(M + "jelentes/", views.DailyReportView.as_view(), name="report"),
    path(M + "<int:payment_id>/", views.PaymentDetailView.as_view(), name="detail"),
    path(M + "<int:payment_id>/nyugta/", views.ReceiptView.as_view(), name="receipt"),
]
