from django.urls import path

from . import appointment_views, tax_views, views

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
    path("idopontok/", appointment_views.appointment_list, name="appointments"),
    # Local taxes: the balance of one's own and the represented taxpayers' accounts.
    path("helyi-ado/", tax_views.tax_index, name="tax_index"),
    path("helyi-ado/<int:taxpayer_id>/", tax_views.tax_balance, name="tax_balance"),
    path("helyi-ado/<int:taxpayer_id>/kivonat/", tax_views.tax_statement, name="tax_statement"),
    path(
        "helyi-ado/<int:taxpayer_id>/kivonat/pdf/",
        tax_views.tax_statement_pdf,
        name="tax_statement_pdf",
    ),
    path("helyi-ado/<int:taxpayer_id>/reszletes/", tax_views.tax_detailed, name="tax_detailed"),
    path(
        "helyi-ado/<int:taxpayer_id>/reszletes/pdf/",
        tax_views.tax_detailed_pdf,
        name="tax_detailed_pdf",
    ),
    path("helyi-ado/<int:taxpayer_id>/fizetes/", tax_views.tax_pay, name="tax_pay"),
    path("helyi-ado/befizetes/<uuid:order_uuid>/", tax_views.tax_paid, name="tax_paid"),
]
