from django.urls import path

from .views import admin as views
from .views import library, submissions

app_name = "forms_admin"
M = "onkormanyzat/<int:municipality_id>/"
F = M + "urlap/<int:form_id>/"
action = views.CustomisationActionView.as_view()
adopt = views.AdoptView.as_view()
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("sema/", views.SchemaView.as_view(), name="schema"),
    path(M, views.MunicipalityFormsView.as_view(), name="municipality"),
    path(M + "atvetel/<int:template_id>/", adopt, {"action": "adopt"}, name="adopt"),
    path(M + "masolat/<int:template_id>/", adopt, {"action": "copy"}, name="copy"),
    path(M + "import/", views.OverlayImportView.as_view(), name="import_overlay"),
    path(
        M + "ertesites/<int:notice_id>/olvasott/",
        views.NoticeView.as_view(),
        name="notice_read",
    ),
    path(M + "beadvanyok/", submissions.SubmissionListView.as_view(), name="submissions"),
    path(
        M + "beadvanyok/export.csv",
        submissions.SubmissionListView.as_view(as_csv=True),
        name="export_submissions",
    ),
    path(
        M + "beadvanyok/<int:submission_id>/",
        submissions.SubmissionDetailView.as_view(),
        name="submission",
    ),
    path(F, views.CustomisationDesignerView.as_view(), name="designer"),
    path(F + "elonezet/", views.PreviewView.as_view(), name="preview"),
    path(F + "export/", views.OverlayExportView.as_view(), name="export_overlay"),
    path(F + "kozzetetel/", action, {"action": "publish"}, name="publish"),
    path(F + "visszavonas/", action, {"action": "withdraw"}, name="withdraw"),
    path(F + "utkozesek/", action, {"action": "resolve"}, name="resolve"),
    path("sablonok/", library.LibraryView.as_view(), name="library"),
    path("sablonok/<int:template_id>/", library.TemplateDesignerView.as_view(), name="template"),
    path(
        "sablonok/<int:template_id>/elonezet/",
        library.TemplatePreviewView.as_view(),
        name="template_preview",
    ),
    path(
        "sablonok/<int:template_id>/export/",
        library.TemplateExportView.as_view(),
        name="template_export",
    ),
    path("flotta/", library.FleetView.as_view(), name="fleet"),
]
