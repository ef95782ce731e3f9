from django.urls import path

from . import views

app_name = "fleet_admin"
urlpatterns = [
    path("", views.ConsoleView.as_view(), name="console"),
    path("ertesitesek/", views.NoticeListView.as_view(), name="notices"),
    path("ertesitesek/uj/", views.NewNoticeView.as_view(), name="notice_new"),
    path("ertesitesek/<int:legal_notice_id>/", views.NoticeView.as_view(), name="notice"),
    path("jogszabalyvaltozasok/", views.InboxView.as_view(), name="inbox"),
    path("jogszabalyvaltozasok/<int:legal_notice_id>/", views.ReadView.as_view(), name="read"),
]
