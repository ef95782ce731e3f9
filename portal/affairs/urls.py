from django.urls import path

from . import views

app_name = "affairs"

urlpatterns = [
    path("", views.case_list, name="index"),
    path("ugy/<int:case_id>/", views.case_detail, name="case"),
    path("ugy/<int:case_id>/fajl/<int:file_id>/", views.download, name="download"),
    path("iratok/", views.document_list, name="documents"),
    path("postafiok/", views.mailbox, name="mailbox"),
    path("postafiok/<int:message_id>/", views.message_detail, name="message"),
    path("ertesitesek/", views.notification_settings, name="notifications"),
    path("befizetesek/", views.payment_list, name="payments"),
]
