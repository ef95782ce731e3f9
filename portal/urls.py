from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from portal import views as portal_views
from portal.operations import health, metrics
from search import views as search_views
from sites import admin_urls as admin_overrides
from sites.downloads import hardened_view

urlpatterns = [
    # For the balancer, the orchestrator and Prometheus (portal.operations).
    path("healthz/", health.liveness, name="healthz"),
    path("readyz/", health.readiness, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("django-admin/", admin.site.urls),
    # The open API (portal.api): tokens, not sessions, except a citizen's own /me/ data.
    path("api/v1/", include("portal.api.urls")),
    *admin_overrides.urlpatterns,
    # Wagtail's own login would skip allauth (and its second factor): send it there.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    # And its password reset would skip allauth's rate limits (per address and per e-mail).
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("fiok/", include("allauth.urls")),
    path("fiok/", include("accounts.urls")),
    path("ugyeim/", include("portal.affairs.urls")),
    # Wagtail's documents, with the headers of every download (sites.downloads) added to
    # its own; its other URL (the password form of a restricted collection) as it is.
    re_path(
        r"^documents/(\d+)/(.*)$",
        hardened_view(wagtaildocs_serve.serve),
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("kereses/", search_views.search, name="search"),
    path("nyelv/<str:language>/", portal_views.switch_language, name="switch_language"),
    path("sitemap.xml", sitemap_views.sitemap),
    path("robots.txt", portal_views.robots_txt, name="robots_txt"),
    path("urlapok/", include("services.forms.urls")),
    path("fizetes/", include("services.payments.urls")),
    path("beadvany/", include("services.intake.urls")),
    # "Was this page useful?" under every page of a municipality's site.
    path("visszajelzes/", include("services.feedback.urls")),
    path("idopont/", include("services.appointments.urls")),
    # The portal's search, before the journey's "<slug>/" (a municipality's forms).
    path("e-ugyintezes/kereses/", include("search.portal.urls")),
    # Not "ugyintezes/": every municipality's site has a page of that slug.
    path("e-ugyintezes/", include("portal.journey.urls")),
    # Open data without a token (issue #20): the page; its files come from the API's
    # /api/v1/open/ (portal.opendata.api).
    path("nyilt-adatok/", include("portal.opendata.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "portal.views.server_error"
