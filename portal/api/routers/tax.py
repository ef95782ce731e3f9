"""Local tax: taxpayers, their balances and charges (tax.read); a payment at the
municipality's own cash desk (tax.payments.write). Everything through services.tax."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status

from services.tax import services as tax
from services.tax.constants import EntryKind, TaxType
from services.tax.models import LedgerEntry, Taxpayer

from .. import problems
from ..audit import note_object
from ..auth import require_scope
from ..pagination import PageParams, page
from ..scopes import Scope

router = Router()


class TaxpayerOut(Schema):
    id: int
    kind: str
    identifier: str
    name: str
    postal_code: str
    settlement: str
    address_line: str


class TaxpayerPage(Schema):
    items: list[TaxpayerOut]
    next_cursor: str | None


class TaxpayerFilter(PageParams):
    q: str = Field("", max_length=100, description="name, identifier, parcel number or address")


class BalanceLine(Schema):
    tax_type: str
    label: str
    balance: int = Field(description="Ft; positive: owed, negative: paid over")
    collection_account: str


class BalanceOut(Schema):
    taxpayer_id: int
    on: datetime.date
    total: int
    lines: list[BalanceLine]


class ChargeOut(Schema):
    id: int
    tax_type: str
    amount: int
    open_amount: int
    due_on: datetime.date | None
    period_year: int | None
    instalment: int | None
    booked_on: datetime.date


class CashPaymentIn(Schema):
    tax_type: TaxType
    amount: int = Field(gt=0, le=10_000_000_000, description="whole forints")
    paid_on: datetime.date | None = Field(None, description="value date; today if empty")
    reference: str = Field("", max_length=120)


class CashPaymentOut(Schema):
    id: int
    taxpayer_id: int
    tax_type: str
    amount: int
    paid_on: datetime.date
    reference: str
    balance: int


def _taxpayer(municipality, taxpayer_id, request):
    found = Taxpayer.objects.for_municipality(municipality).filter(pk=taxpayer_id).first()
    if found is None:
        raise problems.not_found(_("This municipality has no such taxpayer."))
    note_object(request, "taxpayer", found.pk)
    return found


def _out(taxpayer, details):
    return TaxpayerOut(
        id=taxpayer.pk,
        kind=taxpayer.kind,
        identifier=taxpayer.identifier,
        name=details.name if details else "",
        postal_code=details.postal_code if details else "",
        settlement=details.settlement if details else "",
        address_line=details.address_line if details else "",
    )


@router.get("{ksh_code}/tax/taxpayers", response=TaxpayerPage, summary="Taxpayers")
def taxpayers(request, ksh_code: str, filters: Query[TaxpayerFilter]):
    municipality, _actor = require_scope(request, ksh_code, Scope.TAX_READ)
    found = tax.search_taxpayers(municipality, filters.q)
    items, following = page(found, filters, f"tax.taxpayers.{municipality.pk}")
    details = tax.current_details(municipality, items)
    return {
        "items": [_out(t, details.get(t.pk)) for t in items],
        "next_cursor": following,
    }


@router.get(
    "{ksh_code}/tax/taxpayers/{int:taxpayer_id}", response=TaxpayerOut, summary="A taxpayer"
)
def taxpayer(request, ksh_code: str, taxpayer_id: int):
    municipality, _actor = require_scope(request, ksh_code, Scope.TAX_READ)
    found = _taxpayer(municipality, taxpayer_id, request)
    return _out(found, tax.current_details(municipality, [found]).get(found.pk))


@router.get(
    "{ksh_code}/tax/taxpayers/{int:taxpayer_id}/balance",
    response=BalanceOut,
    summary="Balances per tax type",
)
def balance(request, ksh_code: str, taxpayer_id: int):
    municipality, _actor = require_scope(request, ksh_code, Scope.TAX_READ)
    found = _taxpayer(municipality, taxpayer_id, request)
    today = datetime.date.today()
    per_type = tax.balances(found, on=today)
    accounts = tax.collection_accounts(municipality)
    lines = [
        BalanceLine(
            tax_type=tax_type,
            label=str(TaxType(tax_type).label) if tax_type in TaxType.values else tax_type,
            balance=amount,
            collection_account=getattr(accounts.get(tax_type), "giro", ""),
        )
        for tax_type, amount in per_type.items()
    ]
    return BalanceOut(taxpayer_id=found.pk, on=today, total=sum(per_type.values()), lines=lines)


@router.get(
    "{ksh_code}/tax/taxpayers/{int:taxpayer_id}/charges",
    response=list[ChargeOut],
    summary="Open charges",
)
def charges(request, ksh_code: str, taxpayer_id: int):
    municipality, _actor = require_scope(request, ksh_code, Scope.TAX_READ)
    found = _taxpayer(municipality, taxpayer_id, request)
    state = tax.account_state(found)
    return [
        ChargeOut(
            id=charge.pk,
            tax_type=charge.tax_type,
            amount=charge.amount,
            open_amount=state.open_amount(charge),
            due_on=charge.due_on,
            period_year=charge.period_year,
            instalment=charge.instalment,
            booked_on=charge.booked_on,
        )
        for charge in state.open_charges()
    ]


@router.post(
    "{ksh_code}/tax/taxpayers/{int:taxpayer_id}/payments",
    response={200: CashPaymentOut, 201: CashPaymentOut},
    summary="Book a payment at the municipality's cash desk",
    description="Idempotent: the same Idempotency-Key books once and answers the same payment.",
)
def book_payment(
    request,
    ksh_code: str,
    taxpayer_id: int,
    payment: CashPaymentIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=8, max_length=80),
):
    municipality, actor = require_scope(request, ksh_code, Scope.TAX_PAYMENTS_WRITE)
    found = _taxpayer(municipality, taxpayer_id, request)
    paid_on = payment.paid_on or datetime.date.today()
    if paid_on > datetime.date.today():
        raise problems.bad_request(_("A payment cannot be dated in the future."), "future-date")
    # The key is the client's, kept per application: two applications never collide and
    # one cannot replay another's payment.
    client = request.api_principal.client
    key = f"api:{client.pk}:{idempotency_key.strip()}"
    entry = LedgerEntry.objects.for_municipality(municipality).filter(idempotency_key=key).first()
    created = entry is None
    if created:
        try:
            entry = tax.book_payment(
                found,
                payment.tax_type,
                payment.amount,
                paid_on=paid_on,
                reference=payment.reference or f"API {client.name}"[:120],
                idempotency_key=key,
                actor=actor,
            )
        except tax.TaxError as error:
            raise problems.bad_request(str(error), "tax-refused") from None
    same = (
        entry.taxpayer_id == found.pk
        and entry.kind == EntryKind.PAYMENT
        and entry.amount == payment.amount
        and entry.tax_type == payment.tax_type
    )
    if not same:
        raise problems.conflict(
            _("This Idempotency-Key was already used for another payment."), "idempotency-reused"
        )
    out = CashPaymentOut(
        id=entry.pk,
        taxpayer_id=found.pk,
        tax_type=entry.tax_type,
        amount=entry.amount,
        paid_on=entry.booked_on,
        reference=entry.reference,
        balance=tax.balance(found),
    )
    return Status(201 if created else 200, out)
