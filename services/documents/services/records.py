"""Changes to what is on record about a case: its restriction, its relations to other
cases, and corrections (a new document that references the one it corrects)."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import auditing
from ..constants import AuditAction
from ..models import Case
from .casework import _save
from .errors import DocumentsError
from .registration import register_document


@transaction.atomic
def set_restricted(case, restricted, *, user=None, actor=None):
    case.restricted = bool(restricted)
    _save(case, "restricted")
    auditing.record(
        AuditAction.RESTRICT,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
        detail=_("restricted") if restricted else _("not restricted"),
    )


@transaction.atomic
def relate(case, other, *, user=None, actor=None):
    if other.municipality_id != case.municipality_id or other.pk == case.pk:
        raise DocumentsError(_("Only another case of the same municipality can be related."))
    case.related.add(other)
    auditing.record(
        AuditAction.RELATE,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
        detail=other.registry_number,
    )


def correct(document, *, subject, text="", files=(), user=None, actor=None):
    """A correction: a new sub-number in the same case that references the corrected
    document (which itself never changes)."""
    case = Case.objects.for_municipality(document.municipality_id).get(pk=document.case_id)
    return register_document(
        case,
        direction=document.direction,
        subject=subject or _("Correction of %(number)s") % {"number": document.registry_number},
        text=text,
        correspondent=document.correspondent,
        files=files,
        corrects=document,
        user=user,
        actor=actor,
    )
