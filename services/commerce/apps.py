from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The trade officer (kereskedelmi ügyintéző) reads the register and checks the registered
# notifications; every view also scopes each record to the officer's own municipalities.
TRADE_OFFICER_PERMISSIONS = (
    "commerce.view_trader",
    "commerce.view_notification",
    "commerce.change_notification",
)
# A licence application is a registry case the trade officer handles to its decision: the
# registry's officer permissions (as services.documents grants the officer role).
TRADE_OFFICER_REGISTRY_PERMISSIONS = (
    "documents.view_case",
    "documents.add_case",
    "documents.change_case",
    "documents.view_document",
    "documents.add_document",
    "documents.view_casetype",
)


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
        from sites.constants import StaffRole
        from sites.roles import role_permissions

        from . import receivers_licences  # noqa: F401  (IPAR-005..007 receivers, officers' rights)

        role_permissions.grant(StaffRole.TRADE_OFFICER, *TRADE_OFFICER_PERMISSIONS)
        role_permissions.grant(StaffRole.TRADE_OFFICER, *TRADE_OFFICER_REGISTRY_PERMISSIONS)
        # The trade officer handles the licence procedures too (the general officer may).
        role_permissions.grant(StaffRole.TRADE_OFFICER, *receivers_licences.OFFICER_PERMISSIONS)

        # Its public entries are searchable (sites.searchables; built from the public
        # serializer only).
        from sites.searchables import searchables

        from .search import RegisterKind

        searchables.register(RegisterKind.name, RegisterKind())
        # The central library's IPAR forms: checked before submission, recorded in the
        # register when the registry takes them (services.forms' registries).
        from . import receivers  # noqa: F401
