"""Payments and refunds (payments.read), as the payment service recorded them."""

import datetime
import uuid

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from services.payments.models import Payment, Refund

from .. import problems
from ..audit import note_object
from ..auth import require_scope
from ..pagination import PageParams, page
from ..scopes import Scope

router = Router()


class RefundOut(Schema):
    id: int
    amount: int
    reason: str
    status: str
    created_at: datetime.datetime


class PaymentOut(Schema):
    id: int
    uuid: uuid.UUID
    purpose: str
    reference: str
    description: str
    amount: int
    status: str
    refunded_amount: int
    created_at: datetime.datetime
    paid_at: datetime.datetime | None


class PaymentDetail(PaymentOut):
    refunds: list[RefundOut]


class PaymentPage(Schema):
    items: list[PaymentOut]
    next_cursor: str | None


def _out(payment, cls=PaymentOut, **extra):
    return cls(
        id=payment.pk,
        uuid=payment.uuid,
        purpose=payment.purpose,
        reference=payment.reference,
        description=payment.description,
        amount=payment.amount,
        status=payment.status,
        refunded_amount=payment.refunded_amount,
        created_at=payment.created_at,
        paid_at=payment.paid_at,
        **extra,
    )


@router.get("{ksh_code}/payments", response=PaymentPage, summary="Payments")
def payments(request, ksh_code: str, filters: Query[PageParams]):
    municipality, _actor = require_scope(request, ksh_code, Scope.PAYMENTS_READ)
    found = Payment.objects.for_municipality(municipality)
    items, following = page(found, filters, f"payments.{municipality.pk}")
    return {"items": [_out(p) for p in items], "next_cursor": following}


@router.get("{ksh_code}/payments/{int:payment_id}", response=PaymentDetail, summary="A payment")
def payment(request, ksh_code: str, payment_id: int):
    municipality, _actor = require_scope(request, ksh_code, Scope.PAYMENTS_READ)
    found = Payment.objects.for_municipality(municipality).filter(pk=payment_id).first()
    if found is None:
        raise problems.not_found(_("This municipality has no such payment."))
    note_object(request, "payment", found.pk)
    refunds = Refund.objects.for_municipality(municipality).filter(payment=found).order_by("pk")
    return _out(
        found,
        PaymentDetail,
        refunds=[
            RefundOut(
                id=r.pk, amount=r.amount, reason=r.reason, status=r.status, created_at=r.created_at
            )
            for r in refunds
        ],
    )
