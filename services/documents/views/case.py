"""One case: what an officer sees of it, and its audit history."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sites.workspace import ObjectView

from .. import access, auditing, decisions, services
from ..constants import TIMELINE_ACTIONS, AuditAction, CaseStatus
from ..deadlines import get_rule
from ..forms import (
    CloseForm,
    CorrectionForm,
    DecisionForm,
    OutgoingForm,
    RegisterDocumentForm,
    RequestInformationForm,
    ResumeForm,
    SuspendForm,
)
from ..models import CasePause, DeliveryAttempt
from .base import CaseMixin


class CaseDetailView(CaseMixin, ObjectView):
    template_name = "documents/admin/case_detail.html"

    def get_page_title(self):
        return f"{self.object.registry_number} {self.object.subject}"

    def opened(self, case):
        auditing.record(
            AuditAction.VIEW_CASE, municipality_id=self.municipality.pk, actor=self.actor, case=case
        )

    def get_context_data(self, **kwargs):
        case = self.object
        user = self.request.user
        documents = list(services.documents_of(case).select_related("registered_by", "corrects"))
        files = services.files_of(documents)
        attempts = {}
        for attempt in DeliveryAttempt.objects.for_municipality(self.municipality).filter(
            document__case=case
        ):
            attempt.channel_label = services.channel_label(attempt.channel)
            attempts.setdefault(attempt.document_id, []).append(attempt)
        for document in documents:
            document.stored_files = files.get(document.pk, [])
            document.attempts = attempts.get(document.pk, [])
        timeline = auditing.history(case).filter(action__in=TIMELINE_ACTIONS)
        return super().get_context_data(
            documents=documents,
            timeline=timeline,
            pauses=CasePause.objects.for_municipality(self.municipality).filter(case=case),
            related=access.visible_cases(user, self.municipality).filter(
                pk__in=case.related.through.objects.filter(from_case_id=case.pk).values(
                    "to_case_id"
                )
            ),
            rule=get_rule(case.procedure_rule),
            risk=services.late_refund(case) if case.is_late else None,
            officers=access.officers_of(self.municipality),
            can_handle=access.can_handle(user, case),
            can_assign=access.can_assign(user, case),
            can_see_audit=access.can_see_audit(user, case),
            is_open=case.is_open,
            outgoing_form=OutgoingForm(),
            decide_form=DecisionForm(
                prefix="decide", initial={"legal_remedy": decisions.remedy_template(case)}
            ),
            request_form=RequestInformationForm(),
            resume_form=ResumeForm(),
            suspend_form=SuspendForm(),
            register_form=RegisterDocumentForm(),
            close_form=CloseForm(),
            correction_form=CorrectionForm(),
            statuses=CaseStatus,
            **kwargs,
        )


class AuditView(CaseMixin, ObjectView):
    template_name = "documents/admin/audit.html"

    def get_page_title(self):
        return _("Audit history of %(number)s") % {"number": self.object.registry_number}

    def opened(self, case):
        if not access.can_see_audit(self.request.user, case):
            raise PermissionDenied
        auditing.record(
            AuditAction.VIEW_AUDIT,
            municipality_id=self.municipality.pk,
            actor=self.actor,
            case=case,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            events=auditing.history(self.object).order_by("-at", "-pk")[:1000], **kwargs
        )
