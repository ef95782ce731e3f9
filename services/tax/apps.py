from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The tax officer (adóügyintéző) sees the taxpayers, their accounts and the decrees, and
# works on draft decrees; every view also scopes each record to the officer's own
# municipalities. Officers of the other services get none of it: tax records are tax
# secrets (Art. 127. §).
TAX_OFFICER_PERMISSIONS = (
    "tax.view_taxpayer",
    "tax.view_ledgerentry",
    "tax.view_decree",
    "tax.change_decree",
)

TAX_DESK_PERMISSIONS = (
    "tax.add_assessmentrun",
    # The officer checks the property-tax declarations filed on the portal.
    "tax.change_propertydeclaration",
    "tax.add_overpaymentrequest",
    "tax.change_overpaymentrequest",
)

# The officer imports bank statements, decides the unmatched transfers and runs the
# late-interest booking.
TAX_PAYMENTS_PERMISSIONS = (
    "tax.add_statementimport",
    "tax.change_statementitem",
    "tax.add_interestrun",
)

# The officer runs the balance notices, the payment reminders and the enforcement list,
# and makes the print files.
TAX_NOTICE_PERMISSIONS = ("tax.view_noticerun", "tax.add_noticerun")


class TaxConfig(AppConfig):
    """Local taxes (ASP ADÓ): the registers, the tax types and their collection accounts,
    the taxpayer account, allocation, due dates and late-payment interest. The tax
    officers' workspace ("Helyi adó", admin_views) reads and writes through the façade,
    scoped to one municipality."""

    name = "services.tax"
    label = "tax"
    verbose_name = _("Local taxes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.constants import StaffRole
        from sites.roles import role_permissions

        role_permissions.grant(StaffRole.TAX_OFFICER, *TAX_OFFICER_PERMISSIONS)
        # The officer imports registers and opening balances from the previous system.
        role_permissions.grant(StaffRole.TAX_OFFICER, "tax.add_importjob")
        # The officer starts assessment runs and records and decides overpayment requests;
        # who opened whose card is the tax office's own record: it names taxpayers, so it
        # stays inside the tax secret (adótitok) — the site admin, a website role, does
        # not see it; the provider's operators do.
        role_permissions.grant(StaffRole.TAX_OFFICER, *TAX_DESK_PERMISSIONS)
        role_permissions.grant(StaffRole.TAX_OFFICER, "tax.view_cardaccess")
        role_permissions.grant(StaffRole.TAX_OFFICER, *TAX_PAYMENTS_PERMISSIONS)
        # The officer issues and refuses tax certificates (adóigazolás).
        role_permissions.grant(
            StaffRole.TAX_OFFICER, "tax.add_taxcertificate", "tax.change_taxcertificate"
        )
        role_permissions.grant(StaffRole.TAX_OFFICER, *TAX_NOTICE_PERMISSIONS)
        # The card payment purpose (payments know it only through their registry) and the
        # addressee of an assessment decision (the registry asks it on delivery).
        from services.documents.services import document_addressees

        from . import payment  # noqa: F401
        from .services.decision_delivery import decision_addressee

        document_addressees.register("tax_decisions", decision_addressee)
        # Tax certificates: the form ADO-007's receiver, and the addressee of one issued
        # at the desk (the portal account linked to its taxpayer).
        from . import receivers_certificate  # noqa: F401
        from .services.certificates import certificate_addressee

        document_addressees.register("tax_certificates", certificate_addressee)
        from .services.notice_delivery import notice_addressee

        document_addressees.register("tax_notices", notice_addressee)
        # The library's tax forms: checked before submission, booked on registration.
        from . import receivers  # noqa: F401
