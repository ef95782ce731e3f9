"""Our narrow overrides of Wagtail admin views, placed before Wagtail's admin URLs in
portal/urls.py so that they take precedence (kept apart from admin_scoping, which the
app's ready() imports before Wagtail's views may be)."""

from django.urls import path

from . import admin_reports, admin_scoping


def _as_admin_views(patterns):
    """Wagtail's own wrapping of its admin URLs: access to the admin is required, and a
    404 is the admin's 404 page."""
    from wagtail.admin.auth import require_admin_access
    from wagtail.admin.urls import display_custom_404
    from wagtail.utils.urlpatterns import decorate_urlpatterns

    patterns = decorate_urlpatterns(patterns, require_admin_access)
    return decorate_urlpatterns(patterns, display_custom_404)


# Placed before Wagtail's admin URLs in portal/urls.py, so they take precedence.
urlpatterns = _as_admin_views(
    [
        path(
            "admin/choose-page/<int:parent_page_id>/",
            admin_scoping.ScopedPageBrowseView.as_view(),
        ),
        *admin_reports.urlpatterns,
    ]
)
