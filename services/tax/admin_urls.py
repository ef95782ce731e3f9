from django.urls import path

from . import admin_decrees as decrees
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
    path(M + "rendeletek/", decrees.DecreeListView.as_view(), name="decrees"),
    path(M + "rendeletek/uj/", decrees.DecreeCreateView.as_view(), name="decree_create"),
    path(M + "rendeletek/<int:decree_id>/", decrees.DecreeView.as_view(), name="decree"),
    path(
        M + "rendeletek/<int:decree_id>/szimulacio/",
        decrees.SimulationView.as_view(),
        name="simulation",
    ),
    path(M + "bevetelek/", views.ReceiptsView.as_view(), name="receipts"),
    path(M + "bevetelek.csv", views.ReceiptsExportView.as_view(), name="receipts_export"),
]

# The import of registers and opening balances (admin_imports).
from . import admin_imports  # noqa: E402

urlpatterns += [
    path(M + "import/", admin_imports.ImportListView.as_view(), name="imports"),
    path(M + "import/feltoltes/", admin_imports.ImportUploadView.as_view(), name="import_upload"),
    path(
        M + "import/<int:import_job_id>/",
        admin_imports.ImportJobView.as_view(),
        name="import_job",
    ),
    path(
        M + "import/<int:import_job_id>/hibak.csv",
        admin_imports.ImportErrorsView.as_view(),
        name="import_errors",
    ),
]

# The annual assessment runs, the overpayment requests and the card-access record.
from . import admin_assessment, admin_requests  # noqa: E402

urlpatterns += [
    path(M + "kivetes/", admin_assessment.AssessmentRunListView.as_view(), name="assessment_runs"),
    path(
        M + "kivetes/inditas/",
        admin_assessment.AssessmentStartView.as_view(),
        name="assessment_start",
    ),
    path(
        M + "kivetes/<int:run_id>/",
        admin_assessment.AssessmentRunView.as_view(),
        name="assessment_run",
    ),
    path(
        M + "kivetes/<int:run_id>/hatarozatok/",
        admin_assessment.RunDecisionsView.as_view(),
        name="assessment_decisions",
    ),
    path(
        M + "kivetes/<int:run_id>/nyomtatasi-csomag.csv",
        admin_assessment.PrintBatchExportView.as_view(),
        name="print_batch",
    ),
    path(M + "kerelmek/", admin_requests.RequestListView.as_view(), name="requests"),
    path(M + "kerelmek/<int:request_id>/", admin_requests.RequestView.as_view(), name="request"),
    path(
        M + "adozo/<int:taxpayer_id>/kerelem/",
        admin_requests.RequestCreateView.as_view(),
        name="request_create",
    ),
    path("adotitok/", admin_requests.CardAccessIndexView.as_view(), name="card_access_index"),
    path(
        M + "adotitok/",
        admin_requests.CardAccessListView.as_view(),
        name="card_accesses",
    ),
]

# Bank statements and the unmatched queue; the late-interest runs.
from . import admin_interest, admin_statements  # noqa: E402

urlpatterns += [
    path(M + "kivonatok/", admin_statements.StatementImportListView.as_view(), name="statements"),
    path(
        M + "kivonatok/beolvasas/",
        admin_statements.StatementUploadView.as_view(),
        name="statement_upload",
    ),
    path(
        M + "kivonatok/<int:statement_id>/",
        admin_statements.StatementImportView.as_view(),
        name="statement",
    ),
    path(M + "azonositatlan/", admin_statements.UnmatchedQueueView.as_view(), name="unmatched"),
    path(
        M + "kivonatok/tetel/<int:statement_item_id>/",
        admin_statements.StatementItemView.as_view(),
        name="statement_item",
    ),
    path(M + "potlekfutas/", admin_interest.InterestRunListView.as_view(), name="interest_runs"),
    path(
        M + "potlekfutas/inditas/",
        admin_interest.InterestRunStartView.as_view(),
        name="interest_run_start",
    ),
    path(
        M + "potlekfutas/<int:interest_run_id>/",
        admin_interest.InterestRunView.as_view(),
        name="interest_run",
    ),
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

# Tax certificates: the queue, one certificate, the card's "issue now" (admin_certificates).
from . import admin_certificates  # noqa: E402

urlpatterns += [
    path(
        M + "adoigazolasok/", admin_certificates.CertificateListView.as_view(), name="certificates"
    ),
    path(
        M + "adoigazolasok/<int:certificate_id>/",
        admin_certificates.CertificateView.as_view(),
        name="certificate",
    ),
    path(
        M + "adozo/<int:taxpayer_id>/adoigazolas/",
        admin_certificates.IssueFromCardView.as_view(),
        name="certificate_issue",
    ),
]

# The notices: balance notices, reminders, the enforcement list (admin_notices).
from . import admin_notices  # noqa: E402

urlpatterns += [
    path(M + "ertesitok/", admin_notices.NoticeRunListView.as_view(), name="notice_runs"),
    path(
        M + "ertesitok/inditas/",
        admin_notices.NoticeRunStartView.as_view(),
        name="notice_run_start",
    ),
    path(
        M + "ertesitok/<int:notice_run_id>/",
        admin_notices.NoticeRunView.as_view(),
        name="notice_run",
    ),
    path(
        M + "ertesitok/<int:notice_run_id>/ertesito/<int:notice_id>.pdf",
        admin_notices.NoticePdfView.as_view(),
        name="notice_pdf",
    ),
    path(
        M + "ertesitok/<int:notice_run_id>/nyomtatas/<int:notice_print_file_id>.pdf",
        admin_notices.NoticePrintFileView.as_view(),
        name="notice_print_file",
    ),
    path(
        M + "ertesitok/<int:notice_run_id>/vegrehajtasra.csv",
        admin_notices.EnforcementCsvView.as_view(),
        name="enforcement_csv",
    ),
]

# Property-tax declarations received on the portal, waiting for the officer's check.
from . import admin_declarations  # noqa: E402

urlpatterns += [
    path(M + "bevallasok/", admin_declarations.DeclarationListView.as_view(), name="declarations"),
    path(
        M + "bevallasok/<int:declaration_id>/",
        admin_declarations.DeclarationView.as_view(),
        name="declaration",
    ),
]
