"""The trade register's receivers of the licence and industrial forms (IPAR-005, 006,
007): called by the forms service inside the registering transaction
(services/forms/receivers.py), they tie the register's procedure to the case the
registration opened. An industrial notification is checked against the zoning matrix at
once. Imported from CommerceConfig.ready(), which also gives officers the procedures."""

from services.forms.services import submission_receivers
from sites.actor import Actor, Channel
from sites.constants import StaffRole
from sites.roles import role_permissions

from .models import ProcedureKind
from .services import case_of_submission, notification_received, open_procedure

# The officer (ügyintéző) handles the licence cases and keeps the zoning matrix.
OFFICER_PERMISSIONS = (
    "commerce.view_procedure",
    "commerce.change_procedure",
    "commerce.change_zoningrule",
)
role_permissions.grant(StaffRole.OFFICER, *OFFICER_PERMISSIONS)


def _open(kind, submission):
    case = case_of_submission(submission.municipality, submission.pk)
    return open_procedure(kind, case, submission.data)


@submission_receivers.register("IPAR-005")
def operating_licence_applied(submission, registry_number):
    _open(ProcedureKind.OPERATING_LICENCE, submission)


@submission_receivers.register("IPAR-007")
def site_licence_applied(submission, registry_number):
    _open(ProcedureKind.SITE_LICENCE, submission)


@submission_receivers.register("IPAR-006")
def industrial_activity_notified(submission, registry_number):
    procedure = _open(ProcedureKind.INDUSTRIAL_NOTIFICATION, submission)
    if procedure.decided_at is None and not procedure.draft_text:
        actor = Actor.system(Channel.SITE_FORM, municipality=submission.municipality)
        notification_received(procedure, actor=actor)
