"""How a procedure ends: a grant that registers the shop's licence or the site, a refusal,
and for an industrial notification the zoning check on receipt with its registration or
its prohibition drafted for the officer. Every decision is the registry's
``casework.decide`` (its deadline, audit trail and delivery), and the register changes in
the same transaction: a refused register change rolls the decision back."""

import functools

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from services.documents import services as registry
from services.documents.constants import CaseStatus

from ..constants import NotificationKind, TraderKind, TradingForm
from ..models import ProcedureKind, ProcedureOutcome, Shop, Trader, TraderVersion
from . import catalogue, zoning
from .errors import CommerceError
from .industry import grant_licence, register_site
from .notifications import notify_trading
from .procedures import address_of, blockers
from .registers import _notification, _trader_values


def in_office_language(function):
    """What these write is kept and sent (a decision, the officer's note): in the office's
    language, whichever language the request that triggered it spoke."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


def _trader_data(answers):
    seat = address_of(answers.get("kerelmezo_szekhelye"))
    return {
        "kind": answers.get("kerelmezo_formaja") or TraderKind.COMPANY,
        "name": answers.get("kerelmezo_neve") or "",
        "registration_number": answers.get("cegjegyzekszam") or "",
        "tax_number": answers.get("kerelmezo_adoszama") or "",
        "statistical_number": answers.get("statisztikai_szamjel") or "",
        **seat,
    }


def _known_trader(municipality, data):
    """The trader already in the register under this tax number, if any."""
    _kind, values = _trader_values(data)
    if not values["tax_number"]:
        return None
    version = (
        TraderVersion.objects.for_municipality(municipality)
        .filter(valid_to__isnull=True, tax_number=values["tax_number"])
        .select_related("trader")
        .first()
    )
    return version.trader if version else None


def _operator(municipality, answers, *, actor, received_on):
    """The site's operator: the trader under the same tax number, or a new entry whose
    first version names the industrial notification that brought it."""
    data = _trader_data(answers)
    found = _known_trader(municipality, data)
    if found is not None:
        return found
    kind, values = _trader_values(data)
    notification = _notification(
        municipality,
        NotificationKind.INDUSTRIAL,
        actor=actor,
        received_on=received_on,
        effective_on=received_on,
    )
    trader = Trader.objects.create(municipality=municipality, kind=kind)
    TraderVersion.objects.create(
        municipality=municipality,
        trader=trader,
        notification=notification,
        valid_from=received_on,
        **values,
    )
    return trader


def _office(translate, message):
    with translation.override(settings.LANGUAGE_CODE):
        return translate(message)


def _ready(case, actor):
    """The registry decides an assigned case: one nobody took yet is the decider's."""
    if case.status == CaseStatus.RECEIVED and actor.user is not None:
        registry.assign(case, actor.user, user=actor.user, actor=actor)
        case.refresh_from_db()
    registry.require_decidable(case)


def _site_data(procedure):
    answers = procedure.answers
    return {
        "name": answers.get("telep_elnevezese") or "",
        "parcel_number": answers.get("telep_helyrajzi_szama") or "",
        **address_of(answers.get("telep_cime")),
    }


@in_office_language
def _grant_wording(procedure, text):
    if procedure.kind == ProcedureKind.OPERATING_LICENCE:
        subject = _("Decision granting the operating licence")
        body = text or _("The notary grants the operating licence of the shop at %(address)s.") % {
            "address": procedure.address
        }
    else:
        subject = _("Decision granting the site licence")
        body = text or _("The notary grants the site licence at %(address)s.") % {
            "address": procedure.address
        }
    return subject, body


@transaction.atomic
def grant(procedure, *, actor, text=""):
    """Grant the licence: the registry's decision, then the register — the shop with its
    operating licence (numbered as the decision), or the site in the licensed regime."""
    if procedure.kind == ProcedureKind.INDUSTRIAL_NOTIFICATION:
        raise CommerceError(_("A notification is registered or prohibited, not granted."))
    if procedure.decided_at is not None:
        raise CommerceError(_("This procedure is already decided."))
    found = blockers(procedure, granting=True)
    if found:
        raise CommerceError(" ".join(found))
    case = procedure.case
    _ready(case, actor)
    today = timezone.localdate()
    subject, body = _grant_wording(procedure, text)
    document = registry.decide(case, subject=subject, text=body, user=actor.user, actor=actor)
    if procedure.kind == ProcedureKind.OPERATING_LICENCE:
        procedure.licence = _register_licence(procedure, actor, today, document.registry_number)
    else:
        operator = _operator(
            procedure.municipality, procedure.answers, actor=actor, received_on=today
        )
        procedure.site = register_site(
            procedure.municipality,
            actor=actor,
            operator=operator,
            received_on=today,
            activity=procedure.activity,
            in_industrial_zone=False,
            **_site_data(procedure),
        )
    procedure.outcome = ProcedureOutcome.GRANTED
    procedure.decided_at = timezone.now()
    procedure.save()
    return document


def _register_licence(procedure, actor, today, number):
    answers = procedure.answers
    data = _trader_data(answers)
    trader = _known_trader(procedure.municipality, data) or data
    kinds = set(answers.get("kereskedelem_jellege") or ["kiskereskedelem"])
    trade = notify_trading(
        procedure.municipality,
        actor=actor,
        received_on=today,
        trader=trader,
        wholesale="nagykereskedelem" in kinds,
        retail="kiskereskedelem" in kinds or not kinds,
        reference=number,
        places=[
            {
                "trading_forms": [TradingForm.SHOP],
                "parcel_number": answers.get("uzlet_helyrajzi_szama") or "",
                **address_of(answers.get("uzlet_cime")),
                "shop": {
                    "name": answers.get("uzlet_elnevezese") or procedure.applicant,
                    "floor_area": answers.get("uzlet_alapterulete"),
                    "use_title": answers.get("hasznalati_jogcim") or "",
                    "complaints_book_number": answers.get("vasarlok_konyve") or "",
                },
            }
        ],
    )
    shop = Shop.objects.for_municipality(procedure.municipality).get(place__trade=trade)
    return grant_licence(
        shop, actor=actor, number=number, granted_on=today, products=procedure.products
    )


@transaction.atomic
def refuse(procedure, *, actor, reasons):
    """Refuse the application; the register does not change."""
    if procedure.decided_at is not None:
        raise CommerceError(_("This procedure is already decided."))
    reasons = str(reasons or "").strip()
    if not reasons:
        raise CommerceError(_("Give the reasons of the refusal."))
    found = blockers(procedure, granting=False)
    if found:
        raise CommerceError(" ".join(found))
    _ready(procedure.case, actor)
    document = registry.decide(
        procedure.case,
        subject=_office(_, "Decision refusing the application"),
        text=reasons,
        user=actor.user,
        actor=actor,
    )
    procedure.outcome = ProcedureOutcome.REFUSED
    procedure.decided_at = timezone.now()
    procedure.save()
    return document


@in_office_language
def notification_received(procedure, *, actor):
    """The zoning check of an industrial notification, at once on receipt: allowed, the
    site is registered in the notified regime (the registration is its confirmation);
    prohibited, a prohibition is drafted on the procedure for the officer to review and
    send — nothing is sent automatically."""
    answers = procedure.answers
    permit = bool(answers.get("hasznalatbaveteli_engedely"))
    allowed, reason = zoning.check(
        procedure.municipality,
        zone_code=procedure.zone,
        activity=procedure.activity,
        occupancy_permit=permit,
    )
    if not allowed:
        _draft_prohibition(procedure, reason)
        return procedure
    today = timezone.localdate(procedure.case.received_at)
    try:
        # A savepoint: a register refusal (say a malformed statistical number) leaves the
        # registration standing and the officer told, never the citizen's form lost.
        with transaction.atomic():
            operator = _operator(procedure.municipality, answers, actor=actor, received_on=today)
            procedure.site = register_site(
                procedure.municipality,
                actor=actor,
                operator=operator,
                received_on=today,
                activity=procedure.activity,
                in_industrial_zone=zoning.zone_is_industrial(procedure.municipality, procedure.zone)
                or permit,
                **_site_data(procedure),
            )
    except CommerceError as error:
        procedure.check_note = _("The zoning allows it, but the register refused: %(reason)s") % {
            "reason": error
        }
        procedure.save()
        return procedure
    procedure.outcome = ProcedureOutcome.REGISTERED
    procedure.check_note = _("Allowed by the zoning matrix; registered in the notified regime.")
    procedure.decided_at = timezone.now()
    procedure.save()
    return procedure


def _draft_prohibition(procedure, reason):
    activity = catalogue.industrial_activities().get(procedure.activity, {})
    procedure.outcome = ProcedureOutcome.PROHIBITION_DRAFTED
    procedure.check_note = reason[:500]
    procedure.draft_subject = _("Decision prohibiting the industrial activity")
    procedure.draft_text = _(
        "The notary prohibits the industrial activity %(activity)s notified for the site at "
        "%(address)s (parcel number %(parcel)s). Reason: %(reason)s"
    ) % {
        "activity": activity.get("name", procedure.activity),
        "address": procedure.address,
        "parcel": procedure.answers.get("telep_helyrajzi_szama") or "—",
        "reason": reason,
    }
    procedure.save()


@transaction.atomic
def send_prohibition(procedure, *, actor, subject="", text=""):
    """The officer sends the reviewed prohibition (edited or as drafted) as the case's
    decision."""
    if procedure.outcome != ProcedureOutcome.PROHIBITION_DRAFTED:
        raise CommerceError(_("There is no drafted prohibition to send."))
    text = str(text or "").strip() or procedure.draft_text
    subject = str(subject or "").strip() or procedure.draft_subject
    _ready(procedure.case, actor)
    document = registry.decide(
        procedure.case, subject=subject[:255], text=text, user=actor.user, actor=actor
    )
    procedure.draft_subject, procedure.draft_text = subject[:255], text
    procedure.outcome = ProcedureOutcome.PROHIBITED
    procedure.decided_at = timezone.now()
    procedure.save()
    return document
