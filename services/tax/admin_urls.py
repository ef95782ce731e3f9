from django.urls import path

from . import admin_views as views

app_name = "tax_admin"
M = "onkormanyzat/<int:municipality_id>/"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path(M, views.TaxpayerListView.as_view(), name="taxpayers"),
    path(M + "adozok.csv", views.TaxpayerListView.as_view(as_csv=True), name="taxpayers_export"),
    path(M + "adozo/<int:taxpayer_id>/", views.TaxpayerView.as_view(), name="taxpayer"),
    path(
        M + "adozo/<int:taxpayer_id>/potlek/<int:entry_id>/",
        views.InterestView.as_view(),
        name="interest",
    ),
    path(M + "rendeletek/", views.DecreeListView.as_view(), name="decrees"),
    path(M + "rendeletek/uj/", views.DecreeCreateView.as_view(), name="decree_create"),
    path(M + "rendeletek/<int:decree_id>/", views.DecreeView.as_view(), name="decree"),
    path(
        M + "rendeletek/<int:decree_id>/szimulacio/",
        views.SimulationView.as_view(),
        name="simulation",
    ),
    path(M + "bevetelek/", views.ReceiptsView.as_view(), name="receipts"),
    path(M + "bevetelek.csv", views.ReceiptsExportView.as_view(), name="receipts_export"),
]

# The taxpayer's portal account link and card payments (admin_links).
from .admin_links import PortalLinkView  # noqa: E402

urlpatterns += [
    path(
        M + "adozo/<int:taxpayer_id>/portalfiok/",
        PortalLinkView.as_view(),
        name="portal_link",
    ),
]
