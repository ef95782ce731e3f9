from django.urls import path

from . import views

app_name = "documents_admin"
M = "onkormanyzat/<int:municipality_id>/"
C = M + "ugy/<int:case_id>/"
action = views.CaseActionView.as_view()
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path(M, views.CaseListView.as_view(), name="cases"),
    path(M + "export.csv", views.CaseListView.as_view(as_csv=True), name="export"),
    path(M + "uj/", views.NewCaseView.as_view(), name="new_case"),
    path(M + "irattari-terv/", views.CaseTypesView.as_view(), name="case_types"),
    path(M + "beallitasok/", views.RegistrySettingsView.as_view(), name="settings"),
    path(C, views.CaseDetailView.as_view(), name="case"),
    path(C + "naplo/", views.AuditView.as_view(), name="audit"),
    path(C + "beadvany.pdf", views.SubmissionPdfView.as_view(), name="submission_pdf"),
    path(C + "fajl/<int:file_id>/", views.FileDownloadView.as_view(), name="file"),
    # "registry_document_id", not "document_id": the admin's guard reads that as a file of
    # the media library (sites.admin_guard) and would answer 404.
    path(
        C + "irat/<int:registry_document_id>/helyesbites/",
        action,
        {"action": "correct"},
        name="correct",
    ),
    path(C + "<slug:action>/", action, name="action"),
]
