"""The receipt: the canonical record of what was submitted, made once, when the
application is registered, and its SHA-256, which anyone holding the data can check."""

import hashlib
import json

from ..kinds import kinds


def canonical_json(content):
    """One byte string per content: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _payment_content(payment):
    return {
        "amount": payment.amount,
        "currency": payment.currency,
        "provider": payment.provider,
        "provider_reference": payment.provider_reference,
        "paid_at": payment.paid_at.isoformat() if payment.paid_at else "",
    }


def receipt_content(application, payment=None):
    municipality = application.municipality
    content = {
        "municipality": {"name": municipality.name, "ksh_code": municipality.ksh_code},
        **kinds[application.kind]().receipt_part(application),
        "reference": application.reference,
        "registry_number": application.registry_number,
        "submitted_at": application.submitted_at.isoformat(),
        "submitter": application.submitter,
        "acting_for": application.acting_for or {"kind": "self"},
        "fee": application.fee,
    }
    if payment is not None:
        # Only a paid application has it: a fee-less one's receipt is what it always was.
        content["payment"] = _payment_content(payment)
    return content


def write_receipt(application, payment=None):
    content = receipt_content(application, payment)
    canonical = canonical_json(content)
    application.receipt = content
    application.receipt_canonical = canonical
    application.receipt_sha256 = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
