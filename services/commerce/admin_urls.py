from django.urls import path

from . import admin_desk as desk
from . import admin_views as views

app_name = "commerce_admin"
M = "onkormanyzat/<int:municipality_id>/"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path(M, views.TraderListView.as_view(), name="traders"),
    path(M + "kereskedok.csv", views.TraderListView.as_view(as_csv=True), name="traders_export"),
    path(M + "kereskedo/<int:trader_id>/", views.TraderView.as_view(), name="trader"),
    path(M + "ellenorzes/", desk.QueueView.as_view(), name="queue"),
    path(M + "engedelyek/", desk.LicenceCasesView.as_view(), name="cases"),
    path(M + "statisztika/", desk.StatisticsView.as_view(), name="statistics"),
]
