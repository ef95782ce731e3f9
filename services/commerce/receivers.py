"""The trade register's side of the one submission process: the central library's IPAR
forms, checked before they are submitted (``forms.answer_checks``) and recorded in the
register when the registry has taken them (``forms.submission_receivers``), in the
registering transaction. ``CommerceConfig.ready()`` imports this module.

A notification is registered on receipt: the register is written at once, the
notification names the registry number, and for a new registration the certificate of
registration goes to the submitter's mailbox. What the check let through cannot be
refused here except by a race (two notifications at once); then the register's
Hungarian message rolls the registration back and the citizen sees it, draft kept."""

from django.utils import timezone

from services.documents.models import Case
from services.forms import services as forms
from sites.actor import Actor, Channel

from . import answers as read
from .services import (
    change_opening_hours,
    change_place,
    change_shop,
    change_trader,
    close_place,
    close_trade,
    notify_trading,
    register_accommodation,
)
from .services.certificate import issue_certificate
from .services.errors import CommerceError
from .services.lookup import find_place, shop_at, trader_by_tax_number

forms.answer_checks.register("IPAR-001", read.check_trading)
forms.answer_checks.register("IPAR-002", read.check_change)
forms.answer_checks.register("IPAR-003", read.check_opening_hours)
forms.answer_checks.register("IPAR-008", read.check_accommodation)


class RegisterRefused(forms.FormsError):
    """The register refused what the checks let through: a FormsError, which every
    channel shows to the citizen with the draft kept (the transaction rolls back)."""


def _context(submission):
    received_on = timezone.localdate(submission.submitted_at or timezone.now())
    actor = Actor.system(Channel.PORTAL, municipality=submission.municipality)
    return submission.municipality, submission.data, received_on, actor


def _case_of(submission):
    return (
        Case.objects.for_municipality(submission.municipality_id)
        .filter(submission_id=submission.pk)
        .first()
    )


def _refusing(receiver):
    def wrapped(submission, registry_number):
        try:
            return receiver(submission, str(registry_number))
        except CommerceError as error:
            raise RegisterRefused(str(error)) from error

    wrapped.__name__ = receiver.__name__
    wrapped.__doc__ = receiver.__doc__
    return wrapped


@forms.submission_receivers.register("IPAR-001")
@_refusing
def trading_notified(submission, registry_number):
    """A notification of trading: a new registration with its place (and shop), and the
    certificate of registration."""
    municipality, answers, received_on, actor = _context(submission)
    trader = read.trader_of(answers)
    known = trader_by_tax_number(municipality, trader["tax_number"])
    kinds = set(answers.get("kereskedelem_jellege") or ["retail"])
    trade = notify_trading(
        municipality,
        actor=actor,
        received_on=received_on,
        trader=known or trader,
        places=[read.place_of(answers)],
        retail="retail" in kinds,
        wholesale="wholesale" in kinds,
        starts_on=read.day(answers.get("megkezdes_datuma")) or received_on,
        reference=registry_number,
    )
    case = _case_of(submission)
    if case is not None:
        issue_certificate(case, trade, registry_number=registry_number, actor=actor)
    return trade


@forms.submission_receivers.register("IPAR-002")
@_refusing
def trading_changed(submission, registry_number):
    """A change of data, the closure of one place, or the end of the registration."""
    municipality, answers, received_on, actor = _context(submission)
    trade = read.trade_of(answers, municipality)
    what = answers.get("bejelentes_tipusa")
    common = {"actor": actor, "received_on": received_on, "reference": registry_number}
    if what == "megszunes":
        return close_trade(trade, closed_on=read.day(answers["megszunes_datuma"]), **common)
    place = (
        find_place(trade, answers.get("erintett_hely", "")) if read.needs_place(answers) else None
    )
    if what == "megszunes_hely":
        return close_place(place, closed_on=read.day(answers["megszunes_datuma"]), **common)
    effective_on = read.day(answers.get("valtozas_datuma")) or received_on
    trader_changes = {}
    if answers.get("uj_kereskedo_neve"):
        trader_changes["name"] = answers["uj_kereskedo_neve"]
    if answers.get("uj_szekhely"):
        trader_changes.update(read.address(answers["uj_szekhely"]))
    if trader_changes:
        change_trader(trade.trader, effective_on=effective_on, **common, **trader_changes)
    shop_changes = {
        field: answers[key]
        for key, field in (
            ("uj_uzlet_elnevezese", "name"),
            ("uj_alapterulet", "floor_area"),
            ("uj_vasarlok_konyve", "complaints_book_number"),
            ("uj_hasznalati_jogcim", "use_title"),
        )
        if read.filled(answers.get(key))
    }
    if shop_changes:
        shop = shop_at(place)
        if shop is None:
            raise CommerceError(_no_shop())
        change_shop(shop, effective_on=effective_on, **common, **shop_changes)
    if answers.get("uj_termekkorok"):
        change_place(
            place,
            effective_on=effective_on,
            product_groups=list(answers["uj_termekkorok"]),
            **common,
        )
    return trade


def _no_shop():
    from django.utils.translation import gettext as _

    return _("This place has no shop: only a shop's name, floor area and title change.")


@forms.submission_receivers.register("IPAR-003")
@_refusing
def opening_hours_changed(submission, registry_number):
    """A change of a shop's opening hours, for good or for a time."""
    municipality, answers, received_on, actor = _context(submission)
    trade = read.trade_of(answers, municipality)
    place = find_place(trade, answers.get("erintett_hely", ""))
    shop = shop_at(place)
    if shop is None:
        raise CommerceError(_no_shop())
    new_hours, errors = read.opening_hours(answers, "uj_nyitva")
    if errors:
        raise CommerceError(next(iter(errors.values())))
    return change_opening_hours(
        shop,
        actor=actor,
        received_on=received_on,
        starts_on=read.day(answers["valtozas_kezdete"]),
        ends_on=read.day(answers.get("valtozas_vege")),
        opening_hours=new_hours,
        reference=registry_number,
        note=answers.get("megjegyzes", "") or "",
    )


@forms.submission_receivers.register("IPAR-008")
@_refusing
def accommodation_notified(submission, registry_number):
    """An accommodation, of a trader already in the register or a new one."""
    municipality, answers, received_on, actor = _context(submission)
    operator = read.operator_of(answers)
    return register_accommodation(
        municipality,
        actor=actor,
        operator=trader_by_tax_number(municipality, operator["tax_number"]) or operator,
        received_on=received_on,
        reference=registry_number,
        **read.accommodation_of(answers),
    )
