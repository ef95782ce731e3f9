"""Tax certificates (adóigazolás): requested, issued as of the day of issue, refused, and
verified by their code.

What a certificate says comes from the taxpayer account on the day of issue (the law's
rule, ``data/tax/certificate.json`` with its source): the debt due and unpaid on that day
at this municipality, per tax type; none is a "nil" certificate (nemleges adóigazolás).
It is not the state tax authority's register of taxpayers without public debt
(köztartozásmentes adózói adatbázis), which only the NAV keeps.

Who issues: a request from the portal whose submitter is the taxpayer or represents it
for every tax type, and whose identifier names a taxpayer of the register, is issued at
once (``automatic_issue``); any other request waits in the officer's queue with the
reason and the deadline, and the officer issues or refuses it. The officer can also issue
one from the taxpayer card (a request made at the desk).

Issuing registers the PDF as the outgoing document of the request's case (or of a new
case of the schedule's "Adóigazolás" item) and delivers it after the commit: to the
submitter's mailbox, or to the portal account linked to the taxpayer
(:func:`certificate_addressee`)."""

import datetime
import hashlib
import json
import secrets
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.documents import services as documents
from services.documents.constants import Direction
from sites.actor import Actor

from ..constants import TaxType
from ..models import (
    CertificateEvent,
    CertificateOrigin,
    CertificateState,
    PortalLink,
    TaxCertificate,
    TaxpayerDetails,
)
from .errors import TaxError
from .ledger_balances import account_state

CASE_TYPE_CODE = "D-410"  # the retention schedule's "Adóigazolás" (data/retention_schedule)

# Crockford's base32 without the letters people misread (I, L, O, U): 16 characters are
# 80 random bits, typed in four groups of four.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@lru_cache(maxsize=4)
def _load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def certificate_rules():
    """The certificate's legal data with its sources (data/tax/certificate.json)."""
    path = getattr(settings, "TAX_CERTIFICATE_RULES_FILE", "") or (
        settings.BASE_DIR / "data" / "tax" / "certificate.json"
    )
    return _load(str(path))


def check_url(code=""):
    """The public verification page's absolute address (the QR code encodes it)."""
    base = getattr(settings, "TAX_CERTIFICATE_CHECK_URL", "") or (
        (getattr(settings, "PORTAL_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        + "/e-ugyintezes/adoigazolas-ellenorzes/"
    )
    return f"{base}?kod={code}" if code else base


# -- the verification code


def new_code():
    return group_code("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def group_code(code):
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(text):
    """The code as typed (any case, spaces or dashes, O for 0, I/L for 1) in its canonical
    16 characters, or "" when it cannot be one."""
    text = "".join(ch for ch in str(text or "")[:64].upper() if ch.isalnum()).translate(_READ_AS)
    if len(text) != CODE_LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def code_digest(code):
    return hashlib.sha256(normalise_code(code).encode("ascii")).hexdigest()


def verify(text):
    """The issued certificate whose code this is, or None. Every municipality's
    certificates: the page is the portal's, the code alone names the certificate."""
    code = normalise_code(text)
    if not code:
        return None
    # Across municipalities on purpose: the 80-bit code is the only permission, and the
    # page shows what the certificate's holder may show anyone anyway.
    return (
        TaxCertificate.objects.unscoped()
        .filter(state=CertificateState.ISSUED, code_digest=code_digest(code))
        .select_related("municipality")
        .first()
    )


def masked_identifier(certificate):
    """A person's tax identification number shows its first two and last two digits only
    (a checker compares it with the paper, it need not learn it); an organisation's tax
    number is public business data and shows in full."""
    value = certificate.taxpayer_identifier
    if len(value) == 10 and value.isdigit():
        return f"{value[:2]}{'•' * 6}{value[-2:]}"
    return value


# -- what the account says on the day


def debt_lines(taxpayer, on):
    """[(tax type, Ft)] due and unpaid at the end of ``on``, in the tax types' order."""
    state = account_state(taxpayer, on)
    owed = {}
    for charge in state.open_charges():
        if charge.due_on <= on:
            owed[charge.tax_type] = owed.get(charge.tax_type, 0) + state.open_amount(charge)
    return [(code, owed[code]) for code in TaxType.values if owed.get(code)]


def deadline(certificate):
    days = certificate_rules()["deadline_days"]["value"]
    if not days:
        return None
    return timezone.localdate(certificate.requested_at) + datetime.timedelta(days=days)


def _event(certificate, state, actor, note=""):
    user = (actor or Actor.system()).user
    return CertificateEvent.objects.create(
        municipality_id=certificate.municipality_id,
        certificate=certificate,
        state=state,
        by=user,
        by_name=(user.get_full_name() or user.get_username()) if user else "",
        note=note,
    )


# -- the request, the issue, the refusal


def request_certificate(
    municipality,
    *,
    taxpayer=None,
    origin=CertificateOrigin.OFFICE,
    requested_name="",
    requested_identifier="",
    purpose="",
    copies=1,
    requester=None,
    submission_reference="",
    case=None,
    waiting_reason="",
    actor=None,
):
    """Record a request (it waits for an officer until :func:`issue` or :func:`refuse`)."""
    if taxpayer is not None and taxpayer.municipality_id != municipality.pk:
        raise TaxError(_("This taxpayer belongs to another municipality."))
    certificate = TaxCertificate.objects.create(
        municipality=municipality,
        taxpayer=taxpayer,
        origin=origin,
        requested_name=requested_name[:200],
        requested_identifier=requested_identifier[:20],
        purpose=purpose[:200],
        copies=max(1, min(int(copies or 1), 10)),
        requester=requester,
        submission_reference=submission_reference[:12],
        case=case,
        waiting_reason=waiting_reason[:255],
    )
    _event(certificate, CertificateState.REQUESTED, actor, waiting_reason)
    return certificate


def _case_for(certificate, name, actor):
    if certificate.case_id:
        return certificate.case
    case_type = documents.case_types(certificate.municipality).filter(code=CASE_TYPE_CODE).first()
    if case_type is None:
        raise TaxError(
            _("The registry has no case type %(code)s for tax certificates.")
            % {"code": CASE_TYPE_CODE}
        )
    return documents.open_case(
        certificate.municipality,
        case_type=case_type,
        subject=_("Tax certificate"),
        client_name=name,
        actor=actor,
    )


@transaction.atomic
def issue(certificate, *, actor=None, code=None):
    """Issue a requested certificate as of today: the figures, the code, the registered
    PDF; delivered after the commit. Returns the code (shown once: only its digest is
    kept). ``code`` is for the demo's documented code; else a new random one."""
    from .certificate_pdf import certificate_pdf

    certificate = (
        TaxCertificate.objects.for_municipality(certificate.municipality_id)
        .select_for_update()
        .get(pk=certificate.pk)
    )
    if certificate.state != CertificateState.REQUESTED:
        raise TaxError(_("This certificate is no longer waiting to be issued."))
    taxpayer = certificate.taxpayer
    if taxpayer is None:
        raise TaxError(_("Choose the taxpayer before issuing the certificate."))
    today = timezone.localdate()
    details = (
        TaxpayerDetails.objects.for_municipality(certificate.municipality_id)
        .filter(TaxpayerDetails.on(today), taxpayer=taxpayer)
        .order_by("-valid_from", "-pk")
        .first()
    )
    lines = debt_lines(taxpayer, today)
    code = normalise_code(code) if code else normalise_code(new_code())
    validity = certificate_rules()["validity_days"]["value"]
    certificate.issued_on = today
    certificate.issued_at = timezone.now()
    certificate.issued_by = (actor or Actor.system()).user
    certificate.taxpayer_name = details.name if details else certificate.requested_name
    certificate.taxpayer_address = details.address if details else ""
    certificate.taxpayer_identifier = taxpayer.identifier
    certificate.debt = sum(amount for _code, amount in lines)
    certificate.debt_lines = [
        {"tax_type": code_, "label": str(TaxType(code_).label), "amount": amount}
        for code_, amount in lines
    ]
    certificate.valid_until = today + datetime.timedelta(days=validity) if validity else None
    certificate.code_digest = code_digest(code)
    case = _case_for(certificate, certificate.taxpayer_name, actor)
    certificate.case = case
    content = ContentFile(
        certificate_pdf(certificate, group_code(code), check_url(group_code(code))),
        name=f"adoigazolas-{certificate.pk}.pdf",
    )
    content.content_type = "application/pdf"
    certificate.document = documents.register_document(
        case,
        direction=Direction.OUTGOING,
        subject=_("Tax certificate of %(name)s as of %(day)s")
        % {"name": certificate.taxpayer_name, "day": today.isoformat()},
        correspondent=certificate.taxpayer_name,
        files=[content],
        trusted_files=True,
        actor=actor,
    )
    certificate.state = CertificateState.ISSUED
    certificate.save()
    _event(
        certificate,
        CertificateState.ISSUED,
        actor,
        _("Debt on the day: %(debt)s Ft.") % {"debt": certificate.debt},
    )
    municipality_id, case_pk, document_pk = case.municipality_id, case.pk, certificate.document_id

    def deliver():
        from services.documents.models import Case, Document

        fresh_case = Case.objects.for_municipality(municipality_id).get(pk=case_pk)
        fresh = Document.objects.for_municipality(municipality_id).get(pk=document_pk)
        documents.deliver(fresh, fresh_case, actor=actor)

    transaction.on_commit(deliver)
    return group_code(code)


@transaction.atomic
def refuse(certificate, *, reason, actor=None):
    reason = (reason or "").strip()
    if not reason:
        raise TaxError(_("Give the reason of the refusal."))
    certificate = (
        TaxCertificate.objects.for_municipality(certificate.municipality_id)
        .select_for_update()
        .get(pk=certificate.pk)
    )
    if certificate.state != CertificateState.REQUESTED:
        raise TaxError(_("This certificate is no longer waiting to be issued."))
    certificate.state = CertificateState.REFUSED
    certificate.refusal_reason = reason
    certificate.save(update_fields=["state", "refusal_reason"])
    _event(certificate, CertificateState.REFUSED, actor, reason)
    return certificate


@transaction.atomic
def assign_taxpayer(certificate, taxpayer, *, actor=None):
    """The officer names the taxpayer of a request whose data did not find one."""
    if taxpayer.municipality_id != certificate.municipality_id:
        raise TaxError(_("This taxpayer belongs to another municipality."))
    if certificate.state != CertificateState.REQUESTED:
        raise TaxError(_("This certificate is no longer waiting to be issued."))
    certificate.taxpayer = taxpayer
    certificate.save(update_fields=["taxpayer"])
    _event(
        certificate,
        CertificateState.REQUESTED,
        actor,
        _("Taxpayer chosen: %(id)s.") % {"id": taxpayer.identifier},
    )
    return certificate


def issue_at_desk(taxpayer, *, actor=None, purpose="", code=None):
    """The officer issues a certificate from the taxpayer card (a request at the desk).
    ``code``: only the demo's documented code; else a new random one."""
    with transaction.atomic():
        certificate = request_certificate(
            taxpayer.municipality, taxpayer=taxpayer, purpose=purpose, actor=actor
        )
        code = issue(certificate, actor=actor, code=code)
    certificate.refresh_from_db()
    return certificate, code


# -- lists and history


def certificates_of(municipality, *, state="", taxpayer=None):
    rows = TaxCertificate.objects.for_municipality(municipality).select_related("taxpayer")
    if state in CertificateState.values:
        rows = rows.filter(state=state)
    if taxpayer is not None:
        rows = rows.filter(taxpayer=taxpayer)
    return rows


def certificate_history(certificate):
    return CertificateEvent.objects.for_municipality(certificate.municipality_id).filter(
        certificate=certificate
    )


def certificate_addressee(document, case):
    """The registry's question for a certificate of a case without a client account (one
    issued at the desk): the portal account linked to its taxpayer, or None."""
    certificate = (
        TaxCertificate.objects.for_municipality(document.municipality_id)
        .filter(document_id=document.pk)
        .only("taxpayer_id")
        .first()
    )
    if certificate is None or certificate.taxpayer_id is None:
        return None
    link = (
        PortalLink.objects.for_municipality(document.municipality_id)
        .filter(taxpayer_id=certificate.taxpayer_id, ended_at__isnull=True)
        .select_related("user")
        .first()
    )
    return link.user if link is not None and link.user.is_active else None
