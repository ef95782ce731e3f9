from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class MunicipalSitesConfig(AppConfig):
    # "sites" is taken by django.contrib.sites, which Wagtail projects may also install.
    name = "sites"
    label = "municipal"
    verbose_name = _("Municipalities and their websites")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the registries' system check)
        from .admin_scoping import mend_link_chooser, narrow_privacy_groups, scope_page_filters
        from .constants import StaffRole
        from .hungarian import register_sqlite_collation, write_full_names_family_first
        from .roles import role_permissions
        from .search_kinds import register_search_kinds
        from .signal_handlers import register_signal_handlers
        from .storage import keep_wagtail_documents_private

        scope_page_filters()
        mend_link_chooser()
        narrow_privacy_groups()
        keep_wagtail_documents_private()
        write_full_names_family_first()
        # make run's SQLite sorts names as PostgreSQL's ICU collation does (sites.hungarian).
        connection_created.connect(register_sqlite_collation)
        register_signal_handlers()
        # The site's pages and public documents, for the search layer (sites.searchables).
        register_search_kinds()
        role_permissions.grant_on_site(StaffRole.SITE_ADMIN, "municipal.change_sitesettings")
