"""The scopes a grant may hold: one per kind of data and direction. An endpoint names the
one it needs (``require_scope``); a grant without it gets 403 for that endpoint."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    REGISTRY_READ = "registry.read", _("Registry: cases and document metadata (read)")
    FORMS_SUBMISSIONS_READ = "forms.submissions.read", _("Form submissions (read)")
    PAYMENTS_READ = "payments.read", _("Payments and refunds (read)")
    TAX_READ = "tax.read", _("Local tax: taxpayers, balances, charges (read)")
    TAX_PAYMENTS_WRITE = "tax.payments.write", _("Local tax: book cash-desk payments")
    TRADE_READ = "trade.read", _("Trade and industry register (read)")
    TRADE_WRITE = "trade.write", _("Trade and industry register (write)")
    CONTENT_READ = "content.read", _("Website content (read)")


def parse_scopes(values):
    """The known scopes among ``values`` (strings), in the registry's order; an unknown one
    raises ValueError naming it, so a typo in a command or a form is never silently dropped."""
    wanted = {str(v).strip() for v in values if str(v).strip()}
    unknown = wanted - set(Scope.values)
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    return [s for s in Scope.values if s in wanted]
