from django.urls import path

from .views import acting, certificate_check, choose, drafts, moved, privacy, wizard

app_name = "journey"
urlpatterns = [
    path("", choose.index, name="index"),
    path("valasztas/", choose.choose, name="choose"),
    path("elfelejtes/", choose.forget_choice, name="forget"),
    path("kinek-a-neveben/", acting.choose_acting_for, name="acting_for"),
    path("kepviseletek/", acting.representations, name="representations"),
    path("kepviseletek/<int:pk>/visszavonas/", acting.revoke_representation, name="revoke"),
    path("piszkozataim/", drafts.drafts, name="drafts"),
    path("adatkezelesi-tajekoztato/", privacy.privacy_notice, name="privacy_notice"),
    # Before "<slug>/": a public page, not a municipality's forms.
    path("adoigazolas-ellenorzes/", certificate_check.check, name="certificate_check"),
    path("<slug:slug>/", choose.form_list, name="forms"),
    path("<slug:slug>/urlap/<str:code>/", choose.form_detail, name="form"),
    path("<slug:slug>/urlap/<str:code>/inditas/", wizard.start, name="start"),
    path("<slug:slug>/piszkozat/<str:reference>/lepes/<str:step>/", wizard.step, name="step"),
    path("<slug:slug>/piszkozat/<str:reference>/osszesites/", wizard.summary, name="summary"),
    path("<slug:slug>/piszkozat/<str:reference>/torles/", drafts.delete, name="delete"),
    # The application's own pages moved to intake (the same for every channel); links
    # given out earlier (e-mails, bookmarks) still lead there.
    path("<slug:slug>/fizetes/<str:reference>/", moved.pay, name="old_pay"),
    path("<slug:slug>/nyugta/<str:reference>/", moved.receipt, name="old_receipt"),
    path("<slug:slug>/nyugta/<str:reference>/pdf/", moved.receipt_pdf, name="old_receipt_pdf"),
    path("<slug:slug>/fajl/<str:reference>/<str:key>/", moved.file, name="old_file"),
]
