from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save, pre_delete
        from wagtail.images import get_image_model

        from sites.constants import StaffRole
        from sites.roles import role_permissions
        from sites.site_context import site_context_parts

        from .current import remember_theme_settings, theme_settings_for_site
        from .models import invalidate_sites_showing_image
        from .registry import discover_themes

        discover_themes()
        site_context_parts.register(
            "theme_settings", build=theme_settings_for_site, apply=remember_theme_settings
        )
        # A site shows its logo, favicon and header image on every page.
        for signal in (post_save, pre_delete):  # before the delete empties the fields
            signal.connect(
                invalidate_sites_showing_image, sender=get_image_model(),
                dispatch_uid=f"themes_image_changed_{signal is post_save}",
            )
        # A site admin edits the theme of their own municipality's site only (Wagtail's
        # per-site permission; provisioning creates the rows).
        role_permissions.grant_on_site(StaffRole.SITE_ADMIN, "themes.change_themesettings")
