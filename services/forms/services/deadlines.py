"""Deadlines with teeth: a legal change's "must be live by" date.

Officers of a municipality still behind get an e-mail a week and a day before the date
(once each: the reminder is an event in the form's history); when the date has passed, the
provider's policy for that version applies: the form switches to the new version without
the overrides that do not fit, or it is withdrawn with a notice to citizens. Both are
recorded in the form's history, which the fleet view reads. Run daily by the scheduler
(``manage.py apply_legal_changes``); every step is idempotent."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sites.access import officers_with

from ..constants import DeadlinePolicy, FormEventKind, FormKind, FormStatus
from ..models import FormCustomisation, FormEvent, TemplateVersion
from .customising import withdraw
from .updates import switch

logger = logging.getLogger(__name__)
REMINDER_DAYS = (7, 1)
OFFICER_PERMISSION = "forms.change_formcustomisation"


def behind(version):
    """Forms of the template not yet on ``version``: published on an earlier version, or
    held by a conflict on it."""
    return (
        FormCustomisation.objects.unscoped()
        .filter(template_id=version.template_id, kind=FormKind.OVERLAY)
        .filter(
            Q(
                status=FormStatus.PUBLISHED,
                live_revision__template_version__number__lt=version.number,
            )
            | Q(conflict_version=version)
        )
        .select_related("municipality", "template", "live_revision", "base_version")
        .distinct()
    )


def open_deadlines(municipality=None, today=None):
    """(version, customisation) pairs with a deadline still ahead, nearest first: for the
    officer's forms page and dashboard. A version superseded by a newer one is not listed."""
    today = today or timezone.localdate()
    versions = (
        TemplateVersion.objects.filter(live_by__gte=today)
        .exclude(template__versions__number__gt=F("number"))
        .select_related("template")
        .order_by("live_by")
    )
    pairs = []
    for version in versions:
        forms = behind(version)
        if municipality is not None:
            forms = forms.filter(municipality=municipality)
        pairs.extend((version, form) for form in forms[:500])
    return pairs


def _reminded(customisation, version, days):
    return (
        FormEvent.objects.for_municipality(customisation.municipality_id)
        .filter(
            customisation=customisation,
            template_version=version,
            kind=FormEventKind.REMINDED,
            detail=[days],
        )
        .exists()
    )


def send_reminders(today=None):
    """E-mail the officers of every municipality still behind, a week and a day before."""
    today = today or timezone.localdate()
    sent = 0
    for days in REMINDER_DAYS:
        for version in TemplateVersion.objects.filter(
            live_by=today + datetime.timedelta(days=days)
        ).select_related("template"):
            for customisation in behind(version):
                if _reminded(customisation, version, days):
                    continue
                _remind(customisation, version, days)
                sent += 1
    return sent


def _remind(customisation, version, days):
    subject = _("%(code)s must be on version %(n)d by %(date)s") % {
        "code": customisation.code,
        "n": version.number,
        "date": formats.date_format(version.live_by, "SHORT_DATE_FORMAT"),
    }
    policy = (
        _("it will be withdrawn from the portal")
        if version.deadline_policy == DeadlinePolicy.WITHDRAW
        else _("it will be switched to the new version without the customisations that do not fit")
    )
    body = _(
        "Dear Colleague,\n\nyour form %(code)s %(title)s is not yet on version %(n)d of the "
        "template (%(note)s%(ref)s). The law requires it to be live by %(date)s. Please resolve "
        "the conflict in the admin (Online forms). If it is not done by then, %(policy)s.\n"
    ) % {
        "code": customisation.code,
        "title": customisation.title,
        "n": version.number,
        "note": version.change_note,
        "ref": f", {version.legal_reference}" if version.legal_reference else "",
        "date": formats.date_format(version.live_by, "DATE_FORMAT"),
        "policy": policy,
    }
    addresses = [
        user.email
        for user in officers_with(customisation.municipality_id, OFFICER_PERMISSION)
        if user.email
    ]
    if addresses:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        except Exception:  # the dashboard still shows the deadline; a lost mail is logged
            logger.exception("Deadline reminder for form %s not sent", customisation.pk)
    FormEvent.objects.create(
        municipality_id=customisation.municipality_id,
        customisation=customisation,
        template_version=version,
        kind=FormEventKind.REMINDED,
        detail=[days],
    )


def withdrawn_notice(version):
    return _(
        "This form is temporarily unavailable: it is being updated to a change in the law "
        "(%(reference)s). Please contact the office, or try again later."
    ) % {"reference": version.legal_reference or version.change_note}


def enforce_deadlines(today=None):
    """Apply each passed deadline's policy to the forms still behind. Returns the count."""
    today = today or timezone.localdate()
    applied = 0
    versions = (
        TemplateVersion.objects.filter(live_by__lt=today)
        .filter(template__current_version__number__lte=F("number"))
        .select_related("template")
    )
    for version in versions:
        if not version.in_force():
            continue
        for customisation in behind(version).filter(status=FormStatus.PUBLISHED):
            _enforce(customisation, version)
            applied += 1
    return applied


@transaction.atomic
def _enforce(customisation, version):
    customisation = (
        FormCustomisation.objects.unscoped().select_for_update().get(pk=customisation.pk)
    )
    if version.deadline_policy == DeadlinePolicy.WITHDRAW:
        customisation.withdrawn_notice = withdrawn_notice(version)
        customisation.save(update_fields=["withdrawn_notice", "updated_at"])
        withdraw(customisation)
        FormEvent.objects.create(
            municipality_id=customisation.municipality_id,
            customisation=customisation,
            template_version=version,
            kind=FormEventKind.DEADLINE_WITHDRAWN,
        )
    else:
        switch(customisation, version, force=True, kind=FormEventKind.DEADLINE_SWITCHED)
