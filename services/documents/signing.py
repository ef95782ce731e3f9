"""The qualified electronic signature (eIDAS, Eüt.) of issued decisions: one seam, one
service in use.

A service signs the decision's PDF and says who signed it. The real one (a trust service
provider's remote signing, or the central AVDH/ASP service) is a plugin registered here and
named by ``DOCUMENT_SIGNATURE_SERVICE``; the demo one only stamps a line saying it is not a
signature, and the production settings refuse it (``is_demo``, sites.checks)."""

import dataclasses

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sites.registry import Registry

signature_services = Registry("signature services", setting="DOCUMENT_SIGNATURE_SERVICE")


@dataclasses.dataclass
class Signed:
    content: bytes
    # What the decision's page says of its signature, for the officer and the client.
    statement: str


class SignatureService:
    label = ""
    is_demo = False

    def sign(self, pdf, *, signer_name, case):
        """Return the signed PDF (:class:`Signed`). Override this to call the provider."""
        raise NotImplementedError


@signature_services.register("demo")
class DemoSignature(SignatureService):
    """Signs nothing: the PDF is kept as drawn and says plainly it carries no signature."""

    label = _("Demo signature (not a qualified electronic signature)")
    is_demo = True

    def sign(self, pdf, *, signer_name, case):
        return Signed(content=pdf, statement=str(self.label))


def signature_service():
    """The service in use, or None where none is set (the decision is issued unsigned and
    says so)."""
    name = getattr(settings, signature_services.setting, "")
    return signature_services[name]() if name else None
