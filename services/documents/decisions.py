"""A decision drawn from its legally required parts (Ákr. 81. § (1)): who decides and in which
case, the client, the subject, the operative part with the notice of legal remedy, the
reasons, the place, the date and the issuer. The officer writes the operative part and the
reasons; the rest comes from the case, and the notice of legal remedy starts from the case
type's template, so no decision leaves without one."""

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import DecisionKind
from .signing import signature_service

# The notice of legal remedy by deadline rule (the case type's procedure): an authority
# decision of the notary can be appealed (Ákr. 116. §, 118. §: 15 days, filed with the
# deciding authority); a complaint's answer is not an authority decision (Panasztv.); a tax
# decision is appealed under the Air.
REMEDY_TEMPLATES = {
    "complaint": gettext_lazy(
        "This answer is not a decision of an authority: no appeal lies against it. If you "
        "disagree, you may turn to the supervising body of the municipality."
    ),
    "tax": gettext_lazy(
        "An appeal against this decision may be lodged within 15 days of its delivery, "
        "with the authority that made it, addressed to the county government office."
    ),
}
DEFAULT_REMEDY = gettext_lazy(
    "An appeal against this decision may be lodged within 15 days of its delivery, with the "
    "authority that made it, addressed to the county government office (Ákr. 116. §, "
    "118. §). The appeal is subject to a fee unless a law exempts it."
)


def remedy_template(case):
    """The notice of legal remedy the case type's procedure gives, for the officer to
    adjust."""
    return str(REMEDY_TEMPLATES.get(case.procedure_rule, DEFAULT_REMEDY))


def draw(case, *, kind, subject, operative_part, reasons, legal_remedy, issuer, request=None):
    """The decision as a PDF (bytes) and what it says of its signature."""
    from weasyprint import HTML  # needs the system's Pango; imported only when drawn

    service = signature_service()
    statement = (
        str(service.label) if service is not None else _("Issued without an electronic signature.")
    )
    context = {
        "case": case,
        "kind": DecisionKind(kind),
        "subject": subject,
        "operative_part": operative_part,
        "reasons": reasons,
        "legal_remedy": legal_remedy,
        "issuer": issuer,
        "issued_at": timezone.localtime(),
        "signature": statement,
    }
    html = render_to_string("documents/pdf/decision.html", context, request)
    pdf = HTML(string=html, base_url=None).write_pdf()
    if service is not None:
        signed = service.sign(pdf, signer_name=issuer, case=case)
        return signed.content, signed.statement
    return pdf, statement


def decision_file(case, pdf):
    content = ContentFile(pdf, name=f"dontes-{case.registry_number.replace('/', '-')}.pdf")
    content.content_type = "application/pdf"
    return content
