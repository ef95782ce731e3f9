from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.constants import StaffRole
        from sites.roles import role_permissions

        from .registry import discover_themes

        discover_themes()
        # A site admin edits the theme of their own municipality's site only (Wagtail's
        # per-site permission; provisioning creates the rows).
        role_permissions.grant_on_site(StaffRole.SITE_ADMIN, "themes.change_themesettings")
