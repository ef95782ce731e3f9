"""A taxpayer's requests about an overpayment, recorded by the tax officer: a credit to
another tax type (átvezetés más adónemre), a transfer to another authority (átutalás más
adóhatósághoz) or a refund to a bank account (kiutalás). And the record of who opened
which taxpayer's card.

A request is recorded as the taxpayer made it, even when a precondition fails (the office
must answer it); the preconditions (``data/tax/request_preconditions.json``, with its
source) are shown with it, and an approval is refused, naming the failed one, until they
hold. An approval books through the ledger (``transfer`` to another tax type, ``refund``
for money that leaves the municipality: a refund or a transfer to another authority) in
the same transaction, so an approved request is always booked; a refusal needs a reason.
Every state change is a ``RequestEvent`` row (who, when)."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.hungarian import format_money
from sites.validators import normalise_giro_account

from ..constants import TaxType
from ..models import CardAccess, OverpaymentRequest, RequestEvent, RequestKind, RequestState
from .errors import TaxError
from .ledger import available, debt, refund, transfer


@lru_cache(maxsize=4)
def _load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def request_rules():
    """The preconditions per request kind, with their ``source``."""
    path = getattr(settings, "TAX_REQUEST_PRECONDITIONS_FILE", None) or (
        settings.BASE_DIR / "data" / "tax" / "request_preconditions.json"
    )
    return _load(str(path))


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    ok: bool
    detail: str = ""


def _labels():
    return {
        "available": _("Overpayment available on the tax type"),
        "no_debt": _("No debt at this municipality"),
        "returns_filed": _("Every return and declaration is filed"),
        "no_debt_elsewhere": _("The taxpayer states no public debt at other authorities"),
    }


def check_request(request, on=None):
    """The preconditions of ``request`` as they stand on ``on`` (today), in order."""
    on = on or timezone.localdate()
    taxpayer = request.taxpayer
    labels = _labels()
    checks = []
    for code in request_rules()["preconditions"].get(request.kind, []):
        if code == "available":
            kept = available(taxpayer, request.from_tax_type, on)
            checks.append(
                Check(
                    code,
                    labels[code],
                    kept >= request.amount,
                    _("%(kept)s is available, %(asked)s is asked.")
                    % {"kept": format_money(kept), "asked": format_money(request.amount)},
                )
            )
        elif code == "no_debt":
            owed = debt(taxpayer, on)
            checks.append(
                Check(
                    code,
                    labels[code],
                    owed == 0,
                    _("Debt due today: %(debt)s.") % {"debt": format_money(owed)} if owed else "",
                )
            )
        elif code == "returns_filed":
            checks.append(Check(code, labels[code], request.returns_filed))
        elif code == "no_debt_elsewhere":
            checks.append(Check(code, labels[code], request.no_debt_elsewhere))
    return checks


def normalise_bank_account(value):
    """A GIRO number or a Hungarian IBAN as ``12345678-12345678[-12345678]``; a foreign
    IBAN checked and grouped by four. ValidationError with the Hungarian message."""
    text = "".join(str(value or "").split()).upper()
    if text[:2].isalpha() and text[:2] != "HU":
        from services.forms import services as forms

        return forms.normalise_iban(text)
    return normalise_giro_account(value)


def _event(request, state, actor, note=""):
    user = (actor or Actor.system()).user
    return RequestEvent.objects.create(
        municipality_id=request.municipality_id,
        request=request,
        state=state,
        by=user,
        by_name=(user.get_full_name() or user.get_username()) if user else "",
        note=note,
    )


def _set_state(request, state, **fields):
    OverpaymentRequest.objects.filter(municipality=request.municipality_id, pk=request.pk).update(
        state=state, **fields
    )
    request.state = state
    for name, value in fields.items():
        setattr(request, name, value)


@transaction.atomic
def record_request(
    taxpayer,
    *,
    kind,
    from_tax_type,
    amount,
    received_on,
    to_tax_type="",
    authority="",
    bank_account="",
    account_holder="",
    returns_filed=False,
    no_debt_elsewhere=False,
    actor=None,
):
    """Record a taxpayer's request as made. TaxError (Hungarian) for what cannot be a
    request at all: a wrong target, no account, a bad account number."""
    if kind not in RequestKind.values:
        raise TaxError(_("Unknown kind of request."))
    if from_tax_type not in TaxType.values:
        raise TaxError(_("Unknown tax type: %s") % from_tax_type)
    if int(amount) <= 0:
        raise TaxError(_("The amount is a positive number of forints."))
    if kind == RequestKind.CREDIT:
        if to_tax_type not in TaxType.values or to_tax_type == from_tax_type:
            raise TaxError(_("A credit goes to another tax type: choose it."))
        authority = bank_account = account_holder = ""
    else:
        to_tax_type = ""
        if kind == RequestKind.TRANSFER and not authority.strip():
            raise TaxError(_("Name the authority the overpayment is transferred to."))
        if not str(bank_account).strip():
            raise TaxError(_("Give the bank account the money is paid to."))
        try:
            bank_account = normalise_bank_account(bank_account)
        except ValidationError as error:
            raise TaxError(" ".join(error.messages)) from None
    request = OverpaymentRequest.objects.create(
        municipality_id=taxpayer.municipality_id,
        taxpayer=taxpayer,
        kind=kind,
        from_tax_type=from_tax_type,
        amount=int(amount),
        to_tax_type=to_tax_type,
        authority=authority.strip()[:200],
        bank_account=bank_account,
        account_holder=account_holder.strip()[:200],
        received_on=received_on,
        returns_filed=returns_filed,
        no_debt_elsewhere=no_debt_elsewhere,
        recorded_by=(actor or Actor.system()).user,
    )
    _event(request, RequestState.RECORDED, actor)
    return request


def _locked(request):
    return OverpaymentRequest.objects.select_for_update().get(
        municipality=request.municipality_id, pk=request.pk
    )


def _require_open(request):
    if request.state != RequestState.RECORDED:
        raise TaxError(
            _("The request is already %(state)s.") % {"state": request.get_state_display().lower()}
        )


@transaction.atomic
def approve_request(request, *, on=None, actor=None):
    """Approve and book the request on ``on`` (today). TaxError naming the first failed
    precondition; nothing is changed then."""
    on = on or timezone.localdate()
    request = _locked(request)
    _require_open(request)
    failed = [check for check in check_request(request, on) if not check.ok]
    if failed:
        # Every condition that fails, by name, so the officer knows all that is missing.
        raise TaxError(
            _("The request cannot be approved: %(condition)s — not met. %(detail)s")
            % {
                "condition": "; ".join(check.label for check in failed),
                "detail": " ".join(check.detail for check in failed if check.detail),
            }
        )
    _event(request, RequestState.APPROVED, actor)
    reference = request.reference
    if request.kind == RequestKind.CREDIT:
        entry = transfer(
            request.taxpayer,
            from_tax_type=request.from_tax_type,
            to_tax_type=request.to_tax_type,
            amount=request.amount,
            on=on,
            returns_filed=request.returns_filed,
            reference=reference,
            actor=actor,
        )
    else:
        # Money that leaves the municipality (to the taxpayer or another authority) is a
        # refund on the ledger; the account and the authority stay on the request.
        entry = refund(
            request.taxpayer,
            tax_type=request.from_tax_type,
            amount=request.amount,
            on=on,
            returns_filed=request.returns_filed,
            reference=f"{reference} {request.bank_account}"[:120],
            actor=actor,
        )
    _set_state(request, RequestState.BOOKED, ledger_entry=entry)
    _event(
        request,
        RequestState.BOOKED,
        actor,
        note=_("Booked on %(day)s.") % {"day": on.strftime("%Y.%m.%d.")},
    )
    return request


@transaction.atomic
def refuse_request(request, *, reason, actor=None):
    reason = (reason or "").strip()
    if not reason:
        raise TaxError(_("Give the reason of the refusal."))
    request = _locked(request)
    _require_open(request)
    _set_state(request, RequestState.REFUSED, refusal_reason=reason[:2000])
    _event(request, RequestState.REFUSED, actor, note=reason[:2000])
    return request


def request_history(request):
    return (
        RequestEvent.objects.for_municipality(request.municipality_id)
        .filter(request=request)
        .order_by("at", "pk")
    )


def requests_of(municipality, *, taxpayer=None, state=""):
    found = OverpaymentRequest.objects.for_municipality(municipality).select_related("taxpayer")
    if taxpayer is not None:
        found = found.filter(taxpayer=taxpayer)
    if state in RequestState.values:
        found = found.filter(state=state)
    return found.order_by("-recorded_at", "-pk")


# -- tax secrecy: who opened whose card


def record_card_access(taxpayer, actor):
    """Note that ``actor`` opened the taxpayer's card (now)."""
    user = actor.user
    return CardAccess.objects.create(
        municipality_id=taxpayer.municipality_id,
        taxpayer=taxpayer,
        user_id_kept=getattr(user, "pk", None),
        user_name=(user.get_full_name() or user.get_username()) if user else "",
        ip_address=actor.ip_address or None,
    )


def card_accesses(municipality, *, since=None, until=None, who=""):
    found = CardAccess.objects.for_municipality(municipality).select_related("taxpayer")
    if since:
        found = found.filter(at__date__gte=since)
    if until:
        found = found.filter(at__date__lte=until)
    if who:
        found = found.filter(user_name__icontains=who)
    return found.order_by("-at", "-pk")
