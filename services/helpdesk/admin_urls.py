from django.urls import path

from . import views

app_name = "helpdesk_admin"
urlpatterns = [
    path("", views.TicketListView.as_view(), name="index"),
    path("uj/", views.NewTicketView.as_view(), name="new"),
    path("jegy/<int:ticket_id>/", views.TicketView.as_view(), name="ticket"),
    path(
        "jegy/<int:ticket_id>/kep/<int:screenshot_id>/",
        views.ScreenshotView.as_view(),
        name="screenshot",
    ),
    path("sor/", views.QueueView.as_view(), name="queue"),
    path("tudastar/", views.KnowledgeBaseView.as_view(), name="knowledge_base"),
    path("tudastar/<int:article_id>/", views.ArticleView.as_view(), name="article"),
]
