from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommerceConfig(AppConfig):
    """Trade and industry (ASP IPAR): the registers of traders, their trading places and
    shops, operating licences, industrial sites and accommodations, each with its history,
    and the public register a municipality publishes on its website (210/2009. (IX. 29.)
    Korm. rendelet, 57/2013. (II. 27.) Korm. rendelet)."""

    name = "services.commerce"
    label = "commerce"
    verbose_name = _("Trade and industry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.models.pages import allow_section_child

        # The public register is a page any municipality may add under its home page or a
        # section page; sites names no service, so the service announces its page type.
        allow_section_child("commerce.PublicRegisterPage")
        # The central library's IPAR forms: checked before submission, recorded in the
        # register when the registry takes them (services.forms' registries).
        from . import receivers  # noqa: F401
