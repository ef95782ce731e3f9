"""Delivery of the notices: to the portal mailbox of the taxpayer's linked account, or
into a print file (one PDF for the printer), as the assessment's decisions are
(``decision_delivery``).

A mailbox notice is registered as an outgoing document of the run's registry case with
its PDF, and handed to the registry's delivery: the portal mailbox channel asks whom it
is addressed to, and :func:`notice_addressee` (registered in
``documents.document_addressees``) names the account linked to the notice's taxpayer.
The portal tells the citizen by an e-mail without personal data. A notice the mailbox
does not take goes to print, with the reason. Safe to repeat: a delivered notice, or one
in a print file, is not touched again."""

import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.documents import services as documents
from services.documents.constants import DeliveryStatus, Direction
from sites.actor import Actor

from ..models import (
    Notice,
    NoticeChannel,
    NoticeDelivery,
    NoticeKind,
    NoticePrintFile,
    NoticeRun,
    PortalLink,
    RunState,
)
from .errors import TaxError
from .notice_pdf import notice_pdf, notices_pdf


def notice_addressee(document, case):
    """The registry's question for a document without a client account: if it is a
    notice for the mailbox, the account linked to its taxpayer at the document's own
    municipality; else None."""
    notice = (
        Notice.objects.for_municipality(document.municipality_id)
        .filter(document_id=document.pk, channel=NoticeChannel.MAILBOX)
        .only("taxpayer_id", "municipality_id")
        .first()
    )
    if notice is None:
        return None
    link = (
        PortalLink.objects.for_municipality(document.municipality_id)
        .filter(taxpayer_id=notice.taxpayer_id, ended_at__isnull=True)
        .select_related("user")
        .first()
    )
    return link.user if link is not None and link.user.is_active else None


def _case(run, actor):
    if run.case_id:
        return run.case
    code = run.rules.get("case_type_code", "")
    case_type = documents.case_types(run.municipality).filter(code=code).first()
    if case_type is None:
        raise TaxError(_("The registry has no case type %(code)s for notices.") % {"code": code})
    case = documents.open_case(
        run.municipality,
        case_type=case_type,
        subject=_("%(kind)s, %(date)s")
        % {"kind": run.get_kind_display(), "date": f"{run.as_of:%Y. %m. %d.}"},
        client_name=_("The taxpayers of %(municipality)s") % {"municipality": run.municipality},
        initiated_by_request=False,
        actor=actor,
    )
    NoticeRun.objects.filter(municipality=run.municipality_id, pk=run.pk).update(case=case)
    run.case = case
    return case


def _subject(notice, run):
    return _("%(kind)s: %(name)s") % {"kind": run.get_kind_display(), "name": notice.name}


def _to_print(notice, reason):
    notice.channel = NoticeChannel.PRINT
    notice.channel_reason = str(reason)[:255]
    notice.save(update_fields=["channel", "channel_reason"])


def deliver_notices(run, *, actor=None):
    """Deliver the run's mailbox notices still waiting. Returns {"mailbox": n, "print": n}."""
    actor = actor or Actor.system(municipality=run.municipality)
    waiting = Notice.objects.for_municipality(run.municipality_id).filter(
        run=run, channel=NoticeChannel.MAILBOX, delivery=NoticeDelivery.PENDING
    )
    counts = {"mailbox": 0, "print": 0}
    for notice in waiting.order_by("pk"):
        with transaction.atomic():
            if notice.document_id is None:
                content = ContentFile(
                    notice_pdf(notice, run),
                    name=f"ertesito-{notice.identifier}-{run.as_of:%Y%m%d}.pdf",
                )
                content.content_type = "application/pdf"
                notice.document = documents.register_document(
                    _case(run, actor),
                    direction=Direction.OUTGOING,
                    subject=_subject(notice, run),
                    correspondent=notice.name,
                    files=[content],
                    trusted_files=True,
                    actor=actor,
                )
                notice.save(update_fields=["document"])
            document = notice.document
            attempts = documents.deliver(document, document.case, actor=actor)
            if any(a.status == DeliveryStatus.DELIVERED for a in attempts):
                notice.delivery = NoticeDelivery.MAILBOX
                notice.delivered_at = timezone.now()
                notice.save(update_fields=["delivery", "delivered_at"])
                counts["mailbox"] += 1
            else:
                detail = "; ".join(a.detail for a in attempts if a.detail)
                _to_print(
                    notice,
                    _("The portal mailbox did not take it: %(detail)s")
                    % {"detail": detail or _("no channel accepted it")},
                )
                counts["print"] += 1
    if counts["print"]:
        NoticeRun.objects.filter(municipality=run.municipality_id, pk=run.pk).update(
            to_mailbox=run.to_mailbox - counts["print"], to_print=run.to_print + counts["print"]
        )
    return counts


# -- the print files


def start_print_files(run, *, actor=None):
    """Enqueue the making of the run's print PDFs for the task worker."""
    from sites.background import run_command

    if run.state != RunState.DONE or run.kind == NoticeKind.ENFORCEMENT:
        raise TaxError(_("Print files are made for a finished run of notices."))
    run_command.enqueue("tax_notice_print", {"run_id": run.pk})


def make_print_files(run, *, actor=None, size=None):
    """Put the run's print notices not yet in a file into PDFs of ``size`` notices
    (TAX_NOTICE_PRINT_FILE_SIZE), in notice order. Returns the files made."""
    actor = actor or Actor.system(municipality=run.municipality)
    size = size or settings.TAX_NOTICE_PRINT_FILE_SIZE
    made = []
    while True:
        chunk = list(
            Notice.objects.for_municipality(run.municipality_id)
            .filter(run=run, channel=NoticeChannel.PRINT, print_file__isnull=True)
            .order_by("pk")[:size]
        )
        if not chunk:
            return made
        made.append(_print_file(run, chunk, actor))


def _print_file(run, chunk, actor):
    last = (
        NoticePrintFile.objects.for_municipality(run.municipality_id)
        .filter(run=run)
        .order_by("-sequence")
        .first()
    )
    part = NoticePrintFile.objects.create(
        municipality_id=run.municipality_id,
        run=run,
        sequence=(last.sequence + 1) if last else 1,
        state=RunState.RUNNING,
        notices_count=len(chunk),
        made_by=actor.user,
    )
    started = time.monotonic()
    try:
        content, pages = notices_pdf(chunk, run)
    except Exception as error:
        part.state, part.error = RunState.FAILED, str(error)[:2000]
        part.save(update_fields=["state", "error"])
        raise
    with transaction.atomic():
        part.file.save(
            f"ertesitok-{run.pk}-{part.sequence:03d}.pdf", ContentFile(content), save=False
        )
        part.pages, part.seconds, part.state = pages, time.monotonic() - started, RunState.DONE
        part.save(update_fields=["file", "pages", "seconds", "state"])
        Notice.objects.for_municipality(run.municipality_id).filter(
            pk__in=[n.pk for n in chunk]
        ).update(print_file=part, delivery=NoticeDelivery.PRINTED, delivered_at=timezone.now())
    return part
